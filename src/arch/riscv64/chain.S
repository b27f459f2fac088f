/* SPDX-License-Identifier: MIT */
/*
 * The syscall chain (see src/arch/x86_64/chain.S for what it does):
 *   a0 = base, a1 = number of steps, a2 = table offset; ends in ebreak.
 * Uses t0-t6 only, no stack.  No compressed instructions: the trap must
 * be the 4-byte ebreak the arch table describes.
 */
	.option	norvc
	.section .rodata
	.globl arch_chain_code, arch_chain_trap, arch_chain_end
arch_chain_code:
	mv	t0, a0			/* base */
	mv	t1, a1			/* steps left */
	add	t2, a0, a2		/* this step */
1:	beqz	t1, 9f
	ld	t3, 64(t2)		/* copy_len */
	beqz	t3, 3f
	ld	t4, 72(t2)		/* copy_src */
	ld	t5, 80(t2)		/* copy_dst */
	add	t4, t4, t0
	add	t5, t5, t0
	li	t6, 4
	bne	t3, t6, 2f
	lw	t6, 0(t4)
	sw	t6, 0(t5)
	j	3f
2:	ld	t6, 0(t4)
	sd	t6, 0(t5)
3:	ld	a7, 0(t2)		/* nr */
	ld	a0, 8(t2)
	ld	a1, 16(t2)
	ld	a2, 24(t2)
	ld	a3, 32(t2)
	ld	a4, 40(t2)
	ld	a5, 48(t2)
	ecall
	sd	a0, 56(t2)		/* ret */
	ld	t3, 88(t2)		/* stop_on_error */
	beqz	t3, 4f
	li	t4, -4095
	bgeu	a0, t4, 9f		/* -errno */
4:	addi	t2, t2, 96
	addi	t1, t1, -1
	j	1b
9:
arch_chain_trap:
	ebreak
arch_chain_end:
	.section .note.GNU-stack, "", @progbits
