// SPDX-License-Identifier: MIT
/*
 * The host arch's table (src/arch, arch_host) against the live kernel of
 * the guest: tests/arch checks every table against hand-built images, this
 * checks that those images are what this kernel really reports.
 *
 * A child makes syscall(getpid, A0..A5) with marker arguments. At its
 * entry stop the table's pc, sp, nr and args must agree with
 * PTRACE_GET_SYSCALL_INFO (arg0 excepted where the arch hides it), the
 * bytes before pc must be the table's syscall instruction, and
 * arch_set_stop_nr() must turn the call into getppid (on arm64 only
 * NT_ARM_SYSTEM_CALL can). At the exit stop the return register must hold
 * getppid's result, which the child checks too.
 *
 * Exit status: 0 pass, 1 fail.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch/arch.h"

#define ARGS_MARK 0x5a5a0000u

static int failures;

static void check(int ok, const char *what, unsigned long long got,
		  unsigned long long want)
{
	if (ok)
		return;
	printf("xarch: arch_host: %s: got %#llx, want %#llx\n", what, got,
	       want);
	failures++;
}

static void child(int go_fd, pid_t parent)
{
	char c;

	if (read(go_fd, &c, 1) != 1)
		_exit(3);
	/* Turned into getppid() by the tracer at the entry stop. */
	if (syscall(SYS_getpid, ARGS_MARK, ARGS_MARK + 1, ARGS_MARK + 2,
		    ARGS_MARK + 3, ARGS_MARK + 4, ARGS_MARK + 5) != parent)
		_exit(2);
	_exit(0);
}

/* Resume to the next syscall stop and fill info; -1 on anything else. */
static int next_stop(pid_t pid, struct __ptrace_syscall_info *info)
{
	int status;

	if (ptrace(PTRACE_SYSCALL, pid, 0, 0) < 0 ||
	    waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return -1;
	if (WSTOPSIG(status) != (SIGTRAP | 0x80))
		return 0; /* not a syscall stop: keep going */
	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(*info), info) <=
	    0)
		return -1;
	return info->op;
}

static void check_entry(const struct arch_ops *a, pid_t pid,
			const struct __ptrace_syscall_info *info)
{
	struct arch_regs r;
	uint64_t insn_at;
	long word;

	if (arch_regs_read(a, pid, &r, 0)) {
		check(0, "arch_regs_read", errno, 0);
		return;
	}
	check(info->arch == a->audit_arch, "audit arch", info->arch,
	      a->audit_arch);
	check(arch_entry_nr(a, &r) == SYS_getpid, "entry nr",
	      arch_entry_nr(a, &r), SYS_getpid);
	check(arch_pc(a, &r) == info->instruction_pointer, "pc", arch_pc(a, &r),
	      info->instruction_pointer);
	check(arch_sp(a, &r) == info->stack_pointer, "sp", arch_sp(a, &r),
	      info->stack_pointer);
	for (unsigned int i = a->arg0_hidden_at_entry ? 1 : 0; i < 6; i++)
		check(arch_arg(a, &r, i) == ARGS_MARK + i, "arg",
		      arch_arg(a, &r, i), ARGS_MARK + i);
	check(info->entry.args[0] == ARGS_MARK, "syscall info arg0",
	      info->entry.args[0], ARGS_MARK);

	insn_at = arch_pc(a, &r) - a->syscall_insn_len;
	errno = 0;
	word = ptrace(PTRACE_PEEKTEXT, pid, (void *)(uintptr_t)insn_at, 0);
	check(!errno && !memcmp(&word, a->syscall_insn, a->syscall_insn_len),
	      "syscall insn before pc", (unsigned long)word, 0);

	check(!arch_set_stop_nr(a, pid, &r, SYS_getppid), "arch_set_stop_nr", 0,
	      0);
	check(!arch_regs_write(a, pid, &r, 0), "arch_regs_write", errno, 0);
}

int main(void)
{
	const struct arch_ops *a = arch_host;
	struct __ptrace_syscall_info info;
	pid_t pid, self = getpid();
	struct arch_regs r;
	int pipe_fd[2], status, op, seen_entry = 0;

	printf("xarch: arch_host: %s\n", a->name);
	if (pipe(pipe_fd) < 0)
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		close(pipe_fd[1]);
		child(pipe_fd[0], self);
	}
	close(pipe_fd[0]);
	if (ptrace(PTRACE_SEIZE, pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) < 0 ||
	    ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 ||
	    waitpid(pid, &status, 0) != pid || write(pipe_fd[1], "g", 1) != 1) {
		printf("xarch: arch_host: FAIL setup: %s\n", strerror(errno));
		kill(pid, SIGKILL);
		return 1;
	}

	while ((op = next_stop(pid, &info)) >= 0) {
		if (op == PTRACE_SYSCALL_INFO_ENTRY &&
		    info.entry.nr == SYS_getpid &&
		    info.entry.args[1] == ARGS_MARK + 1) {
			check_entry(a, pid, &info);
			seen_entry = 1;
		} else if (op == PTRACE_SYSCALL_INFO_EXIT && seen_entry) {
			check(!arch_regs_read(a, pid, &r, 0), "read at exit",
			      errno, 0);
			check(arch_ret(a, &r) == self, "return register",
			      arch_ret(a, &r), self);
			check(info.exit.rval == self, "syscall info rval",
			      info.exit.rval, self);
			break;
		}
	}
	check(seen_entry, "saw the marked syscall", 0, 1);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		check(0, "child exit status", status, 0);
	printf("xarch: arch_host: %s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
