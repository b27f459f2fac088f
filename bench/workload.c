// SPDX-License-Identifier: MIT
/*
 * The benchmarks' tracee: N BPF_MAP_LOOKUP_ELEM calls and as many getppid()
 * calls, interleaved, every result checked.  Under injtrace or strace
 * --seccomp-bpf only the bpf() calls stop; getppid() shows what an untraced
 * syscall costs in the same run.
 *
 *	workload [-n N] [-c CALLERS] [-b BUSY_THREADS] [-m MAPS] [-u]
 *	         [-v VALUE_SIZE] [-T]
 *
 * The maps are arrays of one element with BTF, as a loader makes them:
 * key __u32, value struct wl_val { __u32 data[VALUE_SIZE / 4]; } (default
 * 8 bytes).  -m spreads the lookups round-robin over that many maps, all
 * of one BTF object, or each with its own with -u; every map is looked up
 * once before the timed calls begin.  -c splits the N calls over that many
 * threads, calling at once.  -b starts threads that spin without a syscall
 * until the calls are done: the case that starves a SCHED_IDLE tracer
 * sharing their CPU.  -T prints the wall time of the calls alone (from
 * the moment every caller is ready to the last one's end), setup excluded:
 *
 *	workload: N calls in NS ns
 *
 * Exit status: 0 done, 1 a call failed or returned the wrong value.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../tests/common/raw_btf.h"

#define MAX_THREADS	64
#define MAX_MAPS	100000
#define MAX_VALUE	(1 << 20)

struct caller {
	pthread_t thread;
	unsigned long first, n;	/* the calls i = first .. first + n - 1 */
	unsigned char *value;
	bool failed;
};

static atomic_bool done;
static pthread_barrier_t start;
static unsigned long long t0;	/* when every caller was ready */
static unsigned long nr_callers;
static int *map_fds;
static unsigned long nr_maps;
static unsigned int value_size = 8;
static pid_t parent;

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/*
 * [1] __u32, [2] __u32[value_size / 4], [3] struct wl_val { data }:
 * the BTF fd or -1.
 */
static int btf_load(void)
{
	static const char strs[] = "\0__u32\0wl_val\0data";
	const __u32 types[] = {
		1, BTF_KIND_INT << 24, 4, 32,		/* [1] __u32 */
		0, BTF_KIND_ARRAY << 24, 0,		/* [2] __u32[n] */
		1, 1, value_size / 4,
		7, BTF_KIND_STRUCT << 24 | 1, value_size, /* [3] wl_val */
		14, 2, 0,				/* data */
	};

	return raw_btf_load(sys_bpf, types, sizeof(types), strs, sizeof(strs));
}

static int map_create(int btf_fd, unsigned long i)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = value_size;
	attr.max_entries = 1;
	attr.btf_fd = btf_fd;
	attr.btf_key_type_id = 1;
	attr.btf_value_type_id = 3;
	snprintf(attr.map_name, sizeof(attr.map_name), "wl%u",
		 (unsigned int)(i % MAX_MAPS));
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

/* map i holds the value whose __u32s are all i + 1 */
static void expected(unsigned char *buf, unsigned long map)
{
	for (unsigned int off = 0; off < value_size; off += 4)
		*(__u32 *)(buf + off) = (__u32)map + 1;
}

