/* SPDX-License-Identifier: MIT */
/*
 * The syscall chain (see src/arch/x86_64/chain.S for what it does):
 *   a0 = base, a1 = number of steps, a2 = table offset; ends in ebreak.
 * Uses t0-t6 only, no stack.  No compressed instructions: the trap must
 * be the 4-byte ebreak the arch table describes.
 */
	.option	norvc
#include "arch/chain_layout.h"

	.section .rodata
	.globl arch_chain_code, arch_chain_trap, arch_chain_end
arch_chain_code:
	mv	t0, a0			/* base */
	mv	t1, a1			/* steps left */
	add	t2, a0, a2		/* this step */
1:	beqz	t1, 9f
	ld	t3, CHAIN_STEP_COPY_LEN(t2)
	beqz	t3, 3f
	ld	t4, CHAIN_STEP_COPY_SRC(t2)
	ld	t5, CHAIN_STEP_COPY_DST(t2)
	add	t4, t4, t0
	add	t5, t5, t0
	li	t6, 4
	bne	t3, t6, 2f
	lw	t6, 0(t4)
	sw	t6, 0(t5)
	j	3f
2:	ld	t6, 0(t4)
	sd	t6, 0(t5)
3:	ld	a7, CHAIN_STEP_NR(t2)
	ld	a0, CHAIN_STEP_ARG0(t2)
	ld	a1, CHAIN_STEP_ARG1(t2)
	ld	a2, CHAIN_STEP_ARG2(t2)
	ld	a3, CHAIN_STEP_ARG3(t2)
	ld	a4, CHAIN_STEP_ARG4(t2)
	ld	a5, CHAIN_STEP_ARG5(t2)
	ecall
	sd	a0, CHAIN_STEP_RET(t2)
	ld	t3, CHAIN_STEP_STOP_ON_ERROR(t2)
	beqz	t3, 4f
	li	t4, -4095
	bgeu	a0, t4, 9f		/* -errno */
4:	addi	t2, t2, CHAIN_STEP_SIZE
	addi	t1, t1, -1
	j	1b
9:
arch_chain_trap:
	ebreak
arch_chain_end:
	.section .note.GNU-stack, "", @progbits
