/* SPDX-License-Identifier: MIT */
/* Reading a tracee without stopping it: memory, fd kinds. */
#ifndef INJTRACE_CORE_PROC_H
#define INJTRACE_CORE_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "decode/bpf_decode.h"

/* Copies exactly len bytes at addr of tid: 0 or -errno (EFAULT, ESRCH). */
int proc_read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
	__attribute__((warn_unused_result));
/* One span of tracee memory for proc_read_spans(). */
struct proc_span {
	uint64_t addr;
	void *buf;
	size_t len;
};

/*
 * Reads the spans in one process_vm_readv: the number of leading spans
 * copied whole (the first one at least), or -errno when the first could
 * not be.  A span after one the kernel could not read is not read.
 */
int proc_read_spans(pid_t tid, const struct proc_span *spans, unsigned int n)
	__attribute__((warn_unused_result));
/* What the tracee's fd refers to, from /proc/TID/fd/FD. */
enum bpf_fd_kind proc_fd_kind(pid_t tid, int fd);
/*
 * Calls visit(dir_fd, fd, arg) for each fd of tid whose /proc/TID/fd link
 * reads link (e.g. "anon_inode:bpf-map"), in directory order, until visit
 * returns non-zero: returns that, 0 when every such fd was visited, or
 * -errno.  dir_fd is /proc/TID/fd's (openat(dir_fd, "../fdinfo/N")).
 */
int proc_each_fd(pid_t tid, const char *link,
		 int (*visit)(int dir_fd, int fd, void *arg), void *arg);
/* Seccomp mode of /proc/TID/status: 0 none, 2 filters; -1 unknown. */
int proc_seccomp(pid_t tid);
/* The State letter of /proc/TID/status (R, S, T, Z...), 0 if unknown. */
char proc_state(pid_t tid);
/* Whether sig is pending for tid or its process (/proc/TID/status). */
bool proc_signal_pending(pid_t tid, int sig);
/* Tgid of tid from /proc/TID/status, or -errno. */
pid_t proc_tgid(pid_t tid);
/*
 * Its tgid and the number of seccomp filters it runs under (-1 where the
 * kernel does not say), from one read of /proc/TID/status: 0 or -errno.
 */
int proc_status(pid_t tid, pid_t *tgid, int *filters);

#endif
