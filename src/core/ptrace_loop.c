// SPDX-License-Identifier: MIT
/*
 * The ptrace loop.  A PROG started with -f gets a seccomp filter that stops
 * it only at bpf() (PTRACE_EVENT_SECCOMP), so it runs with PTRACE_CONT
 * between bpf calls and PTRACE_SYSCALL only to see a bpf() exit.  Without
 * -f, and for attached processes (-p), there is no such filter: they run
 * under PTRACE_SYSCALL and every syscall stop that is not bpf() is resumed
 * at once.  The filter is inherited by every descendant and would fail
 * their bpf() calls (ENOSYS) without a tracer, so it goes only where every
 * descendant is traced, as strace allows --seccomp-bpf only with -f.
 *
 * Every task is seized (PTRACE_SEIZE), so group-stops are told apart from
 * signal-delivery stops and left with PTRACE_LISTEN, as strace does: a
 * stopped tracee stays stopped, a signal is delivered exactly once.
 */
#include "core/ptrace_loop.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/placement.h"
#include "core/seccomp.h"
#include "core/proc.h"
#include "core/procns.h"
#include "core/tracer_int.h"

static volatile sig_atomic_t interrupted;
/* SIGPIPE as injtrace found it, for the started PROG */
static struct sigaction saved_sigpipe;

static void on_interrupt(int sig)
{
	interrupted = sig;
}

static unsigned long ptrace_options(const struct tracer *tr)
{
	unsigned long o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC |
			  PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXIT;

	/* without -f a child is none of ours: never traced at all */
	if (tr->opts->follow_forks)
		o |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	if (tr->seccomp)
		o |= PTRACE_O_TRACESECCOMP;
	/*
	 * A started PROG dies with injtrace, however injtrace dies (SIGKILL,
	 * the OOM killer): its seccomp filter would otherwise fail every
	 * bpf() it makes once no tracer is there (strace >= 6.6 does the same
	 * with --seccomp-bpf, its --kill-on-exit).  Processes we attached to
	 * (-p) are never killed.
	 */
	if (tr->child)
		o |= PTRACE_O_EXITKILL;
	return o;
}

/* Is tgid one whose calls the user asked to see? */
static bool printed_tgid(const struct tracer *tr, pid_t tgid)
{
	if (tr->opts->follow_forks)
		return true;
	if (tr->child)
		return tgid == tr->child;
	for (unsigned int i = 0; i < tr->opts->npids; i++)
		if (tr->opts->pids[i] == tgid)
			return true;
	return false;
}

static struct task *add_task(struct tracer *tr, pid_t tid, pid_t tgid)
{
	struct task *task = task_table__find(&tr->tasks, tid);

	if (task)
		return task;
	task = task_table__add(&tr->tasks, tid, tgid);
	if (!task) {
		log_error("out of memory tracking task %d", tid);
		return NULL;
	}
	printer__init(&task->line, tr->opts->json ? PRINTER_JSON : PRINTER_TEXT,
		      tr->opts->string_limit);
	task->quiet = !printed_tgid(tr, tgid);
	if (!task->quiet) {
		tr->printed_tasks++;
		task->file = output__task_open(&tr->out, tid);
	}
	return task;
}

/* The task is no longer one to reap (see reap_exited). */
static void unmark_exiting(struct tracer *tr, struct task *task)
{
	struct task **link = &tr->exiting;

	if (!task->exiting)
		return;
	while (*link != task)
		link = &(*link)->exiting_next;
	*link = task->exiting_next;
	task->exiting = false;
}

static void remove_task(struct tracer *tr, struct task *task)
{
	if (task->in_syscall)
		bpf_stop_abandon(tr, task);
	unmark_exiting(tr, task);
	if (!task->quiet)
		tr->printed_tasks--;
	output__task_close(&tr->out, task->file);
	procns_forget(task->tid);
	task_table__remove(&tr->tasks, task->tid);
}

