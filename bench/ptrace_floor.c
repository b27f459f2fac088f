// SPDX-License-Identifier: MIT
/*
 * ptrace_floor PROG [ARG...]: the least any ptrace tracer of bpf()
 * calls does, timed by bench/overhead.sh beside strace and injtrace in the
 * same rounds, so that a ratio to strace can be set against the floor it
 * cannot go below.
 *
 * PROG runs under a seccomp filter returning SECCOMP_RET_TRACE for bpf()
 * (as under strace --seccomp-bpf and injtrace), every thread and child
 * followed.  At each seccomp stop the tracer asks for the exit stop
 * (PTRACE_SYSCALL), at the exit stop it lets the thread run on
 * (PTRACE_CONT): the two stops a traced call must cost to be seen at
 * entry and at exit.  It reads no register and no memory and prints
 * nothing, and leaves its placement to the scheduler: run it under
 * taskset for the floor on one CPU.  Exit status: PROG's.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int trace_bpf(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bpf, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	/* without CAP_SYS_ADMIN a filter needs no_new_privs */
	if (!syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return 0;
	if (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static pid_t start(char **argv)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) || raise(SIGSTOP) ||
	    trace_bpf()) {
		perror("ptrace_floor: child");
		_exit(127);
	}
	execvp(argv[0], argv);
	perror("ptrace_floor: exec");
	_exit(127);
}

int main(int argc, char **argv)
{
	int status, ret = 1;
	pid_t child;

	if (argc < 2) {
		fprintf(stderr, "usage: ptrace_floor PROG [ARG...]\n");
		return 2;
	}
	child = start(argv + 1);
	if (child < 0 || waitpid(child, &status, 0) != child ||
	    !WIFSTOPPED(status) ||
	    ptrace(PTRACE_SETOPTIONS, child, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACESECCOMP |
			   PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
			   PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC |
			   PTRACE_O_EXITKILL)) {
		perror("ptrace_floor: start");
		return 1;
	}
	ptrace(PTRACE_CONT, child, 0, 0);
	for (;;) {
		pid_t pid = waitpid(-1, &status, __WALL);
		int sig = 0, req = PTRACE_CONT;

		if (pid < 0)
			break;			/* ECHILD: all gone */
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (pid == child)
				ret = WIFEXITED(status) ? WEXITSTATUS(status) :
							  128 + WTERMSIG(status);
			continue;
		}
		if (status >> 8 == (SIGTRAP | PTRACE_EVENT_SECCOMP << 8))
			req = PTRACE_SYSCALL;	/* on to the exit stop */
		else if (WSTOPSIG(status) != (SIGTRAP | 0x80) &&
			 !(status >> 16) && WSTOPSIG(status) != SIGSTOP)
			sig = WSTOPSIG(status);	/* a signal for the thread */
		/* the exit stop, an event, a new thread's SIGSTOP: run on */
		ptrace(req, pid, 0, sig);
	}
	return ret;
}
