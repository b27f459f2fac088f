// SPDX-License-Identifier: MIT
/*
 * riscv64: struct user_regs_struct (arch/riscv/include/uapi/asm/ptrace.h):
 * pc, ra, sp, gp, tp, t0-t2, s0, s1, a0-a7, s2-s11, t3-t6, 32 words.
 */
#include "arch/arch.h"

enum { PC = 0, SP = 2, A0 = 10, A7 = 17, RISCV64_NWORDS = 32 };

const struct arch_ops arch_riscv64 = {
	.name = "riscv64",
	.audit_arch = 0xc00000f3,	/* AUDIT_ARCH_RISCV64 */
	.nwords = RISCV64_NWORDS,
	.set_words = RISCV64_NWORDS,
	.ret_words = A0 + 1,	/* pc is word 0 */
	.pc = PC,
	.sp = SP,
	.nr = A7,
	.ret = A0,
	.args = { A0, A0 + 1, A0 + 2, A0 + 3, A0 + 4, A0 + 5 },
	/*
	 * do_trap_ecall_u() re-reads a7 after the ptrace hook, so writing
	 * a7 at the entry stop changes (or with -1 skips) the call.
	 */
	.stop_nr = A7,
	.orig_nr = -1,
	.stop_clobbered = -1,
	/*
	 * At the entry stop a0 already reads -ENOSYS; the handler takes arg0
	 * from regs->orig_a0 (SC_RISCV_REGS_TO_ARGS in
	 * arch/riscv/include/asm/syscall_wrapper.h), which no regset exposes:
	 * PTRACE_GET_SYSCALL_INFO entry.args[0] has it.
	 */
	.restart_before_signal_stop = true,
	.arg0_hidden_at_entry = true,
	.syscall_insn = { 0x73, 0x00, 0x00, 0x00 },	/* ecall */
	.syscall_insn_len = 4,
	.trap_insn = { 0x73, 0x00, 0x10, 0x00 },	/* ebreak: pc stays */
	.trap_insn_len = 4,
	.trap_pc_advance = 0,
};
