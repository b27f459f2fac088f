// SPDX-License-Identifier: MIT
#include "core/seccomp.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "inject/inject.h"

#define IP_LOW offsetof(struct seccomp_data, instruction_pointer)
#define IP_HIGH (IP_LOW + 4)
/* the low word of args[0]: every arch here is little-endian */
#define ARG0_LOW offsetof(struct seccomp_data, args[0])

#if defined(__x86_64__)
#define AUDIT_ARCH_HOST AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AUDIT_ARCH_HOST AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define AUDIT_ARCH_HOST AUDIT_ARCH_RISCV64
#else
#error "unsupported architecture"
#endif

int seccomp_install_bpf_trace(void)
{
	struct sock_filter code[] = {
		/* syscalls of another ABI (ia32 compat) run untraced:
		 * injtrace decodes the native ABI only */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_HOST, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		/*
		 * A filter the tracee installs may outrank ours for bpf():
		 * the tracer is told, and sees that task's syscalls from
		 * then on (ptrace_loop.c, resume_request()).
		 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0_LOW),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_SECCOMP, 0, 2),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bpf, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/*
		 * bpf() from the scratch area's code span is the
		 * tracer's own chain (src/inject/chain.h): no stop for it.
		 * The instruction pointer is a u64, low word first.
		 */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IP_HIGH),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 (uint32_t)(INJ_SCRATCH_HINT >> 32), 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IP_LOW),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
			 (uint32_t)INJ_SCRATCH_HINT + INJ_SCRATCH_CODE_SPAN, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)INJ_SCRATCH_HINT,
			 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(code[0]),
		.filter = code,
	};

	/*
	 * Without CAP_SYS_ADMIN the kernel demands no_new_privs; with it we
	 * leave set-uid programs working as they would untraced.
	 */
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return -errno;
	return 0;
}
