// SPDX-License-Identifier: MIT
/*
 * x86_64: struct user_regs_struct (arch/x86/include/asm/user_64.h), 27
 * words.  A 64-bit tracee only: int 0x80 and sysenter (compat) are refused
 * by the audit_arch check of PTRACE_GET_SYSCALL_INFO.
 */
#include "arch/arch.h"

enum {
	R15, R14, R13, R12, RBP, RBX, R11, R10, R9, R8, RAX, RCX, RDX, RSI,
	RDI, ORIG_RAX, RIP, CS, EFLAGS, RSP, SS, FS_BASE, GS_BASE, DS, ES,
	FS, GS, X86_64_NWORDS
};

const struct arch_ops arch_x86_64 = {
	.name = "x86_64",
	.audit_arch = 0xc000003e,	/* AUDIT_ARCH_X86_64 */
	.nwords = X86_64_NWORDS,
	/*
	 * r15..eflags: an injection changes rip, rax, orig_rax and the
	 * argument registers (the syscall instruction saves rip in rcx and
	 * rflags in r11); rsp..gs are left alone.  eflags is written back
	 * because its RF bit, set at some stops (e.g. an interrupt stop),
	 * is gone once the injected code has run (seen: 0x10246 -> 0x246).
	 */
	.set_words = EFLAGS + 1,
	.ret_words = RIP + 1,	/* rax, and rip to recognise our trap */
	.pc = RIP,
	.sp = RSP,
	.nr = RAX,
	.ret = RAX,
	.args = { RDI, RSI, RDX, R10, R8, R9 },
	/*
	 * The kernel runs orig_rax after the entry stop (rax reads -ENOSYS
	 * there) and tests orig_rax >= 0 before restarting a syscall.
	 */
	.stop_nr = ORIG_RAX,
	.orig_nr = ORIG_RAX,
	.stop_clobbered = -1,
	.restart_before_signal_stop = false,
	.arg0_hidden_at_entry = false,
	.syscall_insn = { 0x0f, 0x05 },	/* syscall */
	.syscall_insn_len = 2,
	.trap_insn = { 0xcc },		/* int3: a trap, rip moves past it */
	.trap_insn_len = 1,
	.trap_pc_advance = 1,
};
