// SPDX-License-Identifier: MIT
/*
 * The story around the calls, as strace tells it: a signal delivered
 * ("--- SIGUSR1 {...} ---"), a group-stop ("--- stopped by SIGSTOP ---"),
 * a task's end ("+++ exited with N +++", "+++ killed by SIGKILL +++") and a
 * thread that another thread's execve replaced ("+++ superseded by execve
 * in pid N +++").  With --json each is an event record.  Tasks whose calls
 * are not printed (other processes without -f) get no lines either.
 */
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>

#include "core/stack.h"
#include "core/tracer_int.h"
#include "decode/siginfo.h"

/* -qq: strace's quiet=exit; -qqq: also quiet=thread-execve */
#define QUIET_EXIT 2
#define QUIET_THREAD_EXECVE 3

static bool signal_shown(const struct options *opts, int sig)
{
	return sig > 0 && sig <= 64 && (opts->signal_mask >> (sig - 1) & 1);
}

static bool shown(const struct task *task)
{
	return !task->quiet && !task->startup;
}

static void write_event(struct tracer *tr, struct task *task,
			struct event_record *rec, bool stack)
{
	struct printer p;

	clock_gettime(CLOCK_REALTIME, &rec->head.wall);
	clock_gettime(CLOCK_MONOTONIC, &rec->head.mono);
	rec->head.pid = task->tgid;
	rec->head.tid = task->tid;
	rec->head.pid_prefix = !task->file &&
			       (tr->printed_tasks > 1 || tr->keep_prefix);
	printer__init(&p, tr->opts->json ? PRINTER_JSON : PRINTER_TEXT, 0);
	output__event(&tr->out, &p, rec);
	/* strace -k shows where a signal found the task */
	if (stack && tr->opts->stack && !tr->opts->json)
		stack_print(task->tid, task->tgid, &p);
	output__write(&tr->out, task->file, &p);
	printer__free(&p);
}

void lifecycle_signal(struct tracer *tr, struct task *task, int sig)
{
	struct event_record rec = { .kind = EVENT_SIGNAL, .value = sig };
	struct printer info;
	siginfo_t si;

	if (!shown(task) || !signal_shown(tr->opts, sig))
		return;
	printer__init(&info, tr->opts->json ? PRINTER_JSON : PRINTER_TEXT, 0);
	if (!ptrace(PTRACE_GETSIGINFO, task->tid, 0, &si)) {
		decode_siginfo(&info, &si);
		rec.siginfo = &info;
	}
	write_event(tr, task, &rec, true);
	printer__free(&info);
}

void lifecycle_stopped(struct tracer *tr, struct task *task, int sig)
{
	struct event_record rec = { .kind = EVENT_STOPPED, .value = sig };

	if (shown(task) && signal_shown(tr->opts, sig))
		write_event(tr, task, &rec, true);
}

void lifecycle_ended(struct tracer *tr, struct task *task, int status)
{
	struct event_record rec = { 0 };

	if (!shown(task))
		return;
	if (WIFEXITED(status)) {
		if (tr->opts->quiet >= QUIET_EXIT)
			return;
		rec.kind = EVENT_EXITED;
		rec.value = WEXITSTATUS(status);
	} else {
		/* strace filters this line by -e signal=, not by -q */
		if (!signal_shown(tr->opts, WTERMSIG(status)))
			return;
		rec.kind = EVENT_KILLED;
		rec.value = WTERMSIG(status);
		rec.core_dumped = WCOREDUMP(status);
	}
	write_event(tr, task, &rec, false);
}

void lifecycle_superseded(struct tracer *tr, struct task *task,
			  pid_t former_tid)
{
	struct event_record rec = {
		.kind = EVENT_SUPERSEDED,
		.value = former_tid,
	};

	if (shown(task) && tr->opts->quiet < QUIET_THREAD_EXECVE)
		write_event(tr, task, &rec, false);
}
