/* SPDX-License-Identifier: MIT */
/*
 * Remote syscalls: make a ptrace-stopped thread run syscalls chosen by the
 * tracer and put it back exactly as it was.
 *
 * The caller (the tracer loop) owns the ptrace relationship.  The engine
 * waits on the thread it injects into (waitpid(tid, __WALL)), or, when the
 * caller hands it a queue (inj_task.waitq), on any child, queueing the
 * stops of the others for the caller.  Tell it what kind of stop the
 * thread is in, call inj_remote_syscall() or a begin/syscall.../end
 * session, then resume the thread as usual, adding the signals the engine
 * hands back (inj_task__take_signal()).
 *
 * Two ways to run a syscall:
 *  - classic: pc on a syscall instruction (the one just executed at a
 *    syscall stop, or one found in the vDSO/libc), PTRACE_SYSCALL to the
 *    entry stop and again to the exit stop.  Two stops, no code written.
 *  - trap: pc on "syscall; trap" in the scratch page of the address space,
 *    PTRACE_CONT to the SIGTRAP stop.  One stop; used once the scratch page
 *    exists (inj_scratch__ensure()).
 */
#ifndef INJTRACE_INJECT_H
#define INJTRACE_INJECT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch/arch.h"

struct __ptrace_syscall_info;

#define INJ_MUST_CHECK __attribute__((warn_unused_result))

/*
 * Where the scratch area is mapped when that address is free: the same in
 * every process, so a seccomp filter installed before exec can tell the
 * scratch code's syscalls (instruction pointer in its first page) from the
 * program's.  Inside the user address space of x86_64, arm64 (39 bits and
 * up) and riscv64 Sv39, below where the kernel puts mmaps and stacks.
 */
#define INJ_SCRATCH_HINT 0x2f00000000ULL
/*
 * The scratch code's syscall instructions lie in the first this many bytes
 * of the area, whatever the page size (16 and 64 KiB on some arm64
 * kernels): the window such a filter lets through.
 */
#define INJ_SCRATCH_CODE_SPAN 4096

/* Where the thread is stopped when the caller hands it to the engine. */
enum inj_stop {
	INJ_STOP_SYSCALL_EXIT,	/* syscall-exit-stop */
	INJ_STOP_SYSCALL_ENTRY,	/* syscall-entry-stop: the call re-runs after */
	INJ_STOP_SECCOMP,	/* PTRACE_EVENT_SECCOMP: the call re-runs after */
	INJ_STOP_SIGNAL,	/* PTRACE_EVENT_STOP or signal-delivery-stop */
};

/*
 * One per address space (process), shared by its threads: the scratch area
 * and what was learnt about the process's code.  Reset it at execve
 * (inj_mm__exec()), free it when the process is gone or detached.
 */
struct inj_mm {
	pid_t pid;		/* a thread of the process */
	/*
	 * Its pid in the /proc that is mounted (the caller sets it where
	 * /proc is of another PID namespace), -1 when not found there:
	 * then no /proc file is read.
	 */
	pid_t proc_pid;
	uint64_t base;		/* scratch mapping, 0 when none */
	size_t size;		/* code page + data pages */
	uint64_t code;		/* "syscall; trap" */
	uint64_t data;		/* read-write area of data_size bytes */
	size_t data_size;
	uint64_t syscall_insn;	/* a syscall instruction in vDSO/libc, or 0 */
	uint64_t chain_at;	/* base where the chain code was written (chain.c) */
	int mem_fd;		/* /proc/PID/mem, opened on first use, or -1 */
	/*
	 * /proc/TID/task/TID/stat of the thread last injected into, kept
	 * open (remote.c reads its SIGTRAP bits before a trap), or -1.
	 */
	int stat_fd;
	pid_t stat_tid;
	bool no_vm_rw;		/* process_vm_* refused: use mem_fd only */
	/*
	 * The ptrace options the tracer set on the threads of this process
	 * (PTRACE_SETOPTIONS replaces them all; 0: not known, never touched).
	 * A session adds PTRACE_O_EXITKILL while it lasts: a tracer that
	 * dies (SIGKILL) while a thread runs injected code, or sits at a stop
	 * with injected registers, leaves it to run on without a restore (a
	 * syscall it never made "returns", or it runs past the trap into
	 * whatever follows); killed, it cannot.
	 */
	unsigned long ptrace_opts;
	/*
	 * in: the scratch data may be a memfd mapped shared by the process
	 * and the tracer (the caller knows no seccomp filter of the
	 * process's own could refuse or kill it for memfd_create).
	 * local: that mapping on the tracer's side, NULL when there is none:
	 * then the data is reached by process_vm_readv/writev.
	 */
	bool share;
	void *local;
};

