/* SPDX-License-Identifier: MIT */
/* A task's entry in the /proc that is mounted, whatever its namespace. */
#ifndef INJTRACE_CORE_PROCNS_H
#define INJTRACE_CORE_PROCNS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * The pid under which /proc shows the task injtrace knows as pid (they
 * differ when /proc is of an ancestor PID namespace), or -errno when it
 * cannot be found there (said once on stderr).
 */
pid_t procns_pid(pid_t pid);
/* "/proc/<its pid there>/<file>" into buf: 0 or -errno. */
int procns_path(char *buf, size_t size, pid_t pid, const char *file);
/* The task left: its pid may be reused. */
void procns_forget(pid_t pid);
/* The pid injtrace knows the task by, for a pid of /proc (its NSpid). */
pid_t procns_ours(pid_t proc_pid);

#endif
