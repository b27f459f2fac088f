// SPDX-License-Identifier: MIT
/*
 * The syscall chain (src/inject/chain.h, src/arch/<arch>/chain.S) in a real
 * tracee, at syscall-exit and syscall-entry stops: results land in each
 * step's ret, 8- and 4-byte copies feed later steps, stop_on_error ends the
 * chain (later steps keep -ECANCELED), steps without it go on; the tracee's
 * registers and fd table come back exactly.  Every other chain runs with
 * no_trap, step by step by the classic path, as for a tracee that ignores
 * SIGTRAP: the same results.  Self-contained (no libbpf),
 * so the cross-arch runner runs it on aarch64 and riscv64 too.  Rounds:
 * argv[1] (default 1000) scaled by INJTRACE_TEST_SCALE, at least 200.
 * Exit 0 pass, 1 fail, 77 skip; last line "chain_test: N passed, M failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "inject/chain.h"
#include "scale.h"

enum { S_GETPID, S_DUP, S_FCNTL, S_GETPGID, S_CLOSE, S_BADCLOSE, S_NEVER, N };

#define SLOT_OFF 0		/* a u32 the 4-byte copy reads */
#define TABLE_OFF 64


static int count_fds(pid_t pid)
{
	char path[64];
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	for (int fd = 0; fd < 64; fd++) {
		char p[96];

		snprintf(p, sizeof(p), "%s/%d", path, fd);
		n += access(p, F_OK) == 0;
	}
	return n;
}

static void step(struct inj_chain_step *s, long nr, uint64_t a0, uint64_t a1,
		 bool stop)
{
	memset(s, 0, sizeof(*s));
	s->nr = nr;
	s->args[0] = a0;
	s->args[1] = a1;
	s->stop_on_error = stop;
}

static void copy(struct inj_chain_step *s, size_t len, size_t src, size_t dst)
{
	s->copy_len = len;
	s->copy_src = src;
	s->copy_dst = dst;
}

/* One chain into the stopped victim; checks everything it can. */
static void one_chain(pid_t victim, struct inj_mm *mm, enum inj_stop stop,
		      bool classic)
{
	struct inj_chain_step s[N];
	struct arch_regs before, after;
	struct inj_task t;
	uint32_t slot = victim;
	int fds = count_fds(victim), err;

	inj_task__init(&t, victim, mm);
	t.proc_tid = victim;
	t.stop = stop;
	if (arch_regs_read(t.arch, victim, &before, 0))
		return;
	err = inj_session__begin(&t);
	if (!err)
		err = inj_scratch__ensure(&t, 0);
	if (!err)
		err = inj_mem_write(mm, mm->data + SLOT_OFF, &slot, 4);
	step(&s[S_GETPID], SYS_getpid, 0, 0, true);
	step(&s[S_DUP], SYS_dup, 2, 0, true);
	/* the new fd as fcntl's first argument: an 8-byte copy */
	step(&s[S_FCNTL], SYS_fcntl, 0, F_GETFD, false);
	copy(&s[S_FCNTL], 8, INJ_CHAIN_FIELD(TABLE_OFF, S_DUP, ret),
	     INJ_CHAIN_FIELD(TABLE_OFF, S_FCNTL, args[0]));
	/* the low half of args[0] from a u32 slot: a 4-byte copy */
	step(&s[S_GETPGID], SYS_getpgid, 0, 0, false);
	copy(&s[S_GETPGID], 4, SLOT_OFF,
	     INJ_CHAIN_FIELD(TABLE_OFF, S_GETPGID, args[0]));
	step(&s[S_CLOSE], SYS_close, 0, 0, false);
	copy(&s[S_CLOSE], 8, INJ_CHAIN_FIELD(TABLE_OFF, S_DUP, ret),
	     INJ_CHAIN_FIELD(TABLE_OFF, S_CLOSE, args[0]));
	step(&s[S_BADCLOSE], SYS_close, (uint64_t)-1, 0, true);
	step(&s[S_NEVER], SYS_getpid, 0, 0, false);
	t.no_trap = classic;
	if (!err)
		err = inj_session__chain(&t, s, N, TABLE_OFF);
	err = inj_session__end(&t) ?: err;
	CHECK(!err, "chain%s: %s", classic ? " (classic)" : "", strerror(-err));
	if (err)
		return;
	CHECK(s[S_GETPID].ret == victim, "getpid %lld", (long long)s[S_GETPID].ret);
	CHECK(s[S_DUP].ret > 2, "dup %lld", (long long)s[S_DUP].ret);
	CHECK(s[S_FCNTL].ret == 0, "fcntl %lld", (long long)s[S_FCNTL].ret);
	CHECK(s[S_GETPGID].ret == getpgid(victim), "getpgid %lld",
	      (long long)s[S_GETPGID].ret);
	CHECK(s[S_CLOSE].ret == 0, "close %lld", (long long)s[S_CLOSE].ret);
	CHECK(s[S_BADCLOSE].ret == -EBADF, "close(-1) %lld",
	      (long long)s[S_BADCLOSE].ret);
	CHECK(s[S_NEVER].ret == -ECANCELED, "step after a stop ran: %lld",
	      (long long)s[S_NEVER].ret);
	CHECK(count_fds(victim) == fds, "fds %d -> %d", fds, count_fds(victim));
	if (arch_regs_read(t.arch, victim, &after, 0))
		return;
	for (unsigned int i = 0; i < t.arch->nwords; i++)
		CHECK((int)i == t.arch->stop_clobbered ||
			      before.w[i] == after.w[i],
		      "register word %u: %#llx -> %#llx", i,
		      (unsigned long long)before.w[i],
		      (unsigned long long)after.w[i]);
}

