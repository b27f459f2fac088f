/* SPDX-License-Identifier: MIT */
/*
 * The injection engine's per-process states (tgid -> struct inj_mm): a
 * chained hash table that grows with the number of traced processes.  An
 * entry lives as long as its process is traced; nothing is ever evicted
 * (an evicted entry would leak the process's scratch page).
 */
#ifndef INJTRACE_CORE_MM_TABLE_H
#define INJTRACE_CORE_MM_TABLE_H

#include <stdbool.h>
#include <sys/types.h>

#include "inject/inject.h"

struct mm_table {
	struct mm_table_entry **buckets;
	unsigned int nbuckets;		/* a power of two */
	unsigned int count;
	unsigned long ptrace_opts;	/* given to every new inj_mm */
	/* the tracees run under the tracer's seccomp filter (a started PROG
	 * with -f): one filter of theirs is ours */
	bool tracer_filter;
};

int mm_table__init(struct mm_table *t) __attribute__((warn_unused_result));
/* Frees every entry (inj_mm__free(): the tracer's fds, not the tracee's). */
void mm_table__free(struct mm_table *t);
/* The state of process tgid, or NULL. */
struct inj_mm *mm_table__find(struct mm_table *t, pid_t tgid);
/* The state of process tgid, created on first use; NULL when out of memory. */
struct inj_mm *mm_table__get(struct mm_table *t, pid_t tgid);
/* Drops the state of tgid (its process is gone or detached). */
void mm_table__remove(struct mm_table *t, pid_t tgid);

#endif
