/* SPDX-License-Identifier: MIT */
/* Where and how completed calls are written: strace text or JSON Lines. */
#ifndef INJTRACE_CORE_OUTPUT_H
#define INJTRACE_CORE_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "core/cli.h"
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
	/* -r: monotonic, of the last line; 0 before the first */
	struct timespec last_line;
	bool piped;		/* -o '|cmd': file is a popen() pipe */
	bool plain;		/* --plain: " = RET" at strace's column */
	bool pid_column;	/* --plain -f -o FILE: "PID " on every line */
	const char *separate_path;	/* -ff: each task writes PATH.TID */
};

/* What a call's record begins with, known at its entry. */
struct call_head {
	pid_t pid;		/* tgid */
	pid_t tid;
	struct timespec wall;	/* wall clock at entry (-t, JSON "ts") */
	struct timespec mono;	/* monotonic clock at entry (-r) */
	uint64_t cmd;
	bool pid_prefix;	/* text: "[pid N] " */
};

/* How it ended, known at its exit. */
struct call_result {
	uint64_t size;
	bool finished;		/* false: it never returned ("= ?") */
	int64_t ret;		/* -errno on error */
	int64_t duration_ns;	/* -T: entry to exit, -1 when unfinished */
};

/* What happened to a task besides its calls: strace's "+++"/"---" lines. */
enum event_kind {
	EVENT_SIGNAL,		/* --- SIGUSR1 {siginfo} --- */
	EVENT_STOPPED,		/* --- stopped by SIGSTOP --- */
	EVENT_EXITED,		/* +++ exited with N +++ */
	EVENT_KILLED,		/* +++ killed by SIGKILL [(core dumped) ]+++ */
	EVENT_SUPERSEDED,	/* +++ superseded by execve in pid N +++ */
};

struct event_record {
	struct call_head head;	/* who and when (cmd unused) */
	enum event_kind kind;
	int value;		/* exit status, signal, or the exec'ing tid */
	bool core_dumped;	/* EVENT_KILLED */
	struct printer *siginfo;	/* EVENT_SIGNAL, in the output's mode */
};

/* -o PATH, -o "|cmd", or stderr, per opts (-ff: no file of its own). */
int output__open(struct output *o, const struct options *opts)
	__attribute__((warn_unused_result));
void output__close(struct output *o);
/* -ff: the task's own PATH.TID, line-buffered; NULL without -ff. */
FILE *output__task_open(struct output *o, pid_t tid);
void output__task_close(struct output *o, FILE *f);
/* The prefix and suffix of lines, as strace's -t, -tt, -ttt, -r and -T. */
void output__set_timing(struct output *o, unsigned int timestamps,
			bool relative, bool call_time);

/*
 * A call is written as one record built in one printer (text: one line,
 * and -k's frames after it; JSON: one object on one line):
 *   output__begin_call()   at entry; the attr decoder continues in p
 *   ...                    at exit: the rest of the attr, then
 *                          text: output__call_result(), the "<map:x>"
 *                          suffix, output__call_time() and a comment;
 *                          JSON: the map members, "stack", then
 *                          output__call_result()
 *   output__end_call()     closes the record and its line
 *   output__write()        writes p whole (nothing else writes calls)
 */
void output__begin_call(struct output *o, struct printer *p,
			const struct call_head *h);
/*
 * Text: ", SIZE) = RET".  JSON: the "size", "duration_ns" (-T), "ret" and
 * "errno" members.
 */
void output__call_result(const struct output *o, struct printer *p,
			 const struct call_result *r);
/* Text, -T: " <0.000012>" (JSON has it in output__call_result()). */
void output__call_time(const struct output *o, struct printer *p,
		       int64_t duration_ns);
void output__end_call(const struct output *o, struct printer *p);
/*
 * Writes p whole (not with -c) to f, or the output's file when f is NULL
 * (-ff gives each task its own); a write error is kept in o->err.
 */
void output__write(struct output *o, FILE *f, struct printer *p);
/* An event record, whole, into p (then output__write()). */
void output__event(struct output *o, struct printer *p,
		   const struct event_record *r);

/* The -c/-C summary, written whole even with -c; errors as above. */
void output__write_summary(struct output *o, struct printer *p);

#endif