/* Resumes to the next syscall stop and says whether it is an entry. */
static int next_stop(pid_t pid, bool *entry)
{
	struct __ptrace_syscall_info si;
	int status;

	if (ptrace(PTRACE_SYSCALL, pid, 0, 0) || waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
		return -EPROTO;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(si), &si) <= 0)
		return -errno;
	*entry = si.op == PTRACE_SYSCALL_INFO_ENTRY;
	return 0;
}

int main(int argc, char **argv)
{
	long n = test_scaled(argc > 1 ? atol(argv[1]) : 1000, 200);
	struct inj_mm mm;
	int status, ran = 0;
	pid_t victim = fork();

	if (victim == 0) {
		raise(SIGSTOP);
		for (;;)
			syscall(SYS_getppid);
	}
	if (waitpid(victim, &status, WUNTRACED) < 0 ||
	    ptrace(PTRACE_SEIZE, victim, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) {
		perror("chain_test: seize");
		kill(victim, SIGKILL);
		return errno == EPERM ? 77 : 1;
	}
	kill(victim, SIGCONT);
	/* the group-stop, the SIGCONT, then syscall stops */
	for (;;) {
		if (waitpid(victim, &status, 0) < 0)
			return 1;
		if (WSTOPSIG(status) == (SIGTRAP | 0x80))
			break;
		ptrace(PTRACE_SYSCALL, victim, 0,
		       (status >> 16) ? 0 : (void *)(long)WSTOPSIG(status));
	}
	inj_mm__init(&mm, victim);
	for (long i = 0; i < n && fails < 10; i++) {
		bool entry = false;

		if (next_stop(victim, &entry))
			break;
		one_chain(victim, &mm, entry ? INJ_STOP_SYSCALL_ENTRY :
					       INJ_STOP_SYSCALL_EXIT, i & 1);
		ran++;
	}
	kill(victim, SIGKILL);
	waitpid(victim, &status, 0);
	inj_mm__free(&mm);
	printf("chain_test: %d chains run, %d checks failed\n", ran, fails);
	printf("chain_test: %d passed, %d failed\n", ran == n && !fails,
	       ran != n || fails);
	return ran == n && !fails ? 0 : 1;
}
