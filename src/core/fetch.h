/* SPDX-License-Identifier: MIT */
/*
 * Getting a map's identity and BTF for a tracee's fd that the tracer never
 * saw being created: by running the syscalls inside the tracee (inject), or
 * by copying the fd into the tracer with pidfd_getfd (getfd).
 */
#ifndef INJTRACE_CORE_FETCH_H
#define INJTRACE_CORE_FETCH_H

#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/mm_table.h"
#include "inject/inject.h"

struct btf;
struct task;

/*
 * What the fetches by injection need of their caller, handed down as
 * compel hands its parasite_ctl: the engine's state of each process, and
 * the queue of other tasks' wait statuses the engine consumed while it
 * waited on any child (the caller handles those before it waits again).
 */
struct fetch_ctx {
	struct mm_table mms;
	struct inj_waitq waitq;
};

int fetch_ctx__init(struct fetch_ctx *ctx) __attribute__((warn_unused_result));
void fetch_ctx__free(struct fetch_ctx *ctx);

/* A copy of tgid's fd in ours (pidfd_getfd): the fd, or -errno. */
int fetch_getfd(pid_t tgid, int fd) __attribute__((warn_unused_result));
/* Map info of tgid's fd through pidfd_getfd: 0 or -errno. */
int fetch_info_getfd(pid_t tgid, int fd, struct bpf_map_info *info,
		     size_t *info_len) __attribute__((warn_unused_result));

/*
 * The BTF object btf_id, fetched by the tracer itself (BTF ids are global;
 * needs CAP_SYS_ADMIN).  NULL with errno set on failure.
 */
struct btf *fetch_btf_by_id(unsigned int btf_id);

/*
 * --btf=getfd: the BTF object btf_id by id, or, when that is refused (no
 * CAP_SYS_ADMIN), through a BTF fd of that id tgid holds, copied with
 * pidfd_getfd(2).  NULL with a note of what was tried on failure.
 */
struct btf *fetch_btf_getfd(pid_t tgid, uint32_t btf_id, char *note,
			    size_t note_len);

/*
 * Sends thread tid of process tgid again the signals the engine took
 * during a session (it) and could not leave pending.  A stop signal taken
 * there had been dequeued, and the kernel drops a dequeued stop signal
 * once a SIGCONT comes (JOBCTL_STOP_DEQUEUED): sent again after a SIGCONT
 * that came meanwhile, it would stop the process for good.  So it is
 * dropped while a SIGCONT is pending (the session keeps one pending).
 * Returns the stop signal sent again, 0 if none: a SIGCONT sent between
 * that check and the send would still lose to it, so a tracer that goes
 * on tracing the thread drops it when a SIGCONT shows first
 * (task__resent_stop_continued()).
 */
int fetch_resend_signals(struct inj_task *it, pid_t tgid, pid_t tid);

/*
 * --btf=inject: map info of the tracee's fd and, when the map has BTF, that
 * BTF (*btf, parsed; NULL with a note when it cannot be had), run inside
 * task (stopped at task->stop) in one ptrace stop, with the engine state
 * of its process from ctx: 0 or -errno (no info).
 */
int fetch_map_inject(struct fetch_ctx *ctx, struct task *task, int fd,
		     struct bpf_map_info *info, size_t *info_len,
		     struct btf **btf, char *note, size_t note_len)
	__attribute__((warn_unused_result));
/*
 * --btf=inject: BTF btf_id, opened and read inside task (the tracer's own
 * fetch when the tracee may not open it).  NULL with errno and a note.
 */
struct btf *fetch_btf_inject(struct fetch_ctx *ctx, struct task *task,
			     uint32_t btf_id, char *note, size_t note_len);

/*
 * The same inside a session the caller opened on it (the tracee stopped,
 * its registers saved): for callers that run more in the same stop.
 */
int fetch_map_session(struct inj_task *it, int fd, struct bpf_map_info *info,
		      size_t *info_len, struct btf **btf, char *note,
		      size_t note_len) __attribute__((warn_unused_result));
struct btf *fetch_btf_session(struct inj_task *it, uint32_t btf_id,
			      char *note, size_t note_len);

/*
 * A BTF fd thread tid holds (anon_inode:btf) whose fdinfo shows btf_id:
 * the fd number, or -ENOENT (none), -errno.  Who may open a BTF by id
 * needs CAP_SYS_ADMIN; who holds an fd of it may read it.  Any live
 * thread of the process: a leader that exited before its threads is a
 * zombie whose /proc/PID/fd is refused.
 */
int fetch_find_btf_fd(pid_t tid, uint32_t btf_id);

/* vmlinux BTF (struct_ops values), loaded once; NULL if unavailable. */
struct btf *fetch_vmlinux_btf(void);

#endif
