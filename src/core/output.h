/* SPDX-License-Identifier: MIT */
/* Where and how completed calls are written: strace text or JSON Lines. */
#ifndef INJTRACE_CORE_OUTPUT_H
#define INJTRACE_CORE_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "decode/printer.h"

struct output {
	FILE *file;
	bool json;
	bool flush_each;	/* stderr: write lines at once */
	int err;		/* first write error (-errno), 0 while none */
	bool quiet;		/* -c: no lines, the summary only */
	/* strace's line prefix and suffix (text; -T is JSON's too) */
	unsigned int timestamps;	/* -t, -tt, -ttt */
	bool relative;			/* -r */
	bool call_time;			/* -T */
	struct timespec last_line;	/* -r: monotonic, of the last line */
};

/* One traced call, as it is written. */
struct call_record {
	pid_t pid;		/* tgid */
	pid_t tid;
	struct timespec wall;	/* wall clock at entry (-t, JSON "ts") */
	struct timespec mono;	/* monotonic clock at entry (-r) */
	int64_t duration_ns;	/* -T: entry to exit, -1 when unfinished */
	uint64_t cmd;
	uint64_t size;
	bool finished;		/* false: the task died inside the call */
	int64_t ret;		/* -errno on error */
	bool pid_prefix;	/* text: "[pid N] " */
	struct printer *attr;	/* "BPF_CMD, {attr}" (text) / the attr (JSON) */
	const char *ret_suffix;	/* text: after the return value ("<map:x>") */
	const char *note;	/* text: a comment after the line, or NULL */
	const char *extra_json;	/* JSON: members after "attr", or NULL */
	const char *trailer;	/* text: lines after the call (-k), or NULL */
};

int output__open(struct output *o, const char *path, bool json)
	__attribute__((warn_unused_result));
void output__close(struct output *o);
/* The prefix and suffix of lines, as strace's -t, -tt, -ttt, -r and -T. */
void output__set_timing(struct output *o, unsigned int timestamps,
			bool relative, bool call_time);
/* Writes one whole line; a write error is kept in o->err. */
void output__call(struct output *o, const struct call_record *r);

/* "ENOENT" for 2; kernel-internal codes too (ERESTARTSYS, ENOTSUPP). */
const char *output_errno_name(int err);

#endif