/*
 * Wait statuses of other children that injections consumed, oldest first
 * (wait.c).  The caller owns one, hands it to each inj_task that must
 * wait on any child, and handles what it holds as if it had waited for
 * each status itself.  It grows as needed; nothing is dropped.
 */
struct inj_waitq {
	struct inj_waitq_entry {
		pid_t pid;
		int status;
	} *v;
	unsigned int head;	/* the oldest not taken */
	unsigned int len;	/* used of v: taken ones, then queued ones */
	unsigned int cap;
};

void inj_waitq__init(struct inj_waitq *q);
void inj_waitq__free(struct inj_waitq *q);
/* The oldest queued status, taken off the queue; false when empty. */
bool inj_waitq__take(struct inj_waitq *q, pid_t *pid, int *status);
/*
 * Queues the statuses of every child that has one now (waitpid(-1,
 * WNOHANG) until there is none, at most max), the exits among them ahead
 * of the stops: all were there at once, and a thread's exit is handled
 * before the stops that follow it.  Returns how many (fewer when the queue
 * cannot grow or waitpid() fails), or -errno when none was queued:
 * -ECHILD, no child left; -ENOMEM, no room for one.
 */
int inj_waitq__drain(struct inj_waitq *q, unsigned int max);

/*
 * A thread as the engine sees it.  The caller fills the "in" fields before
 * each call; the engine fills the "out" fields.
 */
struct inj_task {
	pid_t tid;
	const struct arch_ops *arch;
	struct inj_mm *mm;

	/* in */
	enum inj_stop stop;
	int stop_status;	/* INJ_STOP_SIGNAL: the wait status of the stop */
	bool no_trap;		/* never use the trap path (tests, bench) */
	/*
	 * The thread's id in the /proc that is mounted (0: not known; the
	 * trap path then cannot see whether the tracee ignores SIGTRAP).
	 */
	pid_t proc_tid;
	/*
	 * The caller detaches the thread right after the session: a
	 * group-stop may then be injected at, since PTRACE_DETACH puts the
	 * thread back into it while its group is stopped (__ptrace_unlink()
	 * sets JOBCTL_STOP_PENDING again): it runs no code of its own.
	 */
	bool detaching;
	/*
	 * NULL: wait on the thread alone.  Else wait on any child, queueing
	 * the stops of others here for the caller: a tracer of whole
	 * processes must, since a killed group leader reports nothing until
	 * its threads are reaped.  Calls fail with -ENOMEM when the queue
	 * cannot grow (nothing is waited for then).
	 */
	struct inj_waitq *waitq;

	/*
	 * out: signals the engine took off the thread and could not put back
	 * pending by blocking them (SIGSTOP, or a SIGTRAP/SIGSYS sent from
	 * outside while the trap path ran, or a group-stop it had to resume).
	 * The caller delivers them with its next resumes: see
	 * inj_task__take_signal().
	 */
	uint64_t pending;	/* bit (sig - 1) */
	/*
	 * out: the engine consumed a stop the caller must handle as if it had
	 * waited for it itself: the thread exited or was killed (WIFEXITED /
	 * WIFSIGNALED), sits at PTRACE_EVENT_EXIT, or another thread's execve
	 * took over this tid (PTRACE_EVENT_EXEC).  Calls return -ESRCH.
	 */
	bool taken;
	int taken_status;
	/* out: the last injected call was refused by the tracee's seccomp */
	bool seccomp_denied;

	/* private: the state of a session */
	struct {
		bool active;
		bool moved;		/* resumed at least once */
		bool cancel_pending;	/* entry/seccomp call not yet skipped */
		bool at_syscall_stop;	/* else at a signal/trap stop */
		bool trap_checked;	/* SIGTRAP looked at (check_trap()) */
		bool trap_unsafe;	/* ignored: classic path only */
		bool mask_read;
		bool mask_changed;
		bool have_siginfo;
		long entry_nr;
		uint64_t entry_arg0;
		uint64_t saved_mask;
		struct arch_regs saved;
		struct arch_regs now;	/* last set read at a non-syscall stop */
		bool now_valid;
		bool exitkill;		/* PTRACE_O_EXITKILL added */
		siginfo_t siginfo;
	} s;
};

