// SPDX-License-Identifier: MIT
#include "core/output.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "core/log.h"
#include "decode/bpf_decode.h"
#include "decode/errno_name.h"
#include "decode/siginfo.h"

int output__open(struct output *o, const struct options *opts)
{
	const char *path = opts->output;

	o->json = opts->json;
	o->plain = opts->plain && !opts->json;
	/* strace: "PID " when -f writes to a file, "[pid N] " otherwise */
	o->pid_column = o->plain && path && opts->follow_forks &&
			!opts->output_separately;
	if (opts->output_separately && path) {
		/* -ff: only PATH.TID files (output__task_open), as strace */
		o->separate_path = path;
		return 0;
	}
	if (!path) {
		o->file = stderr;
		o->flush_each = true;
		return 0;
	}
	if (path[0] == '|') {
		/* strace -o '|cmd': the trace is the command's stdin */
		o->file = popen(path + 1, "we");
		o->piped = true;
	} else {
		o->file = fopen(path, "we");
	}
	if (!o->file) {
		int err = errno ? -errno : -ENOMEM;

		log_perror("cannot open '%s'", path);
		return err;
	}
	/*
	 * Whole lines, as strace writes them: tail -f sees each call when it
	 * completes, and a killed injtrace loses no line it had written.
	 */
	setvbuf(o->file, NULL, _IOLBF, 0);
	o->flush_each = false;
	return 0;
}

