/* SPDX-License-Identifier: MIT */
/* The table of traced tasks (threads), keyed by tid. */
#ifndef INJTRACE_CORE_TASK_H
#define INJTRACE_CORE_TASK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "decode/bpf_decode.h"
#include "decode/printer.h"
#include "core/map_view.h"
#include "inject/inject.h"

/* Bytes of keys or values prefetched at most, per span. */
#define TASK_PREFETCH_MAX 512

/*
 * The key (and value) a call read at its entry, read again at the next
 * call's entry in the same process_vm_readv as its attr: a program that
 * looks up from one buffer costs one read per entry, not two.  The bytes
 * are used only when the attr names the same address and length, so they
 * are the tracee's memory at this very stop.
 */
struct task_prefetch {
	bool armed;		/* the next read of the task is a new attr */
	struct task_span {
		uint64_t addr;
		uint32_t len;	/* 0: nothing to prefetch */
		bool ok;	/* buf holds len bytes at addr, read now */
		unsigned char buf[TASK_PREFETCH_MAX];
	} span[2];		/* by enum bpf_map_buf */
};

struct task {
	pid_t tid;
	pid_t tgid;
	struct task *next;	/* hash chain */
	bool quiet;		/* traced (it inherited our filter) but not printed */
	bool in_syscall;	/* between a bpf() entry and its exit */
	/*
	 * It runs under a seccomp filter not ours, which may fail bpf()
	 * before our SECCOMP_RET_TRACE is seen: it runs under PTRACE_SYSCALL
	 * (ptrace_loop.c).  entry_seen: at a syscall-entry stop, so the
	 * seccomp stop of the same call is not a second entry.
	 */
	bool own_filter;
	bool entry_seen;
	/* the call in flight: when its entry stop was seen (-t, -r, JSON
	 * "ts"), and when the tracer let it run into the kernel (-T) */
	struct timespec entry_wall, entry_mono, call_start;
	FILE *file;		/* -ff: its own output file, else NULL */
	bool startup;		/* the started PROG before its execve: our own
				 * SIGSTOP/SIGCONT are not its story */
	struct bpf_call *call;	/* the bpf() in flight, allocated lazily */
	struct bpf_decode_env env;	/* how its decoders reach this task */
	struct printer line;	/* the record of the call in flight */
	struct call_map cmap;	/* its map, and key/value bytes for JSON */
	struct task_prefetch pf;
	enum inj_stop stop;	/* the stop the task is in, for injection */
	int stop_status;
	/* an injection consumed the task's next wait status (it died) */
	bool taken;
	int taken_status;
	/*
	 * A stop signal an injection took and the tracer sent again
	 * (fetch_resend_signals()), until the thread takes it; a SIGCONT
	 * that shows first (a PTRACE_EVENT_STOP of SIGTRAP) cancels it.
	 */
	int resent_stop;
	bool resent_stop_canceled;
	/* past its PTRACE_EVENT_EXIT stop, not reaped yet (tracer.exiting) */
	struct task *exiting_next;
	bool exiting;
};

/*
 * A SIGCONT reported (a PTRACE_EVENT_STOP of SIGTRAP): cancels the stop
 * signal the tracer sent again, if still pending (task.c says why).
 */
void task__resent_stop_continued(struct task *task);
/* What to deliver at a signal-delivery stop of sig: 0 for a canceled one. */
int task__signal_to_deliver(struct task *task, int sig);

struct task_table {
	struct task **buckets;
	unsigned int nbuckets;
	unsigned int count;
};

int task_table__init(struct task_table *t) __attribute__((warn_unused_result));
void task_table__free(struct task_table *t);
struct task *task_table__find(struct task_table *t, pid_t tid);
/* Adds tid (or returns the existing entry); NULL on allocation failure. */
struct task *task_table__add(struct task_table *t, pid_t tid, pid_t tgid);
void task_table__remove(struct task_table *t, pid_t tid);
/* Calls fn for every task; fn may remove the task it is given. */
void task_table__for_each(struct task_table *t,
			  void (*fn)(struct task *task, void *arg), void *arg);

/*
 * bpf_decode_env.read_mem with a struct task as opaque.  The first read
 * after task__arm_prefetch() (the attr) also reads the prefetch spans.
 */
int task__read_mem(void *task, uint64_t addr, void *buf, size_t len);
/* A new call: its attr read takes the prefetch spans along. */
void task__arm_prefetch(struct task *task);
/*
 * Map data of the call at its entry stop: from the prefetch when it holds
 * exactly these bytes, else read; remembered for the next call.
 */
int task__read_entry_data(struct task *task, enum bpf_map_buf which,
			  uint64_t addr, void *buf, size_t len);
/*
 * The key of the call at its entry stop, as task__read_entry_data(), and
 * when it must be read, the value the call passes in (value_len bytes at
 * value_addr, 0: none) in the same process_vm_readv: a program that
 * marshals every key and value into fresh buffers (Go's cilium/ebpf)
 * misses the prefetch each time.  The value then waits in its prefetch
 * span for task__read_entry_data().
 */
int task__read_entry_key(struct task *task, uint64_t addr, void *buf,
			 size_t len, uint64_t value_addr, size_t value_len);

#endif
