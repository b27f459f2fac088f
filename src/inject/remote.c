// SPDX-License-Identifier: MIT
/*
 * The remote-syscall engine: save, run, restore (see inject.h and
 * docs/design.md "Remote syscalls").
 *
 * Signals: the fast path touches no signal mask.  When a signal of the
 * tracee's own shows up as a signal-delivery-stop while we inject, we block
 * every blockable signal (PTRACE_SETSIGMASK) and resume with that signal:
 * ptrace_signal() requeues a signal that is blocked when the tracer resumes
 * with it, siginfo and all (kernel/signal.c), so it stays pending and is
 * delivered after the mask is restored.  Nothing is swallowed, nothing is
 * delivered twice.  Signals the kernel forces (int3, seccomp RET_TRAP,
 * faults) stay unblocked: forcing a blocked or ignored one resets the
 * tracee's handler to SIG_DFL (force_sig_info_to_task()).  So before the
 * first trap of a session the thread's SIGTRAP is looked up in /proc: a
 * blocked one is unblocked for the session, an ignored one (which no mask
 * can save) leaves the session to the classic path, no trap at all.
 */
#include "inject/inject.h"
#include "inject/remote_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIGBIT(s) (1ULL << ((s) - 1))
#define FORCED_SIGS (SIGBIT(SIGTRAP) | SIGBIT(SIGSYS) | SIGBIT(SIGSEGV) | \
		     SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGFPE))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/*
 * si_code of a SIGSYS from SECCOMP_RET_TRAP: <asm-generic/siginfo.h> has
 * it, but that header clashes with glibc's <signal.h>, which lacks it.
 */
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

void inj_task__init(struct inj_task *t, pid_t tid, struct inj_mm *mm)
{
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->arch = arch_host;
	t->mm = mm;
}

int inj_task__take_signal(struct inj_task *t)
{
	if (!t->pending)
		return 0;
	for (int sig = 1; sig <= 64; sig++) {
		if (t->pending & SIGBIT(sig)) {
			t->pending &= ~SIGBIT(sig);
			return sig;
		}
	}
	return 0;
}

static bool restart_value(int64_t v)
{
	/* -ERESTARTSYS..-ERESTART_RESTARTBLOCK, include/linux/errno.h */
	return v <= -512 && v >= -516;
}

static int get_mask(struct inj_task *t)
{
	if (t->s.mask_read)
		return 0;
	if (ptrace(PTRACE_GETSIGMASK, t->tid, sizeof(uint64_t),
		   &t->s.saved_mask))
		return -errno;
	t->s.mask_read = true;
	return 0;
}

/* Blocks every blockable signal but the forced ones, for the session. */
static int block_signals(struct inj_task *t)
{
	uint64_t mask;
	int ret;

	if (t->s.mask_changed)
		return 0;
	ret = get_mask(t);
	if (ret)
		return ret;
	/* Keep the tracee's own choice for the forced ones, but SIGTRAP. */
	mask = ~(FORCED_SIGS | UNBLOCKABLE) |
	       (t->s.saved_mask & FORCED_SIGS & ~SIGBIT(SIGTRAP));
	if (ptrace(PTRACE_SETSIGMASK, t->tid, sizeof(mask), &mask))
		return -errno;
	t->s.mask_changed = true;
	return 0;
}

/*
 * The thread's /proc/TID/task/TID/stat, kept open in its mm; reopen: the
 * one kept may be of a thread gone whose tid was given to this one.
 */
static int stat_fd(struct inj_task *t, bool reopen)
{
	struct inj_mm *mm = t->mm;
	char path[64];

	if (mm->stat_fd >= 0 && mm->stat_tid == t->proc_tid && !reopen)
		return mm->stat_fd;
	if (mm->stat_fd >= 0)
		close(mm->stat_fd);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", t->proc_tid,
		 t->proc_tid);
	mm->stat_fd = open(path, O_RDONLY | O_CLOEXEC);
	mm->stat_tid = t->proc_tid;
	return mm->stat_fd < 0 ? -errno : mm->stat_fd;
}