void inj_task__init(struct inj_task *t, pid_t tid, struct inj_mm *mm);
/*
 * The kind of stop a wait status of a stopped tid is, to fill
 * inj_task.stop: PTRACE_GET_SYSCALL_INFO tells entry from exit.  What it
 * read goes to info when not NULL (info->op PTRACE_SYSCALL_INFO_NONE when
 * nothing: not a syscall or seccomp stop, or the thread is gone).
 */
enum inj_stop inj_stop_kind(pid_t tid, int status,
			    struct __ptrace_syscall_info *info);
/* Next signal to hand back to the thread (0: none); clears it. */
int inj_task__take_signal(struct inj_task *t);

void inj_mm__init(struct inj_mm *mm, pid_t pid);
/* After a successful execve: the old scratch page is gone with the mm. */
void inj_mm__exec(struct inj_mm *mm);
/* Closes the fds the tracer holds for mm (not the tracee's mapping). */
void inj_mm__free(struct inj_mm *mm);

/*
 * Runs nr(args) in the thread and puts it back: registers, signal mask,
 * and for entry/seccomp stops the thread stopped again at the same call.
 * *ret is the raw return register (-errno on failure of the call).
 * Returns 0, -EAGAIN when this stop is unsafe (an exit stop whose value is
 * -ERESTART*, a group-stop; inject at a later stop), -ESRCH when the
 * thread died (see taken), -EPERM when the tracee's seccomp refused the
 * call (seccomp_denied; thread unharmed), or another -errno.
 */
int inj_remote_syscall(struct inj_task *t, long nr, const uint64_t args[6],
		       int64_t *ret) INJ_MUST_CHECK;

/* The same in steps, to run several calls for one save/restore. */
int inj_session__begin(struct inj_task *t) INJ_MUST_CHECK;
int inj_session__syscall(struct inj_task *t, long nr, const uint64_t args[6],
			 int64_t *ret) INJ_MUST_CHECK;
/* Always restores; returns the first error of the restore. */
int inj_session__end(struct inj_task *t) INJ_MUST_CHECK;

/*
 * Makes sure mm has a scratch area with at least data_size bytes of data
 * (one page when 0): an injected mmap, the trap code written, the code
 * page made read-only and executable.  Runs inside an open session.
 */
int inj_scratch__ensure(struct inj_task *t, size_t data_size) INJ_MUST_CHECK;
/* munmaps the scratch area (at detach); inside an open session. */
int inj_scratch__destroy(struct inj_task *t) INJ_MUST_CHECK;

/*
 * Tracee memory: a copy within the shared scratch data, else
 * process_vm_readv/writev, else /proc/PID/mem.
 */
int inj_mem_read(struct inj_mm *mm, uint64_t addr, void *buf, size_t len)
	INJ_MUST_CHECK;
/*
 * Bytes the kernel has just written whole (a call's output), by the
 * /proc/PID/mem fd the engine keeps open: one pread, ~15% cheaper than
 * process_vm_readv here.  -EBADF when it has none open.  Not for inputs:
 * /proc/PID/mem reads pages the tracee cannot (FOLL_FORCE), where the
 * kernel would fail the call.
 */
int inj_mem_read_output(struct inj_mm *mm, uint64_t addr, void *buf,
			size_t len) INJ_MUST_CHECK;
/*
 * Where the tracer sees the len bytes at addr when they lie in shared
 * scratch data, else NULL.  The process's other threads can write there
 * at any time: copy before trusting (as inj_mem_read() does).
 */
const void *inj_mem_local(const struct inj_mm *mm, uint64_t addr,
			  size_t len);
int inj_mem_write(struct inj_mm *mm, uint64_t addr, const void *buf,
		  size_t len) INJ_MUST_CHECK;

/*
 * Finds a syscall instruction in an executable mapping of mm (vDSO, else
 * libc), at an instruction boundary (capstone), never [vsyscall].
 */
int inj_find_syscall_insn(struct inj_mm *mm, const struct arch_ops *arch,
			  uint64_t *addr) INJ_MUST_CHECK;

#endif
