// SPDX-License-Identifier: MIT
/*
 * The overhead benchmark's tracee: N BPF_MAP_LOOKUP_ELEM calls and as many
 * getppid() calls, interleaved, every result checked.  Under injtrace or
 * strace --seccomp-bpf only the bpf() calls stop; getppid() shows what an
 * untraced syscall costs in the same run.
 *
 *	workload [-n N] [-c CALLERS] [-b BUSY_THREADS]
 *
 * -c splits the N calls over that many threads, calling at once.
 * -b starts threads that spin without a syscall until the calls are done:
 * the case that starves a SCHED_IDLE tracer sharing their CPU.
 * Exit status: 0 done, 1 a call failed or returned the wrong value.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_THREADS	64

static atomic_bool done;
static int map_fd;
static pid_t parent;
static const __u64 want = 0x1234abcd;

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int map_create(void)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int map_update(int fd, __u32 key, __u64 value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (__u64)(unsigned long)&key;
	attr.value = (__u64)(unsigned long)&value;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

/* n lookups and n getppid(); NULL if all went right */
static void *calls(void *arg)
{
	unsigned long n = (unsigned long)arg;
	union bpf_attr attr;
	__u64 value;
	__u32 key = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (__u64)(unsigned long)&key;
	attr.value = (__u64)(unsigned long)&value;
	for (unsigned long i = 0; i < n; i++) {
		value = 0;
		if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) || value != want) {
			fprintf(stderr, "workload: lookup %lu failed\n", i);
			return (void *)1;
		}
		if (getppid() != parent) {
			fprintf(stderr, "workload: getppid %lu wrong\n", i);
			return (void *)1;
		}
	}
	return NULL;
}

static void *spin(void *arg)
{
	while (!atomic_load_explicit(&done, memory_order_relaxed))
		;
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long n = 20000, busy = 0, callers = 1;
	pthread_t busy_threads[MAX_THREADS], caller_threads[MAX_THREADS];
	void *failed = NULL, *res;
	int opt;

	while ((opt = getopt(argc, argv, "n:b:c:")) != -1) {
		switch (opt) {
		case 'n':
			n = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			busy = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			callers = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr,
				"usage: %s [-n N] [-c CALLERS] [-b BUSY_THREADS]\n",
				argv[0]);
			return 2;
		}
	}
	if (busy > MAX_THREADS)
		busy = MAX_THREADS;
	if (callers < 1 || callers > MAX_THREADS)
		callers = callers < 1 ? 1 : MAX_THREADS;
	parent = getppid();
	map_fd = map_create();
	if (map_fd < 0 || map_update(map_fd, 0, want)) {
		fprintf(stderr, "workload: cannot set up a map: %s\n",
			strerror(errno));
		return 1;
	}
	for (unsigned long i = 0; i < busy; i++)
		pthread_create(&busy_threads[i], NULL, spin, NULL);

	/* the main thread is the first caller; the rest get their share */
	for (unsigned long i = 1; i < callers; i++)
		pthread_create(&caller_threads[i], NULL, calls,
			       (void *)(n / callers));
	failed = calls((void *)(n - (callers - 1) * (n / callers)));
	for (unsigned long i = 1; i < callers; i++) {
		pthread_join(caller_threads[i], &res);
		if (res)
			failed = res;
	}

	atomic_store(&done, true);
	for (unsigned long i = 0; i < busy; i++)
		pthread_join(busy_threads[i], NULL);
	close(map_fd);
	return failed ? 1 : 0;
}
