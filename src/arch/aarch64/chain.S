/* SPDX-License-Identifier: MIT */
/*
 * The syscall chain (see src/arch/x86_64/chain.S for what it does):
 *   x0 = base, x1 = number of steps, x2 = table offset; ends in brk #0.
 * Uses x8-x15 only, no stack.
 */
#include "arch/chain_layout.h"

	.section .rodata
	.globl arch_chain_code, arch_chain_trap, arch_chain_end
arch_chain_code:
	mov	x9, x0			/* base */
	mov	x10, x1			/* steps left */
	add	x11, x0, x2		/* this step */
1:	cbz	x10, 9f
	ldr	x12, [x11, #CHAIN_STEP_COPY_LEN]
	cbz	x12, 3f
	ldr	x13, [x11, #CHAIN_STEP_COPY_SRC]
	ldr	x14, [x11, #CHAIN_STEP_COPY_DST]
	cmp	x12, #4
	b.ne	2f
	ldr	w15, [x9, x13]
	str	w15, [x9, x14]
	b	3f
2:	ldr	x15, [x9, x13]
	str	x15, [x9, x14]
3:	ldr	x8, [x11, #CHAIN_STEP_NR]
	ldp	x0, x1, [x11, #CHAIN_STEP_ARG0]
	ldp	x2, x3, [x11, #CHAIN_STEP_ARG2]
	ldp	x4, x5, [x11, #CHAIN_STEP_ARG4]
	svc	#0
	str	x0, [x11, #CHAIN_STEP_RET]
	ldr	x12, [x11, #CHAIN_STEP_STOP_ON_ERROR]
	cbz	x12, 4f
	cmn	x0, #4095		/* carry: x0 >= -4095 unsigned, -errno */
	b.cs	9f
4:	add	x11, x11, #CHAIN_STEP_SIZE
	sub	x10, x10, #1
	b	1b
9:
arch_chain_trap:
	brk	#0
arch_chain_end:
	.section .note.GNU-stack, "", @progbits