static int map_update(int fd, const void *value)
{
	union bpf_attr attr;
	__u32 key = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (__u64)(unsigned long)&key;
	attr.value = (__u64)(unsigned long)value;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

/* the i-th lookup: map i % nr_maps, every byte checked */
static bool lookup(unsigned long i, unsigned char *value)
{
	unsigned long map = i % nr_maps;
	union bpf_attr attr;
	__u32 key = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fds[map];
	attr.key = (__u64)(unsigned long)&key;
	attr.value = (__u64)(unsigned long)value;
	value[0] = value[value_size - 1] = 0xff;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr))
		return false;
	for (unsigned int off = 0; off < value_size; off += 4)
		if (*(__u32 *)(value + off) != (__u32)map + 1)
			return false;
	return true;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void *calls(void *arg)
{
	struct caller *c = arg;

	if (pthread_barrier_wait(&start) == PTHREAD_BARRIER_SERIAL_THREAD)
		t0 = now_ns();
	for (unsigned long i = c->first; i < c->first + c->n; i++) {
		if (!lookup(i, c->value)) {
			fprintf(stderr, "workload: lookup %lu failed\n", i);
			c->failed = true;
			break;
		}
		if (getppid() != parent) {
			fprintf(stderr, "workload: getppid %lu wrong\n", i);
			c->failed = true;
			break;
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

/* the maps, each holding its value, each looked up once */
static int setup(bool btf_each)
{
	unsigned char *buf = malloc(value_size);
	struct rlimit rl;
	int btf_fd = -1;

	/* a map fd each: raise the soft fd limit to the hard one */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	map_fds = calloc(nr_maps, sizeof(*map_fds));
	if (!buf || !map_fds)
		return -ENOMEM;
	for (unsigned long i = 0; i < nr_maps; i++) {
		if (btf_fd < 0 && (btf_fd = btf_load()) < 0)
			return -errno;
		map_fds[i] = map_create(btf_fd, i);
		if (map_fds[i] < 0)
			return -errno;
		if (btf_each) {
			close(btf_fd);	/* the map keeps its BTF */
			btf_fd = -1;
		}
		expected(buf, i);
		if (map_update(map_fds[i], buf) || !lookup(i, buf))
			return -errno ? -errno : -EIO;
	}
	if (btf_fd >= 0)
		close(btf_fd);
	free(buf);
	return 0;
}

static int usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-n N] [-c CALLERS] [-b BUSY_THREADS] "
		"[-m MAPS] [-u] [-v VALUE_SIZE] [-T]\n", prog);
	return 2;
}

int main(int argc, char **argv)
{
	static struct caller callers[MAX_THREADS];
	unsigned long n = 20000, busy = 0, share;
	pthread_t busy_threads[MAX_THREADS];
	bool btf_each = false, timed = false, failed = false;
	int opt, err;

	nr_callers = nr_maps = 1;
	while ((opt = getopt(argc, argv, "n:b:c:m:uv:T")) != -1) {
		switch (opt) {
		case 'n':
			n = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			busy = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			nr_callers = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			nr_maps = strtoul(optarg, NULL, 0);
			break;
		case 'u':
			btf_each = true;
			break;
		case 'v':
			value_size = strtoul(optarg, NULL, 0);
			break;
		case 'T':
			timed = true;
			break;
		default:
			return usage(argv[0]);
		}
	}
	if (busy > MAX_THREADS || nr_callers < 1 || nr_callers > MAX_THREADS ||
	    nr_maps < 1 || nr_maps > MAX_MAPS || value_size < 4 ||
	    value_size % 4 || value_size > MAX_VALUE)
		return usage(argv[0]);
	parent = getppid();
	err = setup(btf_each);
	if (err) {
		fprintf(stderr, "workload: cannot set up the maps: %s\n",
			strerror(-err));
		return 1;
	}
	for (unsigned long i = 0; i < busy; i++)
		pthread_create(&busy_threads[i], NULL, spin, NULL);

	/* the main thread is the first caller, with the remainder */
	share = n / nr_callers;
	pthread_barrier_init(&start, NULL, nr_callers);
	for (unsigned long i = 0; i < nr_callers; i++) {
		callers[i].first = i ? (i - 1) * share : (nr_callers - 1) * share;
		callers[i].n = i ? share : n - (nr_callers - 1) * share;
		callers[i].value = malloc(value_size);
		if (!callers[i].value)
			return 1;
		if (i)
			pthread_create(&callers[i].thread, NULL, calls,
				       &callers[i]);
	}
	calls(&callers[0]);
	for (unsigned long i = 1; i < nr_callers; i++)
		pthread_join(callers[i].thread, NULL);
	for (unsigned long i = 0; i < nr_callers; i++)
		failed |= callers[i].failed;
	if (timed)
		printf("workload: %lu calls in %llu ns\n", n, now_ns() - t0);

	atomic_store(&done, true);
	for (unsigned long i = 0; i < busy; i++)
		pthread_join(busy_threads[i], NULL);
	return failed ? 1 : 0;
}