/*
 * How a task runs until its next stop.  A started task under a seccomp
 * filter of its own runs under PTRACE_SYSCALL: a filter returning
 * SECCOMP_RET_ERRNO (the default profiles of podman and docker without
 * CAP_BPF), SECCOMP_RET_TRAP or USER_NOTIF for bpf() outranks our
 * SECCOMP_RET_TRACE, and the call would fail unseen.  The syscall-entry
 * stop comes before any filter runs (Linux 4.8+), and the exit stop shows
 * the result whatever the filters did.  Quiet tasks print nothing: they
 * keep the fast path.
 */
static int resume_request(const struct tracer *tr, const struct task *task)
{
	if (!tr->seccomp || task->in_syscall ||
	    (task->own_filter && !task->quiet))
		return PTRACE_SYSCALL;
	return PTRACE_CONT;
}

static void resume(struct tracer *tr, struct task *task, int sig)
{
	if (ptrace(resume_request(tr, task), task->tid, 0, sig) && errno != ESRCH)
		log_perror("resuming %d", task->tid);
}

/*
 * Does the task run under a filter not ours?  Ours is the only one of a
 * task injtrace started, unless injtrace itself ran under some (inside a
 * container): those the tracee inherited.
 */
static void note_filters(struct tracer *tr, struct task *task, int filters)
{
	if (tr->seccomp && (tr->inherited_filters || filters > 1))
		task->own_filter = true;
}

/* A task new to the table, seen at its parent's event or its first stop. */
static struct task *add_new_task(struct tracer *tr, pid_t tid,
				 pid_t fallback_tgid)
{
	struct task *task;
	pid_t tgid;
	int filters;

	if (proc_status(tid, &tgid, &filters))
		tgid = fallback_tgid;
	task = add_task(tr, tid, tgid);
	if (task)
		note_filters(tr, task, filters);
	return task;
}

static void set_own_filter(struct task *task, void *arg)
{
	const struct task *installer = arg;

	if (task->tgid != installer->tgid || task->own_filter)
		return;
	task->own_filter = true;
	/* running under PTRACE_CONT: to its next stop, resumed from there */
	if (task != installer)
		ptrace(PTRACE_INTERRUPT, task->tid, 0, 0);
}

/*
 * A seccomp() or prctl(PR_SET_SECCOMP) call (our filter sends them to us):
 * the filter may reach every thread (SECCOMP_FILTER_FLAG_TSYNC), so the
 * whole process switches to syscall stops.
 */
static void on_seccomp_install(struct tracer *tr, struct task *task)
{
	task_table__for_each(&tr->tasks, set_own_filter, task);
}

/* The process is gone (or exec'd): what was cached for it goes too. */
static void forget_process(struct tracer *tr, pid_t tgid, bool exec)
{
	map_view__forget_process(&tr->view, tgid, exec);
}

/* ---- starting and attaching ---- */

static void exec_child(const struct tracer *tr, char **argv)
{
	int err;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	sigaction(SIGPIPE, &saved_sigpipe, NULL);
	err = tr->seccomp ? seccomp_install_bpf_trace() : 0;
	if (err) {
		fprintf(stderr, "injtrace: cannot install seccomp filter: %s\n",
			strerror(-err));
		_exit(1);
	}
	/* wait here until the tracer has seized us */
	raise(SIGSTOP);
	execvp(argv[0], argv);
	fprintf(stderr, "injtrace: cannot run '%s': %s\n", argv[0],
		strerror(errno));
	_exit(127);
}

