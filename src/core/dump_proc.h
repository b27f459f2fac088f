/* SPDX-License-Identifier: MIT */
/* Which thread of a process a dump runs in, and the map fds it holds. */
#ifndef INJTRACE_CORE_DUMP_PROC_H
#define INJTRACE_CORE_DUMP_PROC_H

#include <sys/types.h>

/*
 * The thread of process pid to dump through: the leader, unless it has
 * exited while other threads run on (a zombie leader: its fd table is
 * gone, so /proc/PID/fd is empty, and it never stops for ptrace again);
 * then a live thread.  -ESRCH when there is none.
 */
pid_t dump_proc_thread(pid_t pid);
/* The BPF map fds of thread tid, ascending: 0 or -errno. */
int dump_proc_map_fds(pid_t tid, int **fds, unsigned int *n);

#endif
