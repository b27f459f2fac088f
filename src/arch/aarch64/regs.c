// SPDX-License-Identifier: MIT
/*
 * aarch64: struct user_pt_regs (arch/arm64/include/uapi/asm/ptrace.h):
 * x0..x30, sp, pc, pstate, 34 words.
 */
#include "arch/arch.h"

enum { X0 = 0, X7 = 7, X8 = 8, SP = 31, PC = 32, PSTATE = 33,
       AARCH64_NWORDS };

const struct arch_ops arch_aarch64 = {
	.name = "aarch64",
	.audit_arch = 0xc00000b7,	/* AUDIT_ARCH_AARCH64 */
	.nwords = AARCH64_NWORDS,
	.set_words = AARCH64_NWORDS,
	.ret_words = AARCH64_NWORDS,	/* x7 is needed with x0 at a trap */
	.pc = PC,
	.sp = SP,
	.nr = X8,
	.ret = X0,
	.args = { X0, X0 + 1, X0 + 2, X0 + 3, X0 + 4, X0 + 5 },
	/*
	 * After the entry stop the kernel runs regs->syscallno, which only
	 * NT_ARM_SYSTEM_CALL changes; x8 is read once, when svc is taken.
	 * x0 still holds arg0 at the entry stop (it becomes -ENOSYS only for
	 * syscall(-1), el0_svc_common()).
	 */
	.stop_nr = -1,
	.orig_nr = -1,
	/*
	 * report_syscall() puts 0 (entry) or 1 (exit) in x7 for the stop and
	 * restores the saved value after it, throwing away tracer writes.
	 */
	.stop_clobbered = X7,
	.restart_before_signal_stop = true,
	.arg0_hidden_at_entry = false,
	.syscall_insn = { 0x01, 0x00, 0x00, 0xd4 },	/* svc #0 */
	.syscall_insn_len = 4,
	.trap_insn = { 0x00, 0x00, 0x20, 0xd4 },	/* brk #0: pc stays */
	.trap_insn_len = 4,
	.trap_pc_advance = 0,
};