static int start_child(struct tracer *tr)
{
	int status;
	pid_t pid;

	tr->seccomp = tr->opts->follow_forks;
	/* filters of injtrace's own (a container's profile) go to PROG too */
	tr->inherited_filters = prctl(PR_GET_SECCOMP) > 0;
	tr->view.inject.mms.tracer_filter = tr->seccomp;
	pid = fork();
	if (pid < 0) {
		log_perror("fork");
		return -1;
	}
	if (pid == 0)
		exec_child(tr, tr->opts->argv);

	if (waitpid(pid, &status, WSTOPPED) != pid || !WIFSTOPPED(status)) {
		log_error("'%s' did not start", tr->opts->argv[0]);
		return -1;
	}
	tr->child = pid;
	tr->view.inject.mms.ptrace_opts = ptrace_options(tr);
	if (ptrace(PTRACE_SEIZE, pid, 0, ptrace_options(tr))) {
		log_perror("cannot trace '%s'", tr->opts->argv[0]);
		kill(pid, SIGKILL);
		return -1;
	}
	struct task *task = add_task(tr, pid, pid);

	if (!task)
		return -1;
	note_filters(tr, task, 1);
	task->startup = true;
	/* the child re-reports its stop as a group-stop; SIGCONT ends it */
	kill(pid, SIGCONT);
	return 0;
}

/* Why PTRACE_SEIZE of tid (of process pid) failed with err, in words. */
static void attach_error(pid_t pid, pid_t tid, int err)
{
	char state = proc_state(tid);

	if (err == EPERM && (state == 'Z' || state == 'X'))
		log_error("cannot attach to process %d: it is a zombie (it "
			  "has exited and waits for its parent to reap it): "
			  "nothing to trace", pid);
	else if (err == EPERM)
		log_error("cannot attach to process %d: %s (not ours to "
			  "trace, already traced, or ptrace restricted by "
			  "kernel.yama.ptrace_scope)", pid, strerror(err));
	else
		log_error("cannot attach to process %d: %s", pid,
			  strerror(err));
}

/*
 * Seizes every thread of pid; threads born meanwhile are seized too.  A
 * leader that exited before its threads (pthread_exit() in main) is a
 * zombie that cannot be seized: its threads are traced without it, as
 * strace does.
 */
static int attach_process(struct tracer *tr, pid_t pid)
{
	char path[64];
	bool again = true, zombie_leader = false;
	unsigned int seized = 0;
	int err = procns_path(path, sizeof(path), pid, "task");

	if (err) {
		log_error("cannot attach to process %d: %s", pid,
			  err == -ESRCH ? "no such process" : strerror(-err));
		return -1;
	}
	while (again) {
		struct dirent *de;
		DIR *dir = opendir(path);

		if (!dir) {
			log_error("cannot attach to process %d: %s", pid,
				  errno == ENOENT ? "no such process" :
						    strerror(errno));
			return -1;
		}
		again = false;
		while ((de = readdir(dir))) {
			pid_t tid = atoi(de->d_name);

			/* a tid of /proc's namespace: ours may differ */
			if (tid > 0)
				tid = procns_ours(tid);
			if (tid <= 0 || task_table__find(&tr->tasks, tid))
				continue;
			/* before the seize, which makes it 't' (traced) */
			bool stopped = tid == pid && proc_state(tid) == 'T';

			tr->view.inject.mms.ptrace_opts = ptrace_options(tr);
			if (ptrace(PTRACE_SEIZE, tid, 0, ptrace_options(tr))) {
				if (errno == ESRCH)
					continue;
				if (errno == EPERM && tid == pid &&
				    proc_state(tid) == 'Z') {
					zombie_leader = true;
					continue;
				}
				attach_error(pid, tid, errno);
				closedir(dir);
				return -1;
			}
			if (stopped)
				log_error("process %d is stopped (job control): "
					  "its calls show once it is continued "
					  "(SIGCONT)", pid);
			if (!add_task(tr, tid, pid)) {
				closedir(dir);
				return -1;
			}
			/* get it to a stop so its syscalls are seen */
			ptrace(PTRACE_INTERRUPT, tid, 0, 0);
			seized++;
			again = true;
		}
		closedir(dir);
	}
	if (zombie_leader && !seized) {
		attach_error(pid, pid, EPERM);
		return -1;
	}
	return 0;
}

/* ---- stops ---- */

