// SPDX-License-Identifier: MIT
/*
 * Short bpf() lines, whose " = RET" strace pads to column 40, made by the
 * process, a thread and a forked child (for the "[pid N] " and "PID "
 * prefixes).  Every attr is one strace 6.1 knows in full.  The thread
 * only with an argument: strace without -f does not trace threads.
 */
#include <pthread.h>
#include <sys/wait.h>

#include "testlib.h"

static int map_fd;

static void freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	sys_bpf(BPF_MAP_FREEZE, &attr, 4);
}

static void *thread(void *arg)
{
	freeze(-1);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	pid_t child;

	/* 16: the attr up to max_entries, all strace prints of it */
	map_fd = test_named_array_map("", 1, 16);
	sys_bpf(BPF_PROG_GET_FD_BY_ID, NULL, 0);
	if (argc > 1) {
		if (pthread_create(&t, NULL, thread, NULL))
			return 1;
		pthread_join(t, NULL);
	}
	child = fork();
	if (child == 0) {
		freeze(map_fd);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	freeze(map_fd);
	return 0;
}