/*
 * The thread's blocked and ignored signals 1 to 31 (proc(5) stat fields
 * 32 and 33; the line is read while the thread is stopped).
 */
static int stat_signals(struct inj_task *t, uint64_t *blocked,
			uint64_t *ignored)
{
	char line[1024], *p;
	int fd = stat_fd(t, false);
	ssize_t n = fd < 0 ? -1 : pread(fd, line, sizeof(line) - 1, 0);

	if (n < 0 && fd >= 0) {
		fd = stat_fd(t, true);
		n = fd < 0 ? -1 : pread(fd, line, sizeof(line) - 1, 0);
	}
	if (fd < 0)
		return fd;
	if (n < 0)
		return -errno;
	line[n] = '\0';
	/* fields from 3 on follow the last ')': comm may hold any byte */
	p = strrchr(line, ')');
	for (int field = 3; p && field <= 33; field++) {
		p = strchr(p + 1, ' ');
		if (p && field == 32)
			*blocked = strtoull(p + 1, NULL, 10);
		if (p && field == 33)
			*ignored = strtoull(p + 1, NULL, 10);
	}
	return p ? 0 : -EPROTO;
}

/*
 * Before the first trap of a session: 0 when the trap may run (a blocked
 * SIGTRAP unblocked for the session), -EOPNOTSUPP when the thread ignores
 * SIGTRAP (the session keeps to the classic path).  Where /proc does not
 * show the thread, only the mask can be known: a trap is run as before.
 */
static int check_trap(struct inj_task *t)
{
	uint64_t blocked = 0, ignored = 0;

	if (t->s.trap_checked)
		return t->s.trap_unsafe ? -EOPNOTSUPP : 0;
	t->s.trap_checked = true;
	if (t->proc_tid <= 0 || stat_signals(t, &blocked, &ignored)) {
		int ret = get_mask(t);

		if (ret)
			return ret;
		blocked = t->s.saved_mask;
	}
	if (ignored & SIGBIT(SIGTRAP)) {
		t->s.trap_unsafe = true;
		return -EOPNOTSUPP;
	}
	return blocked & SIGBIT(SIGTRAP) ? block_signals(t) : 0;
}

static int take(struct inj_task *t, int status)
{
	t->taken = true;
	t->taken_status = status;
	return -ESRCH;
}

static int resume(struct inj_task *t, int req, int sig)
{
	if (ptrace(req, t->tid, 0, (void *)(long)sig))
		return -errno;
	return 0;
}

/* Is this SIGSYS our injected call refused by the tracee's seccomp? */
static bool own_sigsys(const siginfo_t *si, uint64_t after_insn)
{
	return si->si_signo == SIGSYS && si->si_code == SYS_SECCOMP &&
	       (uint64_t)(uintptr_t)si->si_call_addr == after_insn;
}

/* The scratch code page runs only our code: the "syscall; trap" and the
 * chain (chain.c), so a seccomp SIGSYS for a call there is ours. */
static bool in_scratch_code(const struct inj_task *t, uint64_t addr)
{
	return addr > t->mm->code && addr <= t->mm->data;
}

/* What inj_wait() does after a stop that is no error. */
struct wait_step {
	bool done;	/* the wanted stop: return */
	int sig;	/* else resume with this signal (0: none) */
};

/* A PTRACE_EVENT_* stop. */
static int at_event_stop(struct inj_task *t, int status, enum inj_want want,
			 struct wait_step *step)
{
	int sig = WSTOPSIG(status);

	switch ((unsigned int)status >> 16) {
	case PTRACE_EVENT_EXIT:
	case PTRACE_EVENT_EXEC:
		return take(t, status);
	case PTRACE_EVENT_SECCOMP:
		/* else the tracer's own filter traces the injected call */
		step->done = want == INJ_WANT_SECCOMP;
		return 0;
	case PTRACE_EVENT_STOP:
		/*
		 * A group-stop started by another thread: we resume it for
		 * the injection, so hand the stop signal back.
		 */
		if (sig != SIGTRAP)
			t->pending |= SIGBIT(sig);
		return 0;
	default:
		return 0;
	}
}

