// SPDX-License-Identifier: MIT
/*
 * The self-checking victim of the attach/detach soak.
 *
 *   soak_victim READY_FILE   runs until SIGUSR2: THREADS workers update
 *	and look up keys of a BTF-typed hash map, each adding what it read
 *	back to a running checksum; a timer thread reads a timerfd, a pipe
 *	thread does restartable reads (SA_RESTART) and nanosleeps; SIGUSR1
 *	is counted and every handled one acknowledged by a byte on fd 3
 *	(if open), so a sender can wait for it before sending the next (two
 *	pending SIGUSR1 are one).  Writes READY_FILE when all threads run.
 *   soak_victim --replay N1,N2,...   does exactly those iterations per
 *	worker in one thread: the checksum an untraced run computes.
 *
 * Prints "iters=N1,N2,... checksum=X usr1=K" and exits 0, or 1 when a
 * lookup read back something other than what was written, or a
 * restartable call failed with EINTR.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define THREADS 3
#define KEYS 64

static int map_fd;
static atomic_bool stop;
static atomic_ulong usr1;
static atomic_int failed;
static unsigned long iters[THREADS];
static uint64_t sums[THREADS];

static uint64_t mix(uint64_t t, uint64_t i)
{
	uint64_t x = (t + 1) * 0x9e3779b97f4a7c15ULL ^ i;

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ x >> 29;
}

static void fail(const char *what)
{
	fprintf(stderr, "soak_victim: %s: %s\n", what, strerror(errno));
	atomic_store(&failed, 1);
}

/* One iteration of worker t: what it adds to its checksum. */
static uint64_t step(int t, unsigned long i)
{
	uint32_t key = t * KEYS + i % KEYS;
	uint64_t value = mix(t, i), got = 0;

	if (bpf_map_update_elem(map_fd, &key, &value, BPF_ANY))
		fail("update");
	if (bpf_map_lookup_elem(map_fd, &key, &got))
		fail("lookup");
	if (got != value) {
		errno = 0;
		fail("lookup read back another value");
	}
	return got;
}

static void *worker(void *arg)
{
	int t = (int)(long)arg;

	while (!atomic_load(&stop)) {
		/* paced: the soak is about stops and signals, not CPU */
		struct timespec ts = { 0, 200000 }, rem;

		sums[t] += step(t, iters[t]);
		iters[t]++;
		while (nanosleep(&ts, &rem) && errno == EINTR)
			ts = rem;
	}
	return NULL;
}

static void *timer_thread(void *arg)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct itimerspec its = { { 0, 2000000 }, { 0, 2000000 } };
	uint64_t n;

	if (fd < 0 || timerfd_settime(fd, 0, &its, NULL))
		fail("timerfd");
	while (!atomic_load(&stop))
		if (read(fd, &n, sizeof(n)) != sizeof(n))
			fail("timerfd read");
	close(fd);
	return NULL;
}

/* Restartable calls: a blocking read that the SA_RESTART handler must not
 * break, and a nanosleep resumed with the time it had left. */
static void *pipe_thread(void *arg)
{
	int *p = arg;
	char c;

	while (!atomic_load(&stop)) {
		struct timespec ts = { 0, 1000000 }, rem;

		if (read(p[0], &c, 1) != 1)
			fail("restartable read");
		while (nanosleep(&ts, &rem) && errno == EINTR)
			ts = rem;
	}
	return NULL;
}

static void on_usr1(int sig)
{
	int saved = errno;

	atomic_fetch_add(&usr1, 1);
	/* the acknowledgement; EBADF without a driver */
	(void)!write(3, "u", 1);
	errno = saved;
}

static void on_usr2(int sig)
{
	atomic_store(&stop, true);
}

static int make_map(void)
{
	struct btf *btf = btf__new_empty();
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	int u32_id, u64_id, fd;

	if (!btf)
		return -1;
	u32_id = btf__add_int(btf, "__u32", 4, 0);
	u64_id = btf__add_int(btf, "__u64", 8, 0);
	if (u32_id < 0 || u64_id < 0 || btf__load_into_kernel(btf))
		return -1;
	opts.btf_fd = btf__fd(btf);
	opts.btf_key_type_id = u32_id;
	opts.btf_value_type_id = u64_id;
	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "soak", 4, 8, THREADS * KEYS,
			    &opts);
	/* the map holds its BTF: the fd can go, as in most loaders */
	btf__free(btf);
	return fd;
}

static void report(void)
{
	uint64_t sum = 0;

	printf("iters=");
	for (int t = 0; t < THREADS; t++) {
		printf("%s%lu", t ? "," : "", iters[t]);
		sum += sums[t];
	}
	printf(" checksum=%016llx usr1=%lu\n", (unsigned long long)sum,
	       atomic_load(&usr1));
}

static int replay(const char *counts)
{
	char *end;

	for (int t = 0; t < THREADS; t++) {
		unsigned long n = strtoul(counts, &end, 10);

		for (iters[t] = 0; iters[t] < n; iters[t]++)
			sums[t] += step(t, iters[t]);
		counts = end + (*end == ',');
	}
	report();
	return atomic_load(&failed);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	pthread_t th[THREADS + 2];
	int p[2];
	FILE *f;

	if (argc < 2)
		return 2;
	map_fd = make_map();
	if (map_fd < 0) {
		perror("soak_victim: map with BTF");
		return 77;
	}
	if (!strcmp(argv[1], "--replay"))
		return argc > 2 ? replay(argv[2]) : 2;

	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	if (pipe(p))
		return 1;
	for (long t = 0; t < THREADS; t++)
		pthread_create(&th[t], NULL, worker, (void *)t);
	pthread_create(&th[THREADS], NULL, timer_thread, NULL);
	pthread_create(&th[THREADS + 1], NULL, pipe_thread, p);
	f = fopen(argv[1], "w");
	if (!f)
		return 1;
	fclose(f);
	/* feed the pipe thread until told to stop */
	while (!atomic_load(&stop)) {
		struct timespec ts = { 0, 1000000 };

		(void)!write(p[1], "x", 1);
		nanosleep(&ts, NULL);
	}
	(void)!write(p[1], "x", 1);
	for (int t = 0; t < THREADS + 2; t++)
		pthread_join(th[t], NULL);
	report();
	return atomic_load(&failed);
}