/* A syscall-entry, syscall-exit or seccomp stop (status). */
static void on_syscall_stop(struct tracer *tr, struct task *task, int status)
{
	struct __ptrace_syscall_info info;
	enum inj_stop kind = inj_stop_kind(task->tid, status, &info);

	task->stop_status = status;
	if (info.op == PTRACE_SYSCALL_INFO_NONE)
		return;
	if (kind == INJ_STOP_SYSCALL_EXIT) {
		task->entry_seen = false;
		task->stop = kind;
		if (task->in_syscall)
			bpf_stop_exit(tr, task, info.exit.rval);
		return;
	}
	if (kind == INJ_STOP_SECCOMP) {
		if (info.seccomp.nr != __NR_bpf) {
			on_seccomp_install(tr, task);
			return;
		}
		if (task->entry_seen)
			return;		/* its entry stop came first */
	}
	task->entry_seen = kind == INJ_STOP_SYSCALL_ENTRY;
	/* info.seccomp begins as info.entry does: nr, then args */
	if (info.entry.nr != __NR_bpf || task->quiet)
		return;		/* untraced child: let it run */
	task->stop = kind;
	bpf_stop_entry(tr, task, info.entry.args);
}

static void on_new_task(struct tracer *tr, struct task *parent, int event)
{
	unsigned long msg;

	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, 0, &msg))
		return;
	pid_t tid = msg;
	struct task *task = task_table__find(&tr->tasks, tid);

	if (!task)
		task = add_new_task(tr, tid, event == PTRACE_EVENT_CLONE ?
						     parent->tgid : tid);
	/* filters are inherited (Seccomp_filters is not shown before 5.9) */
	if (task && parent->own_filter)
		task->own_filter = true;
}

struct exec_sweep {
	struct tracer *tr;
	struct task *keep;
};

static void sweep_thread(struct task *task, void *arg)
{
	struct exec_sweep *sweep = arg;

	if (task != sweep->keep && task->tgid == sweep->keep->tgid) {
		task->in_syscall = false;
		remove_task(sweep->tr, task);
	}
}

static void on_exec(struct tracer *tr, struct task *task)
{
	unsigned long former;

	/*
	 * A non-leader thread that execs takes the leader's tid; every other
	 * thread of the process is gone without an exit report.
	 */
	task->startup = false;
	if (!ptrace(PTRACE_GETEVENTMSG, task->tid, 0, &former) &&
	    (pid_t)former != task->tid) {
		struct task *old = task_table__find(&tr->tasks, former);

		/*
		 * task is the leader's entry: its call in flight (if its
		 * PTRACE_EVENT_EXIT stop did not end it) never returns, and
		 * the entry goes on as the thread that exec'd.
		 */
		if (task->in_syscall)
			bpf_stop_abandon(tr, task);
		/* its PTRACE_EVENT_EXIT stop was the old leader's */
		unmark_exiting(tr, task);
		if (old) {
			old->in_syscall = false;
			remove_task(tr, old);
		}
	}
	struct exec_sweep sweep = { tr, task };

	task_table__for_each(&tr->tasks, sweep_thread, &sweep);
	forget_process(tr, task->tgid, true);
	if ((pid_t)former != task->tid)
		lifecycle_superseded(tr, task, former);
}

static void on_wait_status(struct tracer *tr, pid_t pid, int status);

/*
 * An injection during the stop may have consumed the task's next wait
 * status (it died, or exec'd under us): handle that one instead.
 */
static void resume_after_syscall_stop(struct tracer *tr, struct task *task)
{
	if (task->taken) {
		task->taken = false;
		on_wait_status(tr, task->tid, task->taken_status);
		return;
	}
	resume(tr, task, 0);
}

static bool is_group_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