/*
 * A SIGTRAP or SIGSYS stop on the way to the trap at trap_pc: the trap
 * (registers in t->s.now), or the tracee's seccomp refusing a call of the
 * scratch code (dropped, seccomp_denied), or a signal like any other.
 */
static int at_trap_stop(struct inj_task *t, int sig, uint64_t trap_pc,
			struct wait_step *step, bool *ours)
{
	const struct arch_ops *a = t->arch;
	siginfo_t si;
	int ret;

	*ours = false;
	if (sig == SIGTRAP) {
		ret = arch_regs_read(a, t->tid, &t->s.now, a->ret_words);
		if (ret)
			return ret;
		*ours = step->done = arch_pc(a, &t->s.now) == trap_pc;
		return 0;
	}
	*ours = !ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) &&
		si.si_signo == SIGSYS && si.si_code == SYS_SECCOMP &&
		in_scratch_code(t, (uintptr_t)si.si_call_addr);
	if (*ours)
		t->seccomp_denied = true;
	return 0;
}

/*
 * A signal-delivery-stop of the tracee's own signal: it stays pending,
 * blocked until the session ends, or goes to t->pending when it cannot
 * (forced or unblockable) for the caller to send again.
 */
static int at_signal_stop(struct inj_task *t, int sig, struct wait_step *step)
{
	int ret;

	if (SIGBIT(sig) & (FORCED_SIGS | UNBLOCKABLE)) {
		t->pending |= SIGBIT(sig);
		return 0;
	}
	ret = block_signals(t);
	if (!ret)
		step->sig = sig;	/* requeued: blocked */
	return ret;
}

/* One stop of the thread: what it means for a wait for want. */
static int at_stop(struct inj_task *t, int status, enum inj_want want,
		   uint64_t trap_pc, struct wait_step *step)
{
	int sig = WSTOPSIG(status);
	bool ours = false;
	int ret;

	*step = (struct wait_step){ 0 };
	if (WIFEXITED(status) || WIFSIGNALED(status))
		return take(t, status);
	if ((unsigned int)status >> 16)
		return at_event_stop(t, status, want, step);
	if (sig == (SIGTRAP | 0x80)) {
		/* else a syscall stop on the way to a trap: step over it */
		step->done = want == INJ_WANT_SYSCALL;
		return 0;
	}
	if (want == INJ_WANT_TRAP && (sig == SIGTRAP || sig == SIGSYS)) {
		ret = at_trap_stop(t, sig, trap_pc, step, &ours);
		if (ret || ours)
			return ret;
	}
	return at_signal_stop(t, sig, step);
}

int inj_wait(struct inj_task *t, int req, enum inj_want want,
	     uint64_t trap_pc)
{
	struct wait_step step = { 0 };
	int status, ret;

	t->s.moved = true;
	do {
		ret = resume(t, req, step.sig);
		if (!ret)
			ret = inj_wait_thread(t, &status);
		if (!ret)
			ret = at_stop(t, status, want, trap_pc, &step);
	} while (!ret && !step.done);
	return ret;
}

/*
 * After a classic call whose result looks like seccomp's rollback (x86
 * rax = nr, arm64 x0 / riscv a0 = arg0, syscall_rollback()): is a SIGSYS
 * for our instruction queued?  Then take it off by letting it reach its
 * signal-delivery-stop, where the session continues.
 */
