// SPDX-License-Identifier: MIT
#include "core/dump.h"

#include <bpf/btf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/dump_iter.h"
#include "core/dump_print.h"
#include "core/dump_proc.h"
#include "core/fetch.h"
#include "core/log.h"
#include "core/maps.h"
#include "core/procns.h"
#include "inject/inject.h"

/* Stops to let pass while waiting for one where injecting is safe. */
#define MAX_TRIES 1000

struct dump {
	const struct options *opts;
	struct dump_out out;
	struct maps maps; /* map infos, BTF by id */
};

/* The thread of a process that the dump runs in. */
struct target {
	pid_t pid;
	pid_t tid;
	int status;  /* its current stop */
	int deliver; /* the signal of a signal-delivery-stop */
	struct inj_mm mm;
	struct inj_task it;
	bool gone; /* died under us */
};

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	interrupted = sig;
}

/*
 * Whether the target has died under us.  Its memory reads and writes
 * fail (EIO, a short write) before any wait tells of its death, and
 * /proc may still show it running while it exits.  But the dump holds
 * its thread in a ptrace-stop from attach to detach, and only SIGKILL
 * takes it out of one: a ptrace request the thread no longer answers
 * (ESRCH) says it is dying.
 */
static bool process_gone(const struct target *t)
{
	unsigned long msg;

	return t->it.taken ||
	       (ptrace(PTRACE_GETEVENTMSG, t->tid, NULL, &msg) < 0 &&
		errno == ESRCH);
}

static int wait_stop(struct target *t)
{
	int event;

	while (waitpid(t->tid, &t->status, __WALL) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFSTOPPED(t->status)) {
		t->gone = true;
		return -ESRCH;
	}
	event = (unsigned int)t->status >> 16;
	t->deliver = !event && WSTOPSIG(t->status) != (SIGTRAP | 0x80)
			 ? WSTOPSIG(t->status)
			 : 0;
	return 0;
}

/*
 * Seizes the thread of dump_proc_thread() and opens a session with a
 * scratch area at a stop fit for injecting: the interrupt stop, else (it
 * sat in a syscall to restart, whose restart the classic path that maps
 * the area would lose) one of the next syscall stops.
 */
static int attach(struct target *t)
{
	int err;

	t->mm.ptrace_opts = PTRACE_O_TRACESYSGOOD;
	if (ptrace(PTRACE_SEIZE, t->tid, 0, t->mm.ptrace_opts))
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, t->tid, 0, 0))
		return -errno;
	for (int tries = 0;; tries++) {
		err = wait_stop(t);
		if (err)
			return err;
		inj_task__init(&t->it, t->tid, &t->mm);
		t->it.proc_tid = t->mm.proc_pid;	/* this thread's */
		t->it.stop = inj_stop_kind(t->tid, t->status, NULL);
		t->it.stop_status = t->status;
		err = inj_session__begin(&t->it);
		if (!err) {
			err = inj_scratch__ensure(&t->it, DUMP_ITER_SCRATCH);
			if (err == -EAGAIN && inj_session__end(&t->it))
				err = -ESRCH;
		}
		if (err != -EAGAIN || tries == MAX_TRIES)
			break;
		if (WSTOPSIG(t->status) != SIGTRAP &&
		    (unsigned int)t->status >> 16 == PTRACE_EVENT_STOP)
			return -EAGAIN; /* job-control stopped: stays so */
		ptrace(PTRACE_SYSCALL, t->tid, 0, t->deliver);
	}
	return err;
}

/* Undoes attach(): the scratch area, the session, the ptrace. */
static void detach(struct target *t, bool in_session)
{
	int err = 0;

	if (in_session && !t->gone) {
		err = inj_scratch__destroy(&t->it);
		err = inj_session__end(&t->it) ?: err;
		if (err && err != -ESRCH)
			log_error("process %d: scratch area not removed: %s",
				  t->pid, strerror(-err));
		fetch_resend_signals(&t->it, t->pid, t->tid);
	}
	if (!t->it.taken)
		ptrace(PTRACE_DETACH, t->tid, 0, t->deliver);
	inj_mm__free(&t->mm);
}

/* -e map=NAME,#ID: is e one of them (or is there no such filter)? */
static bool selected(const struct options *opts, const struct map_entry *e)
{
	if (!opts->nmap_names && !opts->nmap_ids)
		return true;
	for (unsigned int i = 0; i < opts->nmap_names; i++)
		if (!strcmp(opts->map_names[i], e->name))
			return true;
	for (unsigned int i = 0; i < opts->nmap_ids; i++)
		if (opts->map_ids[i] == e->id)
			return true;
	return false;
}

/* Why a map of this type is listed without its elements, or NULL. */
static const char *not_iterable(const struct map_entry *e)
{
	switch (e->desc.map_type) {
	/*
	 * A prog array is walked: a lookup reads back the prog's id
	 * (prog_fd_array_sys_lookup_elem; seen on Linux 6.18), an empty
	 * slot gives -ENOENT and is left out, as bpftool does.  These two
	 * have no map_fd_sys_lookup_elem: -ENOTSUPP.
	 */
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
		return "holds fds, which bpf() does not read back";
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return "no keys: reading an element takes it out";
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case 32: /* BPF_MAP_TYPE_CGRP_STORAGE, Linux 6.2 */
		return "local storage: keyed by the objects it belongs to, "
		       "cannot be walked";
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		return "a ring buffer: no elements, it is read through mmap";
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return "a bloom filter: no keys";
	case 33: /* BPF_MAP_TYPE_ARENA, Linux 6.9 */
		return "an arena: memory pages, no elements";
	default:
		return e->desc.key_size ? NULL : "no keys";
	}
}