static void on_stop(struct tracer *tr, struct task *task, int status)
{
	int sig = WSTOPSIG(status);
	int event = (unsigned int)status >> 16;

	if (sig == (SIGTRAP | 0x80)) {
		on_syscall_stop(tr, task, status);
		resume_after_syscall_stop(tr, task);
		return;
	}
	switch (event) {
	case 0:
		/* signal-delivery stop: deliver it, exactly once */
		if (!task->startup)
			lifecycle_signal(tr, task, sig);
		resume(tr, task, task__signal_to_deliver(task, sig));
		return;
	case PTRACE_EVENT_SECCOMP:
		on_syscall_stop(tr, task, status);
		resume_after_syscall_stop(tr, task);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		on_new_task(tr, task, event);
		break;
	case PTRACE_EVENT_EXEC:
		on_exec(tr, task);
		break;
	case PTRACE_EVENT_STOP:
		if (is_group_stop_signal(sig)) {
			lifecycle_stopped(tr, task, sig);
			/* stay stopped, but report what comes next */
			if (ptrace(PTRACE_LISTEN, task->tid, 0, 0) &&
			    errno != ESRCH)
				log_perror("PTRACE_LISTEN %d", task->tid);
			return;
		}
		/* a SIGCONT, an interrupt stop, or a new task's first stop */
		task__resent_stop_continued(task);
		if (task->quiet && !tr->seccomp) {
			/* -p without -f: a new process is none of ours */
			ptrace(PTRACE_DETACH, task->tid, 0, 0);
			remove_task(tr, task);
			return;
		}
		break;
	case PTRACE_EVENT_EXIT:
		/*
		 * Killed inside a call (or by another thread's execve): it
		 * never returns.  strace prints "= ?" here too.
		 */
		if (task->in_syscall)
			bpf_stop_abandon(tr, task);
		if (!task->exiting) {
			task->exiting = true;
			task->exiting_next = tr->exiting;
			tr->exiting = task;
		}
		break;
	default:
		break;
	}
	resume(tr, task, 0);
}

static void on_wait_status(struct tracer *tr, pid_t pid, int status)
{
	struct task *task = task_table__find(&tr->tasks, pid);

	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		if (pid == tr->child) {
			tr->child_exited = true;
			tr->child_status = status;
		}
		if (!task)
			return;
		if (task->in_syscall)
			bpf_stop_abandon(tr, task);
		lifecycle_ended(tr, task, status);
		/* a leader's exit is reported after all its threads' */
		if (task->tid == task->tgid)
			forget_process(tr, task->tgid, false);
		remove_task(tr, task);
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	tr->stops++;
	if (!task) {
		/* a new child's first stop, before its parent's event */
		task = add_new_task(tr, pid, pid);
		if (!task) {
			ptrace(PTRACE_DETACH, pid, 0, 0);
			return;
		}
	}
	on_stop(tr, task, status);
}

/*
 * A task that has passed its PTRACE_EVENT_EXIT stop is reaped as soon as
 * it is a zombie, before the stop in hand is told.  waitpid(-1) looks at
 * the tracer's own child first, so a joined thread's end could wait
 * behind the process's later stops (its SIGCHLD from another child) and
 * still count for the "[pid N] " prefix, where strace, which reaps it at
 * once, has one task left.  A leader whose threads live on is no zombie
 * yet: it is looked at again at the next stop.
 */
static void reap_exited(struct tracer *tr)
{
	struct task *task = tr->exiting;

	while (task) {
		struct task *next = task->exiting_next;
		pid_t tid = task->tid;
		int status;

		if (waitpid(tid, &status, __WALL | WNOHANG) == tid)
			on_wait_status(tr, tid, status);
		task = next;
	}
}

/* ---- detaching (-p, on SIGINT/SIGTERM) ---- */

static void interrupt_task(struct task *task, void *arg)
{
	ptrace(PTRACE_INTERRUPT, task->tid, 0, 0);
}

/*
 * Before the last thread of a process we attached to is let go, its
 * scratch page is unmapped: the process is left as it was found.  The
 * task is at a stop of that kind, with wait status status.  A signal that
 * came meanwhile and that the engine could not leave pending (a SIGSTOP)
 * is sent again, to be taken once detached.
 */
static int remove_scratch(struct tracer *tr, struct task *task,
			  enum inj_stop kind, int status)
{
	struct fetch_ctx *ctx = &tr->view.inject;
	struct inj_mm *mm = mm_table__find(&ctx->mms, task->tgid);
	struct inj_task it;
	int err;