static int classic_check_sigsys(struct inj_task *t, uint64_t after_insn)
{
	struct __ptrace_peeksiginfo_args pa = { .off = 0, .flags = 0, .nr = 4 };
	siginfo_t si[4];
	int n, status, ret;

	n = ptrace(PTRACE_PEEKSIGINFO, t->tid, &pa, si);
	for (int i = 0; i < n; i++) {
		if (!own_sigsys(&si[i], after_insn))
			continue;
		/* Forced signals are dequeued first (SYNCHRONOUS_MASK). */
		ret = resume(t, PTRACE_SYSCALL, 0);
		if (!ret)
			ret = inj_wait_thread(t, &status);
		if (ret)
			return ret;
		if (!WIFSTOPPED(status) || (status >> 16) == PTRACE_EVENT_EXIT)
			return take(t, status);
		if (WSTOPSIG(status) != SIGSYS)
			return -EPROTO;
		t->s.at_syscall_stop = false;
		ret = arch_regs_read(t->arch, t->tid, &t->s.now, 0);
		if (ret)
			return ret;
		t->s.now_valid = true;
		t->seccomp_denied = true;
		return 0;
	}
	return 0;
}

/* Skips the call the thread stopped at (entry or seccomp stop). */
static int cancel_entry(struct inj_task *t)
{
	const struct arch_ops *a = t->arch;
	struct arch_regs r = t->s.saved;
	int ret;

	ret = arch_set_stop_nr(a, t->tid, &r, -1);
	if (!ret && a->stop_nr >= 0)
		ret = arch_regs_write(a, t->tid, &r, a->set_words);
	if (!ret)
		ret = inj_wait(t, PTRACE_SYSCALL, INJ_WANT_SYSCALL, 0);
	if (ret)
		return ret;
	t->s.cancel_pending = false;
	t->s.at_syscall_stop = true;
	return 0;
}

int inj_classic_syscall(struct inj_task *t, uint64_t insn, long nr,
			const uint64_t args[6], int64_t *retval)
{
	const struct arch_ops *a = t->arch;
	struct arch_regs r = t->s.saved;
	int ret;

	if (t->s.cancel_pending) {
		ret = cancel_entry(t);
		if (ret)
			return ret;
	}
	arch_prepare_syscall(a, &r, insn, nr, args);
	ret = arch_regs_write(a, t->tid, &r, a->set_words);
	if (!ret)	/* to the entry stop */
		ret = inj_wait(t, PTRACE_SYSCALL, INJ_WANT_SYSCALL, 0);
	if (!ret)	/* to the exit stop */
		ret = inj_wait(t, PTRACE_SYSCALL, INJ_WANT_SYSCALL, 0);
	if (!ret)
		ret = arch_regs_read(a, t->tid, &r, a->ret_words);
	if (ret)
		return ret;
	t->s.at_syscall_stop = true;
	*retval = arch_ret(a, &r);
	if (*retval == nr || *retval == (int64_t)args[0]) {
		ret = classic_check_sigsys(t, insn + a->syscall_insn_len);
		if (ret)
			return ret;
	}
	return t->seccomp_denied ? -EPERM : 0;
}

int inj_trap_run(struct inj_task *t, uint64_t pc, long nr,
		 const uint64_t args[6], uint64_t trap_pc)
{
	const struct arch_ops *a = t->arch;
	struct arch_regs r = t->s.saved;
	int ret;

	/* before the thread moves: int3 must not reset its handler */
	ret = check_trap(t);
	if (ret)
		return ret;
	/* riscv64 runs a7 after the entry stop: cancel it first. */
	if (t->s.cancel_pending && a->stop_nr == a->nr) {
		ret = cancel_entry(t);
		if (ret)
			return ret;
	}
	/*
	 * At an entry stop, skipping the pending call and jumping to the
	 * scratch code are one register write on x86_64 (orig_rax = -1 is
	 * also what prepare sets) and arm64 (NT_ARM_SYSTEM_CALL = -1).
	 */
	if (t->s.cancel_pending) {
		ret = arch_set_stop_nr(a, t->tid, &r, -1);
		if (ret)
			return ret;
	}
	arch_prepare_syscall(a, &r, pc, nr, args);
	ret = arch_regs_write(a, t->tid, &r, a->set_words);
	if (!ret)
		ret = inj_wait(t, PTRACE_CONT, INJ_WANT_TRAP, trap_pc);
	if (ret)
		return ret;
	t->s.cancel_pending = false;
	t->s.at_syscall_stop = false;
	t->s.now_valid = a->ret_words == a->nwords;
	return t->seccomp_denied ? -EPERM : 0;
}

