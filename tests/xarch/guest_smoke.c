// SPDX-License-Identifier: MIT
/*
 * Self-contained smoke test run inside the qemu guests (and natively on
 * x86_64): proves that the guest kernel lets a tracer inject a syscall into
 * a ptrace-stopped child and that bpf() works. It deliberately uses none of
 * the project's code, so that a failure here points at the guest, the
 * toolchain or the boot, not at src/arch or src/inject.
 *
 * Injection is done at a syscall-exit stop of the child's getppid(): rewind
 * pc to the syscall instruction the child just ran, set the number to
 * getpid, run to the entry and exit stops, check the result, restore.
 *
 * Exit status: 0 all passed, 1 a check failed.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/elf.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
typedef struct user_regs_struct smoke_regs;
#define SMOKE_SYSCALL_INSN_LEN 2
#define SMOKE_PC(r) ((r)->rip)
#define SMOKE_RET(r) ((r)->rax)
static void smoke_set_nr(smoke_regs *r, long nr)
{
	r->rax = nr;
	/* No syscall to restart when the injected one returns. */
	r->orig_rax = -1;
}
#elif defined(__aarch64__)
typedef struct user_regs_struct smoke_regs;
#define SMOKE_SYSCALL_INSN_LEN 4
#define SMOKE_PC(r) ((r)->pc)
#define SMOKE_RET(r) ((r)->regs[0])
/*
 * At an exit stop x8 is read again when the rewound svc executes; at an
 * entry stop it would be ignored (the kernel has already copied it to
 * syscallno, settable only through NT_ARM_SYSTEM_CALL).
 */
static void smoke_set_nr(smoke_regs *r, long nr)
{
	r->regs[8] = nr;
}
#elif defined(__riscv) && __riscv_xlen == 64
#include <asm/ptrace.h>
typedef struct user_regs_struct smoke_regs;
#define SMOKE_SYSCALL_INSN_LEN 4
#define SMOKE_PC(r) ((r)->pc)
#define SMOKE_RET(r) ((r)->a0)
static void smoke_set_nr(smoke_regs *r, long nr)
{
	r->a7 = nr;
}
#else
#error "guest_smoke: unsupported architecture"
#endif

#define SMOKE_ROUNDS 3

static int failures;

static void smoke_report(const char *name, int ok, const char *why)
{
	if (ok)
		printf("xarch: smoke: PASS %s\n", name);
	else
		printf("xarch: smoke: FAIL %s: %s\n", name, why);
	fflush(stdout);
	failures += !ok;
}

static int smoke_getregs(pid_t pid, smoke_regs *regs)
{
	struct iovec iov = {.iov_base = regs, .iov_len = sizeof(*regs)};

	return ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov);
}

static int smoke_setregs(pid_t pid, smoke_regs *regs)
{
	struct iovec iov = {.iov_base = regs, .iov_len = sizeof(*regs)};

	return ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &iov);
}

/* Resume to the next syscall stop; returns its op, or -1. */
static int smoke_next_syscall_stop(pid_t pid,
				   struct __ptrace_syscall_info *info)
{
	int status;

	if (ptrace(PTRACE_SYSCALL, pid, 0, 0) < 0)
		return -1;
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != (SIGTRAP | 0x80))
		return -1;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(*info), info) <=
	    0)
		return -1;
	return info->op;
}

/* Inject getpid() at a syscall-exit stop; returns its result or -1. */
static long smoke_inject_getpid(pid_t pid)
{
	struct __ptrace_syscall_info info;
	smoke_regs saved, regs;
	long ret = -1;

	if (smoke_getregs(pid, &saved) < 0)
		return -1;
	regs = saved;
	SMOKE_PC(&regs) -= SMOKE_SYSCALL_INSN_LEN;
	smoke_set_nr(&regs, SYS_getpid);
	if (smoke_setregs(pid, &regs) < 0)
		return -1;
	if (smoke_next_syscall_stop(pid, &info) == PTRACE_SYSCALL_INFO_ENTRY &&
	    info.entry.nr == SYS_getpid &&
	    smoke_next_syscall_stop(pid, &info) == PTRACE_SYSCALL_INFO_EXIT &&
	    smoke_getregs(pid, &regs) == 0 &&
	    (long)SMOKE_RET(&regs) == info.exit.rval)
		ret = info.exit.rval;
	/* Restore on every path: the child must not notice. */
	if (smoke_setregs(pid, &saved) < 0)
		return -1;
	return ret;
}

