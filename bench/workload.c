// SPDX-License-Identifier: MIT
/*
 * The overhead benchmark's tracee: N BPF_MAP_LOOKUP_ELEM calls and as many
 * getppid() calls, interleaved, every result checked.  Under injtrace or
 * strace --seccomp-bpf only the bpf() calls stop; getppid() shows what an
 * untraced syscall costs in the same run.
 *
 *	workload [-n N] [-b BUSY_THREADS]
 *
 * -b starts threads that spin without a syscall until the loop is done:
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

static atomic_bool done;

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

static void *spin(void *arg)
{
	while (!atomic_load_explicit(&done, memory_order_relaxed))
		;
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long n = 20000, busy = 0;
	pthread_t threads[64];
	pid_t parent = getppid();
	__u64 want = 0x1234abcd, value;
	__u32 key = 0;
	union bpf_attr attr;
	int opt, fd;

	while ((opt = getopt(argc, argv, "n:b:")) != -1) {
		switch (opt) {
		case 'n':
			n = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			busy = strtoul(optarg, NULL, 0);
			if (busy > 64)
				busy = 64;
			break;
		default:
			fprintf(stderr, "usage: %s [-n N] [-b BUSY_THREADS]\n",
				argv[0]);
			return 2;
		}
	}
	fd = map_create();
	if (fd < 0 || map_update(fd, key, want)) {
		fprintf(stderr, "workload: cannot set up a map: %s\n",
			strerror(errno));
		return 1;
	}
	for (unsigned long i = 0; i < busy; i++)
		pthread_create(&threads[i], NULL, spin, NULL);

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (__u64)(unsigned long)&key;
	attr.value = (__u64)(unsigned long)&value;
	for (unsigned long i = 0; i < n; i++) {
		value = 0;
		if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) || value != want) {
			fprintf(stderr, "workload: lookup %lu failed\n", i);
			return 1;
		}
		if (getppid() != parent) {
			fprintf(stderr, "workload: getppid %lu wrong\n", i);
			return 1;
		}
	}
	atomic_store(&done, true);
	for (unsigned long i = 0; i < busy; i++)
		pthread_join(threads[i], NULL);
	close(fd);
	return 0;
}
