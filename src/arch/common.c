// SPDX-License-Identifier: MIT
/* Arch-neutral helpers over the per-arch tables. */
#include "arch/arch.h"

#include <errno.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#ifndef NT_PRSTATUS
#define NT_PRSTATUS 1
#endif
/* include/uapi/linux/elf.h: the arm64 syscall number, an int. */
#define ARCH_NT_ARM_SYSTEM_CALL 0x404

void arch_prepare_syscall(const struct arch_ops *a, struct arch_regs *r,
			  uint64_t pc, long nr, const uint64_t args[6])
{
	r->w[a->pc] = pc;
	r->w[a->nr] = (uint64_t)nr;
	for (int i = 0; i < 6; i++)
		r->w[a->args[i]] = args[i];
	if (a->orig_nr >= 0)
		r->w[a->orig_nr] = (uint64_t)-1;
}

long arch_entry_nr(const struct arch_ops *a, const struct arch_regs *r)
{
	return (long)r->w[a->stop_nr >= 0 ? a->stop_nr : a->nr];
}

void arch_rearm_syscall(const struct arch_ops *a, struct arch_regs *r,
			long nr, uint64_t arg0)
{
	r->w[a->pc] -= a->syscall_insn_len;
	r->w[a->nr] = (uint64_t)nr;
	r->w[a->args[0]] = arg0;
	if (a->orig_nr >= 0)
		r->w[a->orig_nr] = (uint64_t)-1;
}

void arch_fix_stop_clobbered(const struct arch_ops *a, struct arch_regs *saved,
			     const struct arch_regs *real)
{
	if (a->stop_clobbered >= 0)
		saved->w[a->stop_clobbered] = real->w[a->stop_clobbered];
}

int arch_regs_read(const struct arch_ops *a, pid_t tid, struct arch_regs *r,
		   unsigned int nwords)
{
	struct iovec iov = { r->w, 8 * (nwords ? nwords : a->nwords) };

	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov))
		return -errno;
	return 0;
}

int arch_regs_write(const struct arch_ops *a, pid_t tid,
		    const struct arch_regs *r, unsigned int nwords)
{
	struct iovec iov = { (void *)r->w, 8 * (nwords ? nwords : a->nwords) };

	if (ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &iov))
		return -errno;
	return 0;
}

int arch_set_stop_nr(const struct arch_ops *a, pid_t tid, struct arch_regs *r,
		     long nr)
{
	int scno = (int)nr;
	struct iovec iov = { &scno, sizeof(scno) };

	if (a->stop_nr >= 0) {
		r->w[a->stop_nr] = (uint64_t)nr;
		return 0;
	}
	/*
	 * arm64 runs regs->syscallno after the entry stop; x8 is read only
	 * when the svc is taken, so writing it at the stop changes nothing.
	 */
	if (ptrace(PTRACE_SETREGSET, tid, (void *)ARCH_NT_ARM_SYSTEM_CALL, &iov))
		return -errno;
	return 0;
}
