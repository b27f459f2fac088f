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
	.section .rodata
	.globl arch_chain_code, arch_chain_trap, arch_chain_end
arch_chain_code:
	mov	%rdi, %r12		/* base */
	mov	%rsi, %r13		/* steps left */
	lea	(%rdi,%rdx), %r14	/* this step */
1:	test	%r13, %r13
	jz	9f
	mov	64(%r14), %rcx		/* copy_len */
	test	%rcx, %rcx
	jz	3f
	mov	72(%r14), %rax		/* copy_src */
	mov	80(%r14), %rdx		/* copy_dst */
	cmp	$4, %rcx
	jne	2f
	mov	(%r12,%rax), %ecx
	mov	%ecx, (%r12,%rdx)
	jmp	3f
2:	mov	(%r12,%rax), %rcx
	mov	%rcx, (%r12,%rdx)
3:	mov	0(%r14), %rax		/* nr */
	mov	8(%r14), %rdi
	mov	16(%r14), %rsi
	mov	24(%r14), %rdx
	mov	32(%r14), %r10
	mov	40(%r14), %r8
	mov	48(%r14), %r9
	syscall
	mov	%rax, 56(%r14)		/* ret */
	cmpq	$0, 88(%r14)		/* stop_on_error */
	je	4f
	cmp	$-4095, %rax		/* -errno: unsigned >= -4095 */
	jae	9f
4:	add	$96, %r14
	dec	%r13
	jmp	1b
9:
arch_chain_trap:
	int3
arch_chain_end:
	.section .note.GNU-stack, "", @progbits
