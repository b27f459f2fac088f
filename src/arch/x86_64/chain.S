/* SPDX-License-Identifier: MIT */
/*
 * The syscall chain: runs a table of syscalls inside the tracee in one
 * ptrace stop (see src/inject/chain.c for the table layout).  Copied into
 * the tracee's scratch code page; never run in the tracer, hence .rodata.
 *
 *   rdi = base (scratch data), rsi = number of steps, rdx = table offset
 *
 * Before each step, copy_len (0, 4 or 8) bytes go from base+copy_src to
 * base+copy_dst, which is how a result (a BTF id, an fd) feeds the next
 * call; a step with stop_on_error ends the chain when it fails.  Ends in
 * int3.  No stack is used: the tracee's red zone stays untouched.
 */
#include "arch/chain_layout.h"

	.section .rodata
	.globl arch_chain_code, arch_chain_trap, arch_chain_end
arch_chain_code:
	mov	%rdi, %r12		/* base */
	mov	%rsi, %r13		/* steps left */
	lea	(%rdi,%rdx), %r14	/* this step */
1:	test	%r13, %r13
	jz	9f
	mov	CHAIN_STEP_COPY_LEN(%r14), %rcx
	test	%rcx, %rcx
	jz	3f
	mov	CHAIN_STEP_COPY_SRC(%r14), %rax
	mov	CHAIN_STEP_COPY_DST(%r14), %rdx
	cmp	$4, %rcx
	jne	2f
	mov	(%r12,%rax), %ecx
	mov	%ecx, (%r12,%rdx)
	jmp	3f
2:	mov	(%r12,%rax), %rcx
	mov	%rcx, (%r12,%rdx)
3:	mov	CHAIN_STEP_NR(%r14), %rax
	mov	CHAIN_STEP_ARG0(%r14), %rdi
	mov	CHAIN_STEP_ARG1(%r14), %rsi
	mov	CHAIN_STEP_ARG2(%r14), %rdx
	mov	CHAIN_STEP_ARG3(%r14), %r10
	mov	CHAIN_STEP_ARG4(%r14), %r8
	mov	CHAIN_STEP_ARG5(%r14), %r9
	syscall
	mov	%rax, CHAIN_STEP_RET(%r14)
	cmpq	$0, CHAIN_STEP_STOP_ON_ERROR(%r14)
	je	4f
	cmp	$-4095, %rax		/* -errno: unsigned >= -4095 */
	jae	9f
4:	add	$CHAIN_STEP_SIZE, %r14
	dec	%r13
	jmp	1b
9:
arch_chain_trap:
	int3
arch_chain_end:
	.section .note.GNU-stack, "", @progbits