/* The elements of e, chunk by chunk: 0 or the -errno that ended it. */
static int dump_elements(struct dump *d, struct target *t, int fd,
			 const struct map_entry *e)
{
	struct dump_iter di;
	unsigned int n;
	int err = dump_iter__init(&di, &t->it, fd, &e->desc);

	while (!err && !di.done && !interrupted && !ferror(d->out.file)) {
		err = dump_iter__next(&di, &n);
		if (!err)
			dump_out__elements(&d->out, di.keys, di.values, n,
					   di.key_size, di.value_size);
	}
	dump_iter__free(&di);
	if (!err && interrupted)
		err = -EINTR;
	return err;
}

static int dump_map(struct dump *d, struct target *t, int fd)
{
	struct bpf_map_info info;
	struct map_entry *e;
	struct btf *btf = NULL;
	char note[sizeof(e->btf_note)] = "", error[160];
	size_t info_len;
	int err;

	err = fetch_map_session(&t->it, fd, &info, &info_len, &btf, note,
				sizeof(note));
	if (err == -EBADF || err == -EINVAL)
		return 0; /* closed, or reused for another object */
	if (err)
		return err;
	e = maps__find(&d->maps, info.id);
	if (!e)
		e = maps__add(&d->maps, &info, info_len);
	if (!e) {
		btf__free(btf);
		return -ENOMEM;
	}
	if (btf && !maps__find_btf(&d->maps, e->btf_id, NULL))
		maps__add_btf(&d->maps, e->btf_id, btf);
	else
		btf__free(btf);
	e->desc.btf = e->btf_id ? maps__find_btf(&d->maps, e->btf_id,
						 &e->desc.plans) : NULL;
	if (!selected(d->opts, e))
		return 0;
	dump_out__map_begin(&d->out, t->pid, fd, e, note);
	if (not_iterable(e)) {
		dump_out__map_end(&d->out, not_iterable(e));
		return 0;
	}
	err = dump_elements(d, t, fd, e);
	if (err && process_gone(t))
		err = -ESRCH;
	if (err == -ESRCH)
		snprintf(error, sizeof(error),
			 "the process exited during the dump");
	else if (err == -EINTR)
		snprintf(error, sizeof(error), "interrupted");
	else if (err)
		snprintf(error, sizeof(error),
			 "its elements cannot be read through bpf(): %s",
			 strerror(-err));
	dump_out__map_end(&d->out, err ? error : NULL);
	return err == -ESRCH || err == -EINTR ? err : 0;
}

static int dump_process(struct dump *d, pid_t pid)
{
	struct target t = {.pid = pid, .tid = dump_proc_thread(pid)};
	unsigned int n;
	int *fds, err;

	err = t.tid < 0 ? t.tid : dump_proc_map_fds(t.tid, &fds, &n);
	if (err) {
		log_error("cannot read the fds of process %d: %s", pid,
			  strerror(-err));
		return err;
	}
	/* through that thread: a zombie leader has no mm (empty maps) */
	inj_mm__init(&t.mm, t.tid);
	t.mm.proc_pid = procns_pid(t.tid);
	err = n ? attach(&t) : 0;
	if (err) {
		log_error("cannot attach to process %d: %s", pid,
			  err == -EAGAIN ? "it is stopped (job control)"
					 : strerror(-err));
		if (err != -EPERM && err != -ESRCH)
			detach(&t, false);
		else
			inj_mm__free(&t.mm);
		free(fds);
		return err;
	}
	for (unsigned int i = 0; i < n && !err; i++)
		err = dump_map(d, &t, fds[i]);
	if (err && (err == -ESRCH || process_gone(&t)))
		t.gone = true;
	if (n)
		detach(&t, true);
	if (t.gone)
		log_error("process %d exited during the dump", pid);
	else if (err && err != -EINTR)
		log_error("process %d: %s", pid, strerror(-err));
	free(fds);
	return err;
}

static void install_handlers(void)
{
	struct sigaction sa = {.sa_handler = on_interrupt};

	/* no SA_RESTART: a signal must end a waitpid() */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	/* a closed pipe: EPIPE from the writes, then a clean detach */
	signal(SIGPIPE, SIG_IGN);
}

int dump_run(const struct options *opts)
{
	struct dump d = {.opts = opts};
	/* -o '|cmd': the dump is the command's stdin, as a trace is */
	bool piped = opts->output && opts->output[0] == '|';
	FILE *file = stdout;
	int ret = 0;

	if (piped)
		file = popen(opts->output + 1, "we");
	else if (opts->output)
		file = fopen(opts->output, "we");
	if (!file) {
		log_perror("cannot open %s", opts->output);
		return 1;
	}
	if (maps__init(&d.maps)) {
		log_error("out of memory");
		return 1;
	}
	install_handlers();
	dump_out__init(&d.out, file, opts->json, opts->string_limit);
	for (unsigned int i = 0; i < opts->npids && !interrupted; i++)
		if (dump_process(&d, opts->pids[i]))
			ret = 1;
	if (interrupted)
		ret = 1;
	if (fflush(file) || ferror(file)) {
		log_error("writing the dump: %s", strerror(errno));
		ret = 1;
	}
	if (piped)
		pclose(file);
	else if (file != stdout)
		fclose(file);
	dump_out__free(&d.out);
	maps__free(&d.maps);
	return ret;
}