	if (!mm || !mm->base)
		return 0;
	inj_task__init(&it, task->tid, mm);
	it.proc_tid = procns_pid(task->tid);
	it.waitq = &ctx->waitq;
	it.detaching = true;
	it.stop = kind;
	it.stop_status = status;
	err = inj_session__begin(&it);
	if (!err)
		err = inj_scratch__destroy(&it);
	err = inj_session__end(&it) ?: err;
	fetch_resend_signals(&it, task->tgid, task->tid);
	if (!err)
		mm_table__remove(&ctx->mms, task->tgid);
	return err;
}

/* Stops a detaching thread may run on, waiting for one fit to unmap at. */
#define DETACH_MAX_TRIES 1000

/*
 * Each task is interrupted, and detached at its next stop, handing back
 * a signal it was about to receive.  A task in a group-stop stays stopped.
 * The scratch page of a process goes first: where a stop is unfit for the
 * munmap (say, the thread sat in an interrupted nanosleep that must
 * restart), the thread runs on to its next syscall stop and we try there;
 * from a group-stop in such a call that is the restarted call's entry
 * stop, with no instruction of the program run (a group-stop elsewhere is
 * fit: see inj_task.detaching).
 */
static void detach_all(struct tracer *tr)
{
	unsigned int tries = 0;

	/* the tasks leave one by one: the last lines are still of many */
	tr->keep_prefix = tr->printed_tasks > 1;
	task_table__for_each(&tr->tasks, interrupt_task, NULL);
	while (tr->tasks.count) {
		int status;
		pid_t pid;

		if (!inj_waitq__take(&tr->view.inject.waitq, &pid, &status))
			pid = waitpid(-1, &status, __WALL);

		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		struct task *task = task_table__find(&tr->tasks, pid);

		if (!task)
			continue;
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			remove_task(tr, task);
			continue;
		}
		int sig = WSTOPSIG(status);
		int event = (unsigned int)status >> 16;
		int deliver = event == 0 && sig != (SIGTRAP | 0x80) ? sig : 0;
		struct __ptrace_syscall_info info;
		enum inj_stop kind = inj_stop_kind(pid, status, &info);

		if (task->in_syscall && kind == INJ_STOP_SYSCALL_EXIT)
			bpf_stop_exit(tr, task, info.exit.rval);
		int err = remove_scratch(tr, task, kind, status);

		if (err == -EAGAIN && ++tries < DETACH_MAX_TRIES) {
			ptrace(PTRACE_SYSCALL, pid, 0, deliver);
			continue;
		}
		if (err && err != -ESRCH)
			log_error("could not unmap the scratch page of %d: %s",
				  task->tgid, strerror(-err));
		ptrace(PTRACE_DETACH, pid, 0, deliver);
		task->in_syscall = false;
		remove_task(tr, task);
	}
}

static int exit_status(const struct tracer *tr)
{
	if (!tr->child)
		return 0;
	/* we killed it after a SIGTERM/SIGHUP: that signal is the cause */
	if (tr->interrupted_by && WIFSIGNALED(tr->child_status) &&
	    WTERMSIG(tr->child_status) == SIGKILL)
		return TRACER_KILLED_BY(tr->interrupted_by);
	if (WIFSIGNALED(tr->child_status))
		return TRACER_KILLED_BY(WTERMSIG(tr->child_status));
	return WEXITSTATUS(tr->child_status);
}

static void install_handlers(bool attached)
{
	struct sigaction sa = { .sa_handler = on_interrupt };
	struct sigaction ign = { .sa_handler = SIG_IGN };

	/* no SA_RESTART: the signal must end a waitpid() */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/*
	 * A reader gone (injtrace -p PID | head -1) is a write error like
	 * ENOSPC or EIO, seen as EPIPE by output__write(): the tracer then
	 * detaches cleanly instead of dying with its scratch pages mapped.
	 */
	sigaction(SIGPIPE, &ign, &saved_sigpipe);
	if (attached) {
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGQUIT, &sa, NULL);
	} else {
		/* ^C goes to the whole foreground group: let PROG take it */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
}

