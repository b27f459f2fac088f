/* SPDX-License-Identifier: MIT */
/* Tracer state shared by the files of src/core that run the loop. */
#ifndef INJTRACE_CORE_TRACER_INT_H
#define INJTRACE_CORE_TRACER_INT_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/cli.h"
#include "core/output.h"
#include "core/map_view.h"
#include "core/summary.h"
#include "core/task.h"

struct tracer {
	const struct options *opts;
	struct task_table tasks;
	struct output out;
	bool seccomp;		/* started tracee: bpf() stops via seccomp */
	/* the started PROG inherited seccomp filters from injtrace */
	bool inherited_filters;
	pid_t child;		/* the started PROG, or 0 with -p */
	int child_status;	/* its wait status, once it has exited */
	int interrupted_by;	/* the signal that ended our tracing, or 0 */
	bool child_exited;
	unsigned int printed_tasks;	/* tasks whose calls are printed */
	struct task *exiting;	/* tasks to reap as soon as they can be */
	/* detaching from several tasks: "[pid N]" until the last line */
	bool keep_prefix;
	struct map_view view;	/* the map side, passed down (map_view.h) */
	struct summary summary;	/* -c, -C */
	unsigned long stops;	/* ptrace stops seen, for INJTRACE_STATS */
};

/* A bpf() entry (seccomp or syscall-entry stop): decode what is input. */
void bpf_stop_entry(struct tracer *tr, struct task *task,
		    const uint64_t args[6]);
/* Its exit stop: decode outputs and write the line. */
void bpf_stop_exit(struct tracer *tr, struct task *task, int64_t ret);
/* The call in flight will never return (end says why): "= ?". */
void bpf_stop_abandon(struct tracer *tr, struct task *task);

/* strace's "---" and "+++" lines (lifecycle.c), or JSON events. */
void lifecycle_signal(struct tracer *tr, struct task *task, int sig);
void lifecycle_stopped(struct tracer *tr, struct task *task, int sig);
/* The task is gone with wait status status. */
void lifecycle_ended(struct tracer *tr, struct task *task, int status);
/* task (the leader's tid) now is the thread that exec'd as former_tid. */
void lifecycle_superseded(struct tracer *tr, struct task *task,
			  pid_t former_tid);

#endif