int inj_trap_syscall(struct inj_task *t, long nr, const uint64_t args[6],
		     int64_t *retval)
{
	const struct arch_ops *a = t->arch;
	uint64_t trap_pc = t->mm->code + a->syscall_insn_len +
			   a->trap_pc_advance;
	int ret = inj_trap_run(t, t->mm->code, nr, args, trap_pc);

	if (ret && ret != -EPERM)
		return ret;
	*retval = arch_ret(a, &t->s.now);
	return ret;
}

int inj_session__begin(struct inj_task *t)
{
	const struct arch_ops *a = t->arch;
	int ret;

	memset(&t->s, 0, sizeof(t->s));
	t->taken = false;
	t->seccomp_denied = false;
	if (t->stop == INJ_STOP_SIGNAL) {
		int sig = WSTOPSIG(t->stop_status);
		int event = (unsigned int)t->stop_status >> 16;

		if (event == PTRACE_EVENT_STOP && sig != SIGTRAP &&
		    !t->detaching)
			return -EAGAIN;	/* group-stop: it stays stopped */
		if (event && event != PTRACE_EVENT_STOP)
			return -EINVAL;
		if (!event) {
			/*
			 * Signal-delivery-stop: only where the restart choice
			 * is made after the stop, and only by the trap path,
			 * which ends at a signal stop where the siginfo of the
			 * signal being delivered can be put back.
			 */
			if (a->restart_before_signal_stop || !t->mm->base ||
			    t->no_trap)
				return -EAGAIN;
			if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, &t->s.siginfo))
				return -errno;
			t->s.have_siginfo = true;
		}
	}
	ret = arch_regs_read(a, t->tid, &t->s.saved, 0);
	if (ret)
		return ret;
	if (t->stop == INJ_STOP_SYSCALL_EXIT &&
	    restart_value(arch_ret(a, &t->s.saved)))
		return -EAGAIN;
	t->s.at_syscall_stop = t->stop != INJ_STOP_SIGNAL;
	if (t->stop == INJ_STOP_SYSCALL_ENTRY || t->stop == INJ_STOP_SECCOMP) {
		t->s.entry_nr = arch_entry_nr(a, &t->s.saved);
		t->s.entry_arg0 = arch_arg(a, &t->s.saved, 0);
		t->s.cancel_pending = true;
		if (a->arg0_hidden_at_entry) {
			struct __ptrace_syscall_info si;

			if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si),
				   &si) <= 0)
				return -errno;
			t->s.entry_arg0 = si.op == PTRACE_SYSCALL_INFO_SECCOMP ?
				si.seccomp.args[0] : si.entry.args[0];
		}
	}
	/* from here until restored, a dead tracer's tracee is killed */
	if (t->mm->ptrace_opts && !(t->mm->ptrace_opts & PTRACE_O_EXITKILL)) {
		if (ptrace(PTRACE_SETOPTIONS, t->tid, 0,
			   t->mm->ptrace_opts | PTRACE_O_EXITKILL))
			return -errno;
		t->s.exitkill = true;
	}
	t->s.active = true;
	return 0;
}

/* The tracer's own options back, once the thread is as it was. */
static int drop_exitkill(struct inj_task *t)
{
	if (!t->s.exitkill)
		return 0;
	t->s.exitkill = false;
	/* a thread gone or taken over needs none */
	if (ptrace(PTRACE_SETOPTIONS, t->tid, 0, t->mm->ptrace_opts) &&
	    !t->taken)
		return -errno;
	return 0;
}

