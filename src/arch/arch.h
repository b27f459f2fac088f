/* SPDX-License-Identifier: MIT */
/*
 * One small table per architecture: where the syscall number, arguments,
 * return value, pc and sp live in the NT_PRSTATUS register set, which bytes
 * are a syscall and a breakpoint instruction, and what is odd about the arch
 * at a syscall stop (arm64's syscallno and x7, riscv64's orig_a0).
 *
 * The layouts are written out here, not taken from <sys/user.h>, so every
 * arch's table compiles and is unit-tested on any host.  Only the host's
 * table (arch_host) goes into the binary; arch_all[] is for the tests.
 * This directory includes nothing else of the project.
 */
#ifndef INJTRACE_ARCH_H
#define INJTRACE_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Large enough for any supported NT_PRSTATUS (arm64: 34 words). */
#define ARCH_REGS_WORDS 40

/* A register set as NT_PRSTATUS lays it out: an array of 64-bit words. */
struct arch_regs {
	uint64_t w[ARCH_REGS_WORDS];
};

struct arch_ops {
	const char *name;		/* "x86_64", "aarch64", "riscv64" */
	uint32_t audit_arch;		/* AUDIT_ARCH_*, as in ptrace_syscall_info */
	unsigned int nwords;		/* words in NT_PRSTATUS */
	/*
	 * Words written when only the syscall registers changed (x86_64: up
	 * to rip; the segment and base registers after it are not touched
	 * by an injection and skipping them makes SETREGSET ~25% cheaper).
	 */
	unsigned int set_words;
	/* Words read to get the return register (a prefix of the set). */
	unsigned int ret_words;

	int pc, sp, nr, ret;		/* word indexes */
	int args[6];
	/*
	 * Where the number of the syscall in progress is read and changed at
	 * a syscall-entry or seccomp stop: x86_64 orig_rax, riscv64 a7; -1 on
	 * arm64, whose syscallno is only reachable through the
	 * NT_ARM_SYSTEM_CALL regset (arch/arm64/kernel/ptrace.c).
	 */
	int stop_nr;
	/*
	 * x86_64 orig_rax: set to -1 in every register set we launch so that
	 * the kernel's syscall-restart logic (arch_do_signal_or_restart) never
	 * applies to it.  -1 elsewhere.
	 */
	int orig_nr;
	/*
	 * A register the kernel overwrites at syscall stops and restores
	 * after them, discarding tracer writes: arm64 x7 (0 at entry, 1 at
	 * exit, arch/arm64/kernel/ptrace.c report_syscall()).  A snapshot
	 * taken at a syscall stop has a wrong value there; -1 elsewhere.
	 */
	int stop_clobbered;
	/* riscv64: a0 reads -ENOSYS at entry, arg0 is in the hidden orig_a0. */
	bool arg0_hidden_at_entry;
	/*
	 * arm64 and riscv64 rewind an interrupted syscall for restart before
	 * get_signal() stops the thread (do_signal()); x86_64 after it
	 * (handle_signal()).  Where it is before, the -EINTR-or-restart
	 * choice for the signal being delivered is made in the frame of the
	 * interrupted syscall, which an injection would replace.
	 */
	bool restart_before_signal_stop;

	uint8_t syscall_insn[4];
	unsigned int syscall_insn_len;
	uint8_t trap_insn[4];		/* int3 / brk #0 / ebreak */
	unsigned int trap_insn_len;
	unsigned int trap_pc_advance;	/* pc at the SIGTRAP stop - trap address */
};

extern const struct arch_ops arch_x86_64;
extern const struct arch_ops arch_aarch64;
extern const struct arch_ops arch_riscv64;

/* The table of the arch this binary runs on. */
extern const struct arch_ops *const arch_host;

static inline uint64_t arch_get(const struct arch_regs *r, int idx)
{
	return r->w[idx];
}

static inline void arch_set(struct arch_regs *r, int idx, uint64_t v)
{
	r->w[idx] = v;
}

static inline uint64_t arch_pc(const struct arch_ops *a,
			       const struct arch_regs *r)
{
	return r->w[a->pc];
}

static inline uint64_t arch_sp(const struct arch_ops *a,
			       const struct arch_regs *r)
{
	return r->w[a->sp];
}

static inline int64_t arch_ret(const struct arch_ops *a,
			       const struct arch_regs *r)
{
	return (int64_t)r->w[a->ret];
}

static inline uint64_t arch_arg(const struct arch_ops *a,
				const struct arch_regs *r, unsigned int i)
{
	return r->w[a->args[i]];
}

/*
 * Makes r execute syscall nr(args) when resumed at pc, which must hold
 * the arch's syscall instruction.  x86_64's orig_rax becomes -1 so that no
 * restart logic applies to the launched set.
 */
void arch_prepare_syscall(const struct arch_ops *a, struct arch_regs *r,
			  uint64_t pc, long nr, const uint64_t args[6]);

/*
 * The syscall number of a syscall-entry or seccomp stop, read from r
 * (x86_64 orig_rax, arm64 x8, riscv64 a7).
 */
long arch_entry_nr(const struct arch_ops *a, const struct arch_regs *r);

/*
 * Turns the registers of an entry stop into a set that re-executes the
 * same call when resumed: pc back on the syscall instruction, the number
 * in the number register (x86_64 rax, which reads -ENOSYS at entry) and
 * arg0 in its register (riscv64 a0, which reads -ENOSYS at entry).
 */
void arch_rearm_syscall(const struct arch_ops *a, struct arch_regs *r,
			long nr, uint64_t arg0);

/*
 * Copies into saved the registers whose value in a syscall-stop snapshot
 * is not the tracee's (arm64 x7), from a set read at a non-syscall stop.
 */
void arch_fix_stop_clobbered(const struct arch_ops *a, struct arch_regs *saved,
			     const struct arch_regs *real);

/* PTRACE_GETREGSET/SETREGSET NT_PRSTATUS of the first nwords words. */
int arch_regs_read(const struct arch_ops *a, pid_t tid, struct arch_regs *r,
		   unsigned int nwords) __attribute__((warn_unused_result));
int arch_regs_write(const struct arch_ops *a, pid_t tid,
		    const struct arch_regs *r, unsigned int nwords)
	__attribute__((warn_unused_result));

/*
 * Changes the number of the syscall the tracee stopped at (entry or
 * seccomp stop); -1 skips it.  x86_64 and riscv64 change r, which the
 * caller then writes; arm64 writes NT_ARM_SYSTEM_CALL at once.
 */
int arch_set_stop_nr(const struct arch_ops *a, pid_t tid, struct arch_regs *r,
		     long nr) __attribute__((warn_unused_result));

#endif