/*
 * The child checks every getppid() it makes: a wrong value means the
 * injection leaked into its registers.
 */
static void smoke_child(int go_fd, pid_t parent)
{
	char c;
	int i;

	if (read(go_fd, &c, 1) != 1)
		_exit(3);
	for (i = 0; i < SMOKE_ROUNDS; i++)
		if (syscall(SYS_getppid) != parent)
			_exit(2);
	_exit(0);
}

static void test_inject_getpid(void)
{
	struct __ptrace_syscall_info info;
	int pipe_fd[2], status, injected = 0, bad = 0;
	long last_nr = -1, got;
	pid_t pid, self = getpid();

	if (pipe(pipe_fd) < 0)
		return smoke_report("inject_getpid", 0, "pipe");
	pid = fork();
	if (pid < 0)
		return smoke_report("inject_getpid", 0, "fork");
	if (pid == 0) {
		close(pipe_fd[1]);
		smoke_child(pipe_fd[0], self);
	}
	close(pipe_fd[0]);
	if (ptrace(PTRACE_SEIZE, pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return smoke_report("inject_getpid", 0, strerror(errno));
	}
	/* Stop it first, then let it go: it cannot run past us. */
	ptrace(PTRACE_INTERRUPT, pid, 0, 0);
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		bad = 1;
	if (write(pipe_fd[1], "g", 1) != 1)
		bad = 1;
	close(pipe_fd[1]);

	while (!bad) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, 0) < 0 ||
		    waitpid(pid, &status, 0) != pid) {
			bad = 1;
			break;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (WSTOPSIG(status) != (SIGTRAP | 0x80) ||
		    ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info),
			   &info) <= 0)
			continue;
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
			last_nr = info.entry.nr;
			continue;
		}
		if (info.op != PTRACE_SYSCALL_INFO_EXIT ||
		    last_nr != SYS_getppid)
			continue;
		last_nr = -1;
		got = smoke_inject_getpid(pid);
		if (got != pid) {
			printf("xarch: smoke: injected getpid returned %ld, "
			       "want %d\n",
			       got, pid);
			bad = 1;
			break;
		}
		injected++;
	}
	if (bad) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return smoke_report("inject_getpid", 0, "ptrace sequence");
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return smoke_report("inject_getpid", 0,
				    "child saw corrupted registers");
	smoke_report("inject_getpid", injected == SMOKE_ROUNDS,
		     "wrong number of injections");
}

static long smoke_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static void test_bpf_array_map(void)
{
	uint64_t value = 0xfeedfacecafebeefULL, out = 0;
	union bpf_attr attr;
	uint32_t key = 0;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(key);
	attr.value_size = sizeof(value);
	attr.max_entries = 1;
	fd = smoke_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0)
		return smoke_report("bpf_array_map", 0, strerror(errno));

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (uintptr_t)&key;
	attr.value = (uintptr_t)&value;
	if (smoke_bpf(BPF_MAP_UPDATE_ELEM, &attr) < 0) {
		close(fd);
		return smoke_report("bpf_array_map", 0, strerror(errno));
	}
	attr.value = (uintptr_t)&out;
	if (smoke_bpf(BPF_MAP_LOOKUP_ELEM, &attr) < 0) {
		close(fd);
		return smoke_report("bpf_array_map", 0, strerror(errno));
	}
	close(fd);
	smoke_report("bpf_array_map", out == value, "lookup returned garbage");
}

int main(void)
{
	test_inject_getpid();
	test_bpf_array_map();
	return failures ? 1 : 0;
}
