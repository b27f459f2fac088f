/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the golden programs: each makes real bpf() calls with
 * hand-built attrs and prints, on stdout, exactly the line injtrace must
 * print for each (strace syntax).  run_golden.sh diffs the two.
 * A program exits 77 (skip) when bpf() is not available to it.
 */
#ifndef INJTRACE_TESTS_GOLDEN_H
#define INJTRACE_TESTS_GOLDEN_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* strerrorname_np(); include this file first */
#endif
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "strace_syntax.h"

static char golden_ret_buf[128];

/* bpf() as the kernel sees it; also formats " = RET" for the line. */
static inline long sys_bpf(unsigned long cmd, const void *attr,
			   unsigned long size)
{
	long rc = syscall(__NR_bpf, cmd, attr, size);

	strace_ret_format(golden_ret_buf, sizeof(golden_ret_buf), rc, errno);
	return rc;
}

/* " = 3" or " = -1 ENOENT (No such file or directory)" of the last call */
#define RET golden_ret_buf

#define u64p(p) ((uint64_t)(uintptr_t)(p))

/*
 * Skips the test when this process cannot use bpf() at all.  The probe
 * is traced too, so it prints its line.  Id 0 never exists: ENOENT
 * whatever other programs are loaded (a GET_NEXT_ID probe would get
 * EFAULT when some exist, as it writes next_id to NULL).
 */
static inline void golden_require_bpf(void)
{
	long rc = sys_bpf(13 /* BPF_PROG_GET_FD_BY_ID */, NULL, 0);

	if (rc < 0 && (errno == EPERM || errno == ENOSYS)) {
		fprintf(stderr, "bpf() not permitted here: skipped\n");
		exit(77);
	}
	printf("bpf(BPF_PROG_GET_FD_BY_ID, NULL, 0) %s\n", RET);
}

/*
 * A fresh cgroup PREFIX-PID under the cgroup2 mount, opened, its path in
 * path; -1 (the caller skips) when there is none.
 */
static inline int golden_make_cgroup(const char *prefix, char *path,
				     size_t size)
{
	FILE *m = setmntent("/proc/self/mounts", "r");
	struct mntent *e;
	int fd = -1;

	while (m && (e = getmntent(m))) {
		if (strcmp(e->mnt_type, "cgroup2"))
			continue;
		snprintf(path, size, "%s/%s-%d", e->mnt_dir, prefix, getpid());
		if (mkdir(path, 0755) == 0)
			fd = open(path, O_RDONLY | O_DIRECTORY);
		break;
	}
	if (m)
		endmntent(m);
	return fd;
}

#endif
