/* SPDX-License-Identifier: MIT */
/*
 * -c / -C: what strace -c counts, by map and command: calls, errors (by
 * errno), time spent in the calls, bytes of keys and values moved; then
 * strace's own table, by command.  Text in strace's columns, or one JSON
 * object.
 */
#ifndef INJTRACE_CORE_SUMMARY_H
#define INJTRACE_CORE_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include "core/cli.h"
#include "decode/printer.h"

/* The map a call worked on, as the trace names it. */
struct summary_map {
	uint32_t id;   /* 0: not known (yet) */
	char name[24]; /* "" with id 0: the call has no map */
};

/* One completed (or abandoned) call. */
struct summary_call {
	struct summary_map map;
	uint64_t cmd;
	bool finished; /* false: the task died inside the call */
	int64_t ret;   /* -errno on error */
	int64_t duration_ns;
	uint64_t key_bytes, value_bytes;
};

struct summary_errno {
	int err;
	uint64_t count;
};

struct summary_row {
	struct summary_map map;
	uint64_t cmd;
	uint64_t calls, errors;
	uint64_t time_ns;
	uint64_t key_bytes, value_bytes;
	struct summary_errno *errnos; /* by first occurrence */
	unsigned int nerrnos;
};

struct summary {
	struct summary_row *rows;
	size_t count, capacity;
	size_t last; /* the row hit last: calls come in runs */
};

void summary__init(struct summary *s);
void summary__free(struct summary *s);
int summary__add(struct summary *s, const struct summary_call *c)
    __attribute__((warn_unused_result));
/* Both tables (a text printer), or one object on one line (JSON). */
void summary__print(struct summary *s, struct printer *p,
		    enum summary_sort sort_by);

#endif