static void kill_task(struct task *task, void *arg)
{
	kill(task->tid, SIGKILL);
}

/*
 * Waiting for the next stop without losing a signal.  A SIGINT that the
 * handler took between the loop's check of `interrupted` and a blocking
 * waitpid() left the tracer asleep for a stop that may never come (an
 * attached shell in a group-stop stops no more: injtrace -p never
 * detached).  So once the trace runs, the tracer thread keeps SIGCHLD
 * and its interrupting signals blocked and sleeps in sigwaitinfo() for
 * either: every ptrace stop and exit of a tracee sends its tracer
 * SIGCHLD, queued while blocked, so none is slept through.  The
 * placement guard's thread blocks every signal, so they come here.
 */
struct waker {
	sigset_t intr;		/* what interrupts the trace */
	sigset_t wake;		/* those and SIGCHLD */
	unsigned int found;	/* stops found without sleeping */
};

/* A trace that never sleeps looks for a signal every this many stops. */
#define WAKER_POLL_STOPS 64
/*
 * With several tracees, every status there is is taken at once and they
 * are handled in turn: waitpid(-1) alone finds the first child in the
 * kernel's list first, so the thread resumed last, back at its next stop
 * on the tracer's CPU before the tracer looks again (see placement.c),
 * would be served over and over while the others wait at their stops.
 */
#define WAKER_BATCH 64

static void waker__init(struct waker *w, bool attached)
{
	sigemptyset(&w->intr);
	sigaddset(&w->intr, SIGTERM);
	sigaddset(&w->intr, SIGHUP);
	/* a started PROG takes ^C itself: SIGINT stays ignored, unblocked */
	if (attached) {
		sigaddset(&w->intr, SIGINT);
		sigaddset(&w->intr, SIGQUIT);
	}
	w->wake = w->intr;
	sigaddset(&w->wake, SIGCHLD);
	w->found = 0;
	pthread_sigmask(SIG_BLOCK, &w->wake, NULL);
}

static void waker__poll(struct waker *w)
{
	static const struct timespec now;
	int sig = sigtimedwait(&w->intr, NULL, &now);

	if (sig > 0)
		interrupted = sig;
}

/*
 * A status there is now, without sleeping: its pid, 0 if none, -1 with
 * errno.  With several tracees (q empty) every status is queued on q and
 * the first one taken.
 */
static pid_t waker__look(struct waker *w, struct inj_waitq *q, bool several,
			 int *status)
{
	pid_t pid;
	int n;

	if (!several)
		return waitpid(-1, status, __WALL | WNOHANG);
	n = inj_waitq__drain(q, WAKER_BATCH);
	if (n == -ENOMEM)	/* no room to queue: one at a time, as alone */
		return waitpid(-1, status, __WALL | WNOHANG);
	if (n < 0) {
		errno = -n;
		return -1;
	}
	if (!inj_waitq__take(q, &pid, status))
		return 0;
	w->found += n - 1;
	return pid;
}

/*
 * The next stop's pid and status; 0 when a signal interrupted the trace
 * (see `interrupted`), -1 with errno when there is nothing to wait for.
 * Statuses found beside it are queued on q, which must be empty.
 */
static pid_t waker__next(struct waker *w, struct placement *pl,
			 struct inj_waitq *q, bool several, int *status)
{
	/* the next stop is usually there already: see placement.c */
	pid_t pid = waker__look(w, q, several, status);

	if (pid != 0) {
		if (pid > 0 && ++w->found >= WAKER_POLL_STOPS) {
			w->found = 0;
			waker__poll(w);
		}
		return pid;
	}
	placement__idle(pl);
	for (;;) {
		int sig = sigwaitinfo(&w->wake, NULL);

		if (sig < 0 && errno != EINTR)
			return -1;
		if (sig > 0 && sig != SIGCHLD) {
			interrupted = sig;
			return 0;
		}
		/* SIGCHLD may be of a stop taken already: look again */
		pid = waker__look(w, q, several, status);
		if (pid != 0)
			return pid;
	}
}

