/* SPDX-License-Identifier: MIT */
/* Small helpers for the core test programs. */
#ifndef INJTRACE_TESTS_CORE_TESTLIB_H
#define INJTRACE_TESTS_CORE_TESTLIB_H

#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SKIP_EXIT 77

static inline long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

/*
 * An array map of u32 -> u32 named NAME ("" for none), created with an
 * attr of SIZE bytes (the call's size, which strace prints); exit 77 when
 * bpf() is not allowed.
 */
static inline int test_named_array_map(const char *name, unsigned int entries,
				       unsigned int size)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = entries;
	strncpy(attr.map_name, name, sizeof(attr.map_name) - 1);
	fd = sys_bpf(BPF_MAP_CREATE, &attr, size);
	if (fd < 0 && (errno == EPERM || errno == ENOSYS)) {
		fprintf(stderr, "skip: bpf(BPF_MAP_CREATE): %s\n",
			strerror(errno));
		exit(SKIP_EXIT);
	}
	if (fd < 0) {
		perror("bpf(BPF_MAP_CREATE)");
		exit(1);
	}
	return fd;
}

/* An array map of u32 -> u32, or exit 77 when bpf() is not allowed. */
static inline int test_array_map(unsigned int entries)
{
	return test_named_array_map("", entries, sizeof(union bpf_attr));
}

static inline long test_lookup(int map_fd, unsigned int key, unsigned int *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)value;
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr));
}

#endif
