// SPDX-License-Identifier: MIT
#include "core/output.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "decode/bpf_decode.h"

/* Codes the kernel uses internally (include/linux/errno.h), which strace
 * names too; libc knows none of them. */
static const struct {
	int err;
	const char *name;
	const char *text;
} kernel_errnos[] = {
	{ 512, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ 513, "ERESTARTNOINTR", "To be restarted" },
	{ 514, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ 515, "ENOIOCTLCMD", "No ioctl command" },
	{ 516, "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	{ 517, "EPROBE_DEFER", "Requested probe deferral" },
	{ 518, "EOPENSTALE", "Open stale" },
	{ 519, "ENOPARAM", "Parameter not supported" },
	{ 521, "EBADHANDLE", "Illegal NFS file handle" },
	{ 522, "ENOTSYNC", "Update synchronization mismatch" },
	{ 523, "EBADCOOKIE", "Cookie is stale" },
	{ 524, "ENOTSUPP", "Operation not supported" },
	{ 525, "ETOOSMALL", "Buffer or request is too small" },
	{ 526, "ESERVERFAULT", "An untranslatable error occurred" },
	{ 527, "EBADTYPE", "Type not supported by server" },
	{ 528, "EJUKEBOX", "Request initiated, but will not complete before timeout" },
	{ 529, "EIOCBQUEUED", "iocb queued, will get completion event" },
	{ 530, "ERECALLCONFLICT", "conflict with recalled state" },
};

/* "ENOENT" for 2; kernel-internal codes too (ERESTARTSYS, ENOTSUPP). */
const char *output_errno_name(int err)
{
	for (size_t i = 0; i < sizeof(kernel_errnos) / sizeof(kernel_errnos[0]); i++)
		if (kernel_errnos[i].err == err)
			return kernel_errnos[i].name;
	const char *name = strerrorname_np(err);

	return name ? name : NULL;
}

/* strerror-like text as strace prints it. */
static const char *errno_text(int err)
{
	for (size_t i = 0; i < sizeof(kernel_errnos) / sizeof(kernel_errnos[0]); i++)
		if (kernel_errnos[i].err == err)
			return kernel_errnos[i].text;
	return strerror(err);
}

int output__open(struct output *o, const char *path, bool json)
{
	o->json = json;
	if (!path) {
		o->file = stderr;
		o->flush_each = true;
		return 0;
	}
	o->file = fopen(path, "we");
	if (!o->file) {
		int err = -errno;

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

void output__close(struct output *o)
{
	if (!o->file)
		return;
	if (o->file == stderr) {
		if (fflush(o->file) && !o->err)
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
	/* strace's first -r figure counts from its start, not zero */
	clock_gettime(CLOCK_MONOTONIC, &o->last_line);
}

/* "[pid N] 12:00:00.123456 (+     0.000123) ", what strace prints first */
static void text_prefix(struct output *o, const struct call_record *r)
{
	FILE *f = o->file;
	struct tm tm;
	char hms[16];

	if (r->pid_prefix)
		fprintf(f, "[pid %5d] ", r->tid);
	if (o->timestamps == 3) {
		fprintf(f, "%lld.%06ld ", (long long)r->wall.tv_sec,
			r->wall.tv_nsec / 1000);
	} else if (o->timestamps) {
		localtime_r(&r->wall.tv_sec, &tm);
		strftime(hms, sizeof(hms), "%T", &tm);
		if (o->timestamps == 2)
			fprintf(f, "%s.%06ld ", hms, r->wall.tv_nsec / 1000);
		else
			fprintf(f, "%s ", hms);
	}
	if (o->relative) {
		int64_t ns = (r->mono.tv_sec - o->last_line.tv_sec) *
				     1000000000LL +
			     r->mono.tv_nsec - o->last_line.tv_nsec;

		if (ns < 0)
			ns = 0;	/* a thread's call began before the last one */
		fprintf(f, o->timestamps ? "(+%6lld.%06lld) " : "%6lld.%06lld ",
			(long long)(ns / 1000000000),
			(long long)(ns % 1000000000 / 1000));
		o->last_line = r->mono;
	}
}

/* -T: " <0.000012>" */
static void text_suffix(struct output *o, const struct call_record *r)
{
	if (!o->call_time || r->duration_ns < 0)
		return;
	fprintf(o->file, " <%lld.%06lld>",
		(long long)(r->duration_ns / 1000000000),
		(long long)(r->duration_ns % 1000000000 / 1000));
}

static void text_ret(FILE *f, const struct call_record *r)
{
	if (!r->finished) {
		fputs(" = ?", f);
		return;
	}
	if (r->ret >= 0) {
		fprintf(f, " = %" PRId64 "%s", r->ret,
			r->ret_suffix ? r->ret_suffix : "");
		return;
	}
	int err = (int)-r->ret;
	const char *name = output_errno_name(err);

	/* restart codes never reach the program: strace prints "?" */
	if (err >= 512 && err <= 516)
		fputs(" = ?", f);
	else
		fputs(" = -1", f);
	if (name)
		fprintf(f, " %s (%s)", name, errno_text(err));
	else
		fprintf(f, " E??? (errno %d)", err);
}

static void write_text(struct output *o, const struct call_record *r)
{
	FILE *f = o->file;

	text_prefix(o, r);
	fprintf(f, "bpf(%s, %" PRIu64 ")", printer__str(r->attr),
		(uint64_t)(unsigned int)r->size);
	text_ret(f, r);
	text_suffix(o, r);
	if (r->note)
		fprintf(f, " /* %s */", r->note);
	fputc('\n', f);
	if (r->trailer)
		fputs(r->trailer, f);
}

static void json_string(FILE *f, const char *s)
{
	struct printer p;

	printer__init(&p, PRINTER_JSON, 0);
	pr_token(&p, s);
	fputs(printer__str(&p), f);
	printer__free(&p);
}

static void write_json(struct output *o, const struct call_record *r)
{
	FILE *f = o->file;
	const char *attr = printer__str(r->attr);
	const char *mark = strchr(attr, PRINTER_JSON_EXIT_MARK);
	const char *name = bpf_cmd_name(r->cmd);

	fprintf(f, "{\"ts\": %lld.%06ld, \"pid\": %d, \"tid\": %d, \"cmd\": ",
		(long long)r->wall.tv_sec, r->wall.tv_nsec / 1000, r->pid,
		r->tid);
	if (name)
		json_string(f, name);
	else
		fprintf(f, "%" PRIu64, r->cmd);
	fputs(", \"attr\": ", f);
	if (mark) {
		fwrite(attr, 1, mark - attr, f);
		fprintf(f, ", \"attr_out\": %s", mark + 1);
	} else {
		fputs(*attr ? attr : "null", f);
	}
	if (r->extra_json && *r->extra_json)
		fprintf(f, ", %s", r->extra_json);
	fprintf(f, ", \"size\": %u", (unsigned int)r->size);
	if (o->call_time && r->duration_ns >= 0)
		fprintf(f, ", \"duration_ns\": %lld", (long long)r->duration_ns);
	if (!r->finished) {
		fputs(", \"ret\": null, \"errno\": null}\n", f);
		return;
	}
	if (r->ret >= 0) {
		fprintf(f, ", \"ret\": %" PRId64 ", \"errno\": null}\n", r->ret);
		return;
	}
	const char *ename = output_errno_name((int)-r->ret);

	fputs(", \"ret\": -1, \"errno\": ", f);
	if (ename)
		json_string(f, ename);
	else
		fprintf(f, "%d", (int)-r->ret);
	fputs("}\n", f);
}

void output__call(struct output *o, const struct call_record *r)
{
	errno = 0;
	if (o->quiet)
		return;
	if (o->json)
		write_json(o, r);
	else
		write_text(o, r);
	if (o->flush_each)
		fflush(o->file);
	/* EPIPE, ENOSPC, EIO: the tracer detaches (tracer_run) */
	if (ferror(o->file) && !o->err) {
		o->err = errno ? -errno : -EIO;
		clearerr(o->file);
	}
}