FILE *output__task_open(struct output *o, pid_t tid)
{
	char path[4096];
	FILE *f;

	if (!o->separate_path)
		return NULL;
	snprintf(path, sizeof(path), "%s.%d", o->separate_path, tid);
	f = fopen(path, "we");
	if (!f) {
		if (!o->err)
			o->err = -errno;
		log_perror("cannot open '%s'", path);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

void output__task_close(struct output *o, FILE *f)
{
	if (f && fclose(f) && !o->err)
		o->err = -errno;
}

void output__close(struct output *o)
{
	if (!o->file)
		return;
	if (o->file == stderr) {
		if (fflush(o->file) && !o->err)
			o->err = -errno;
	} else if (o->piped) {
		if (pclose(o->file) < 0 && !o->err)
			o->err = -errno;
	} else if (fclose(o->file) && !o->err) {
		o->err = -errno;
	}
	o->file = NULL;
}

void output__set_timing(struct output *o, unsigned int timestamps,
			bool relative, bool call_time)
{
	o->timestamps = timestamps;
	o->relative = relative;
	o->call_time = call_time;
}

/*
 * pre, tid in 5 columns at least (printf's "%-5u" or "%5u"), post: on
 * every line of several tasks, so without printf's parsing.
 */
static void put_tid(struct printer *p, const char *pre, unsigned int tid,
		    bool left, const char *post)
{
	char buf[16];
	char *s = buf + sizeof(buf);
	size_t n, pad;

	do {
		*--s = '0' + tid % 10;
		tid /= 10;
	} while (tid);
	n = buf + sizeof(buf) - s;
	pad = n < 5 ? 5 - n : 0;
	pr_raw(p, pre);
	if (!left)
		pr_rawn(p, "     ", pad);
	pr_rawn(p, s, n);
	if (left)
		pr_rawn(p, "     ", pad);
	pr_raw(p, post);
}

/*
 * "[pid  N] 12:00:00.123456 (+     0.000123) ", what strace prints first
 * (its printleader()), when the call is seen: -r counts from the previous
 * call's entry (a call dropped by -z/-Z included).  --plain -f -o FILE:
 * "PID " on every line instead, as strace.
 */
static void text_leader(struct output *o, struct printer *p,
			const struct call_head *h)
{
	struct tm tm;
	char hms[16];

	if (o->pid_column)
		put_tid(p, "", (unsigned int)h->tid, true, " ");
	else if (h->pid_prefix)
		put_tid(p, "[pid ", (unsigned int)h->tid, false, "] ");
	if (o->timestamps == 3) {
		pr_printf(p, "%lld.%06ld ", (long long)h->wall.tv_sec,
			  h->wall.tv_nsec / 1000);
	} else if (o->timestamps) {
		localtime_r(&h->wall.tv_sec, &tm);
		strftime(hms, sizeof(hms), "%T", &tm);
		if (o->timestamps == 2)
			pr_printf(p, "%s.%06ld ", hms, h->wall.tv_nsec / 1000);
		else
			pr_printf(p, "%s ", hms);
	}
	if (o->relative) {
		int64_t ns = (h->mono.tv_sec - o->last_line.tv_sec) *
				     1000000000LL +
			     h->mono.tv_nsec - o->last_line.tv_nsec;

		/*
		 * The first line shows 0, as strace 6.1's does; a thread's
		 * call may have begun before the last line's: 0 too.
		 */
		if (!o->last_line.tv_sec && !o->last_line.tv_nsec)
			ns = 0;
		if (ns < 0)
			ns = 0;
		pr_printf(p,
			  o->timestamps ? "(+%6lld.%06lld) " : "%6lld.%06lld ",
			  (long long)(ns / 1000000000),
			  (long long)(ns % 1000000000 / 1000));
		o->last_line = h->mono;
	}
}

/* The record's first members, up to the attr's name. */
static void json_leader(struct printer *p, const struct call_head *h)
{
	const char *name = bpf_cmd_name(h->cmd);

	pr_struct_begin(p);
	pr_field(p, "ts");
	pr_printf(p, "%lld.%06ld", (long long)h->wall.tv_sec,
		  h->wall.tv_nsec / 1000);
	pr_field(p, "pid");
	pr_int(p, h->pid);
	pr_field(p, "tid");
	pr_int(p, h->tid);
	pr_field(p, "cmd");
	if (name)
		pr_token(p, name);
	else
		pr_uint(p, h->cmd);
	pr_field(p, "attr");
}

void output__begin_call(struct output *o, struct printer *p,
			const struct call_head *h)
{
	if (o->json) {
		json_leader(p, h);
		return;
	}
	text_leader(o, p, h);
	pr_raw(p, "bpf(");
}

/*
 * A return value the kernel marks as an error: -4095..-1 (MAX_ERRNO in
 * include/linux/err.h).  Anything else is a value, even if negative: no
 * negation of INT64_MIN, no errno beyond what the kernel can return.
 */
static bool ret_is_error(int64_t ret)
{
	return ret < 0 && ret >= -4095;
}

/* The column strace pads " = RET" to (its -a default). */
#define RESULT_COLUMN 40

/* "= 3", "= -1 ENOENT (No such file or directory)", "= ?" */
static void text_result(struct printer *p, const struct call_result *r)
{
	int err;
	const char *name;

	if (!r->finished) {
		pr_raw(p, "= ?");
		return;
	}
	if (!ret_is_error(r->ret)) {
		pr_raw(p, "= ");
		pr_int(p, r->ret);
		return;
	}
	err = (int)-r->ret;
	name = errno_name(err);
	/* restart codes never reach the program: strace prints "?" */
	pr_raw(p, errno_is_restart(err) ? "= ?" : "= -1");
	if (name)
		pr_printf(p, " %s (%s)", name, errno_text(err));
	else
		pr_printf(p, " E??? (errno %d)", err);
}

static void json_result(const struct output *o, struct printer *p,
			const struct call_result *r)
{
	const char *name;

	pr_field(p, "size");
	pr_uint(p, (unsigned int)r->size);
	if (o->call_time && r->duration_ns >= 0) {
		pr_field(p, "duration_ns");
		pr_int(p, r->duration_ns);
	}
	pr_field(p, "ret");
	if (!r->finished)
		pr_null(p);
	else
		pr_int(p, ret_is_error(r->ret) ? -1 : r->ret);
	pr_field(p, "errno");
	if (!r->finished) {
		pr_null(p);
		/* it never returned; the event that ended it follows */
		pr_field(p, "unfinished");
		pr_bool(p, true);
		return;
	}
	if (!ret_is_error(r->ret)) {
		pr_null(p);
		return;
	}
	name = errno_name((int)-r->ret);
	if (name)
		pr_token(p, name);
	else
		pr_int(p, (int)-r->ret);
}

void output__call_result(const struct output *o, struct printer *p,
			 const struct call_result *r)
{
	if (o->json) {
		json_result(o, p, r);
		return;
	}
	pr_raw(p, ", ");
	pr_uint(p, (unsigned int)r->size);
	pr_raw(p, ") ");
	/* --plain: strace's tabto(); the record is this one line so far */
	while (o->plain && p->len < RESULT_COLUMN)
		pr_raw(p, " ");
	text_result(p, r);
}

void output__call_time(const struct output *o, struct printer *p,
		       int64_t duration_ns)
{
	if (o->json || !o->call_time || duration_ns < 0)
		return;
	pr_printf(p, " <%lld.%06lld>", (long long)(duration_ns / 1000000000),
		  (long long)(duration_ns % 1000000000 / 1000));
}

void output__end_call(const struct output *o, struct printer *p)
{
	if (o->json)
		pr_struct_end(p);
	pr_raw(p, "\n");
}

static void write_whole(struct output *o, FILE *f, struct printer *p)
{
	if (!f)
		return;		/* -ff, and the task's file did not open */
	errno = 0;
	/* the printer knows the length: no strlen */
	fwrite(printer__str(p), 1, p->len, f);
	if (o->flush_each)
		fflush(f);
	/* EPIPE, ENOSPC, EIO: the tracer detaches (ptrace_loop_run) */
	if (ferror(f) && !o->err) {
		o->err = errno ? -errno : -EIO;
		clearerr(f);
	}
}

void output__write(struct output *o, FILE *f, struct printer *p)
{
	if (!o->quiet)
		write_whole(o, f ? f : o->file, p);
}

void output__write_summary(struct output *o, struct printer *p)
{
	write_whole(o, o->file, p);
	/* -o FILE is line-buffered: a failing flush is the last word */
	if (fflush(o->file) && !o->err)
		o->err = -errno;
}

static const char *const event_names[] = {
	[EVENT_SIGNAL] = "signal",
	[EVENT_STOPPED] = "stopped",
	[EVENT_EXITED] = "exited",
	[EVENT_KILLED] = "killed",
	[EVENT_SUPERSEDED] = "superseded",
};

/* {"ts", "pid", "tid", "event", then what the event has} */
static void json_event(struct printer *p, const struct event_record *r)
{
	pr_struct_begin(p);
	pr_field(p, "ts");
	pr_printf(p, "%lld.%06ld", (long long)r->head.wall.tv_sec,
		  r->head.wall.tv_nsec / 1000);
	pr_field(p, "pid");
	pr_int(p, r->head.pid);
	pr_field(p, "tid");
	pr_int(p, r->head.tid);
	pr_field(p, "event");
	pr_token(p, event_names[r->kind]);
	switch (r->kind) {
	case EVENT_SIGNAL:
	case EVENT_STOPPED:
		pr_field(p, "signal");
		signal_print(p, r->value);
		if (r->siginfo) {
			pr_field(p, "siginfo");
			pr_raw(p, printer__str(r->siginfo));
		}
		break;
	case EVENT_EXITED:
		pr_field(p, "status");
		pr_int(p, r->value);
		break;
	case EVENT_KILLED:
		pr_field(p, "signal");
		signal_print(p, r->value);
		pr_field(p, "core_dumped");
		pr_bool(p, r->core_dumped);
		break;
	case EVENT_SUPERSEDED:
		pr_field(p, "by_tid");
		pr_int(p, r->value);
		break;
	}
	pr_struct_end(p);
}

static void text_event(struct output *o, struct printer *p,
		       const struct event_record *r)
{
	const char *name = signal_name(r->value);

	text_leader(o, p, &r->head);
	switch (r->kind) {
	case EVENT_SIGNAL:
		pr_printf(p, "--- %s %s ---", name ?: "?",
			  r->siginfo ? printer__str(r->siginfo) : "{}");
		break;
	case EVENT_STOPPED:
		pr_printf(p, "--- stopped by %s ---", name ?: "?");
		break;
	case EVENT_EXITED:
		pr_printf(p, "+++ exited with %d +++", r->value);
		break;
	case EVENT_KILLED:
		pr_printf(p, "+++ killed by %s %s+++", name ?: "?",
			  r->core_dumped ? "(core dumped) " : "");
		break;
	case EVENT_SUPERSEDED:
		pr_printf(p, "+++ superseded by execve in pid %d +++",
			  r->value);
		break;
	}
}

void output__event(struct output *o, struct printer *p,
		   const struct event_record *r)
{
	if (o->json)
		json_event(p, r);
	else
		text_event(o, p, r);
	pr_raw(p, "\n");
}
