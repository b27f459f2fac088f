/* SPDX-License-Identifier: MIT */
/* Inside src/inject: the steps the session API is made of. */
#ifndef INJTRACE_INJECT_REMOTE_INT_H
#define INJTRACE_INJECT_REMOTE_INT_H

#include "inject/inject.h"

/*
 * The next wait status of t's thread, an exit or a stop (wait.c): with
 * t->waitq, the statuses of other children on the way are queued there.
 * 0 or -errno (-ENOMEM: the queue could not grow, nothing was waited for).
 */
int inj_wait_thread(struct inj_task *t, int *status) INJ_MUST_CHECK;

enum inj_want {
	INJ_WANT_SYSCALL,	/* the next syscall-entry/exit stop */
	INJ_WANT_SECCOMP,	/* the next PTRACE_EVENT_SECCOMP stop */
	INJ_WANT_TRAP,		/* SIGTRAP with pc == trap_pc */
};

/*
 * Resumes the thread with req and waits for the wanted stop, dealing with
 * every other stop on the way (remote.c).  0 or -errno; -ESRCH with
 * t->taken when the thread is gone or exec'd.
 */
int inj_wait(struct inj_task *t, int req, enum inj_want want,
	     uint64_t trap_pc) INJ_MUST_CHECK;
/* One call by the syscall instruction at insn: entry + exit stop. */
int inj_classic_syscall(struct inj_task *t, uint64_t insn, long nr,
			const uint64_t args[6], int64_t *ret) INJ_MUST_CHECK;
/*
 * Runs the scratch code at pc with the registers of a syscall nr(args)
 * (the code reads them as its arguments) until the trap at trap_pc: one
 * stop.  The registers at the trap are in t->s.now.  -EOPNOTSUPP, before
 * the thread moves, when it ignores SIGTRAP: a trap would reset that.
 */
int inj_trap_run(struct inj_task *t, uint64_t pc, long nr,
		 const uint64_t args[6], uint64_t trap_pc) INJ_MUST_CHECK;
/* One call by the scratch code: one SIGTRAP stop. */
int inj_trap_syscall(struct inj_task *t, long nr, const uint64_t args[6],
		     int64_t *ret) INJ_MUST_CHECK;

/* Unmaps the tracer's side of the shared scratch data, if any (mem.c). */
void inj_mm_unmap_local(struct inj_mm *mm);

#endif