int ptrace_loop_run(const struct options *opts)
{
	struct tracer tr = { .opts = opts };
	struct placement pl;
	struct waker waker;
	bool broken = false;	/* the output failed */
	int ret = 1;

	/*
	 * First of all: a SIGINT that comes while injtrace sets up is not
	 * lost, even when it was started with SIGINT ignored (a script's
	 * background job), where the kernel would drop it.
	 */
	install_handlers(opts->npids > 0);
	if (task_table__init(&tr.tasks) ||
	    map_view__init(&tr.view, opts->btf, opts->map_names,
			   opts->nmap_names)) {
		log_error("out of memory");
		return 1;
	}
	tr.view.ids = opts->map_ids;
	tr.view.nids = opts->nmap_ids;
	tr.view.plain = opts->plain;
	summary__init(&tr.summary);
	if (output__open(&tr.out, opts))
		goto out;
	output__set_timing(&tr.out, opts->timestamps, opts->relative,
			   opts->call_time);
	tr.out.quiet = opts->summary == SUMMARY_ONLY;
	if (opts->npids) {
		/* interrupted already: nothing to attach to, nothing to undo */
		for (unsigned int i = 0; i < opts->npids && !interrupted; i++) {
			if (attach_process(&tr, opts->pids[i])) {
				detach_all(&tr);
				goto out;
			}
		}
	} else if (start_child(&tr)) {
		goto out;
	}
	/* after the fork: the tracee must not inherit the tracer's placement */
	placement__init(&pl);
	/* after the fork too: PROG starts with the signal mask we were given */
	waker__init(&waker, opts->npids > 0);

	while (tr.tasks.count) {
		int status;
		pid_t pid;

		if (tr.out.err && !broken) {
			broken = true;
			log_error("cannot write the trace: %s; %s",
				  strerror(-tr.out.err),
				  opts->npids ? "detaching" :
						"killing the traced program");
			interrupted = SIGPIPE;
		}
		if (interrupted) {
			if (opts->npids) {
				detach_all(&tr);
				break;
			}
			/* a started PROG dies with us, as under strace */
			task_table__for_each(&tr.tasks, kill_task, NULL);
			tr.interrupted_by = interrupted;
			interrupted = 0;
		}
		/* statuses taken already first (by an injection), in order */
		if (!inj_waitq__take(&tr.view.inject.waitq, &pid, &status)) {
			pid = waker__next(&waker, &pl, &tr.view.inject.waitq,
					  tr.tasks.count > 1, &status);
			if (pid == 0)
				continue;
			if (pid < 0) {
				if (errno != ECHILD)
					log_perror("waitpid");
				break;
			}
		}
		placement__stop(&pl, pid);
		reap_exited(&tr);
		on_wait_status(&tr, pid, status);
	}
	placement__fini(&pl, getenv("INJTRACE_STATS"));
	ret = broken ? 1 : exit_status(&tr);
	/* after the last call, whatever ended the trace (exit, ^C, detach) */
	if (opts->summary && !broken) {
		struct printer p;

		printer__init(&p, opts->json ? PRINTER_JSON : PRINTER_TEXT, 0);
		summary__print(&tr.summary, &p, opts->sort_by);
		output__write_summary(&tr.out, &p);
		printer__free(&p);
	}
	if (getenv("INJTRACE_STATS")) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "injtrace: %lu stops\n", tr.stops);
		fprintf(stderr, "injtrace: %lu map fetches\n", tr.view.fetches);
		fprintf(stderr, "injtrace: maxrss %ld KiB\n", ru.ru_maxrss);
	}
out:
	output__close(&tr.out);
	if (tr.out.err && !broken) {
		log_error("cannot write the trace: %s", strerror(-tr.out.err));
		ret = 1;
	}
	summary__free(&tr.summary);
	task_table__free(&tr.tasks);
	map_view__free(&tr.view);
	return ret;
}