int inj_session__syscall(struct inj_task *t, long nr, const uint64_t args[6],
			 int64_t *ret)
{
	const struct arch_ops *a = t->arch;
	uint64_t insn;
	long word;
	int err;

	if (!t->s.active)
		return -EINVAL;
	t->seccomp_denied = false;
	if (t->mm->base && !t->no_trap && !t->s.trap_unsafe) {
		err = inj_trap_syscall(t, nr, args, ret);
		if (err != -EOPNOTSUPP)
			return err;
	}
	/*
	 * The classic path ends at a syscall-exit stop: restoring there
	 * would hand an interrupted call's -ERESTART* to the program.
	 */
	if (t->stop == INJ_STOP_SIGNAL &&
	    (t->s.have_siginfo || restart_value(arch_ret(a, &t->s.saved))))
		return -EAGAIN;
	if (t->stop != INJ_STOP_SIGNAL) {
		insn = arch_pc(a, &t->s.saved) - a->syscall_insn_len;
		/*
		 * Not every exit stop sits after its syscall instruction:
		 * rt_sigreturn and execve return elsewhere.  Check the bytes
		 * (this path only bootstraps the scratch page).
		 */
		errno = 0;
		word = ptrace(PTRACE_PEEKTEXT, t->tid, (void *)(uintptr_t)insn, 0);
		if (errno)
			return -errno;
		if (memcmp(&word, a->syscall_insn, a->syscall_insn_len))
			return -EAGAIN;
	} else if (t->mm->base) {
		insn = t->mm->code;
	} else {
		err = inj_find_syscall_insn(t->mm, a, &insn);
		if (err)
			return err;
	}
	return inj_classic_syscall(t, insn, nr, args, ret);
}

int inj_session__end(struct inj_task *t)
{
	const struct arch_ops *a = t->arch;
	struct arch_regs r = t->s.saved;
	int ret = 0, end;

	if (!t->s.active)
		return 0;
	t->s.active = false;
	if (t->taken) {
		drop_exitkill(t);
		return -ESRCH;
	}
	if (!t->s.at_syscall_stop && t->stop != INJ_STOP_SIGNAL &&
	    t->s.now_valid)
		arch_fix_stop_clobbered(a, &r, &t->s.now);
	if (t->s.moved &&
	    (t->stop == INJ_STOP_SYSCALL_ENTRY || t->stop == INJ_STOP_SECCOMP)) {
		/* Re-run the original call and stop at it again. */
		arch_rearm_syscall(a, &r, t->s.entry_nr, t->s.entry_arg0);
		ret = arch_regs_write(a, t->tid, &r, a->set_words);
		if (!ret && t->stop == INJ_STOP_SECCOMP)
			ret = inj_wait(t, PTRACE_CONT, INJ_WANT_SECCOMP, 0);
		else if (!ret)
			ret = inj_wait(t, PTRACE_SYSCALL, INJ_WANT_SYSCALL, 0);
	} else if (t->s.moved) {
		ret = arch_regs_write(a, t->tid, &r, a->set_words);
		if (!ret && t->s.have_siginfo && !t->s.at_syscall_stop &&
		    ptrace(PTRACE_SETSIGINFO, t->tid, 0, &t->s.siginfo))
			ret = -errno;
	}
	if (t->s.mask_changed && !t->taken &&
	    ptrace(PTRACE_SETSIGMASK, t->tid, sizeof(uint64_t),
		   &t->s.saved_mask) && !ret)
		ret = -errno;
	end = drop_exitkill(t);
	ret = ret ?: end;
	if (ret && ret != -ESRCH)
		fprintf(stderr, "injtrace: restoring thread %d: %s\n", t->tid,
			strerror(-ret));
	return t->taken ? -ESRCH : ret;
}

int inj_remote_syscall(struct inj_task *t, long nr, const uint64_t args[6],
		       int64_t *ret)
{
	int err = inj_session__begin(t);
	int end;

	if (err) {
		t->s.active = false;
		return err;
	}
	err = inj_session__syscall(t, nr, args, ret);
	end = inj_session__end(t);
	return err ? err : end;
}
