// SPDX-License-Identifier: MIT
/*
 * ptrace_floor [-w stops|plain|typed] PROG [ARG...]: the least any
 * ptrace tracer of bpf() calls does, timed by bench/overhead.sh beside
 * strace and injtrace in the same rounds, so that a ratio to strace can be
 * set against the floor it cannot go below.
 *
 * PROG runs under a seccomp filter returning SECCOMP_RET_TRACE for bpf()
 * (as under strace --seccomp-bpf and injtrace), every thread and child
 * followed.  At each seccomp stop the tracer asks for the exit stop
 * (PTRACE_SYSCALL), at the exit stop it lets the thread run on
 * (PTRACE_CONT): the two stops a traced call must cost to be seen at
 * entry and at exit.  With -w stops (the default) it reads no register
 * and no memory and prints nothing.  -w plain adds the calls any tracer
 * that prints the call makes, as injtrace --plain makes them: the
 * arguments at entry and the result at exit (PTRACE_GET_SYSCALL_INFO),
 * the attr (process_vm_readv) and a line on stdout, written as it ends
 * (line-buffered: one write() a call, as injtrace's and strace's output is
 * written, so that a line is there for `tail -f` and none is lost when the
 * tracer is killed).  -w typed
 * adds what typed decoding cannot do without, as injtrace does it: the
 * map's fdinfo (pread of a kept-open file: the fd's map and value size),
 * the key read with the attr (the last call's key address, one
 * process_vm_readv) and the value a lookup returns, read at its exit (a
 * pread of the thread's kept-open /proc/TID/mem, injtrace's cheapest
 * read).
 * Nothing is decoded: the floor of each level of work.  Placement is the
 * scheduler's: run it under taskset for the floor on one CPU.  Exit
 * status: PROG's.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

enum work { WORK_STOPS, WORK_PLAIN, WORK_TYPED };

/* A traced thread's call in flight, its fdinfo and mem files (typed). */
struct thread {
	pid_t tid;
	int map_fd, fdinfo; /* fdinfo: /proc/TID/fdinfo/MAP_FD, or -1 */
	int mem;	    /* /proc/TID/mem, or -1 */
	uint32_t value_size;
	uint64_t key, value; /* the attr's pointers, this call's */
	uint32_t cmd;
	char key_buf[64];
};

#define THREADS 64
static struct thread threads[THREADS];

static struct thread *thread_of(pid_t tid)
{
	struct thread *t = &threads[tid % THREADS];

	if (t->tid != tid) {
		if (t->tid && t->fdinfo >= 0)
			close(t->fdinfo);
		if (t->tid && t->mem >= 0)
			close(t->mem);
		*t = (struct thread){
		    .tid = tid, .map_fd = -1, .fdinfo = -1, .mem = -1};
	}
	return t;
}

/* The fd's map as injtrace's cache revalidates it: a pread of fdinfo. */
static void read_fdinfo(struct thread *t, int map_fd)
{
	char buf[512], path[64];
	const char *v;
	ssize_t n;

	if (t->map_fd != map_fd && t->fdinfo >= 0) {
		close(t->fdinfo);
		t->fdinfo = -1;
	}
	if (t->fdinfo < 0) {
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", t->tid,
			 map_fd);
		t->fdinfo = open(path, O_RDONLY | O_CLOEXEC);
		t->map_fd = map_fd;
	}
	n = t->fdinfo < 0 ? -1 : pread(t->fdinfo, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	v = strstr(buf, "value_size:");
	t->value_size = v ? (uint32_t)strtoul(v + 11, NULL, 10) : 0;
}

static void at_entry(pid_t pid, enum work work)
{
	struct __ptrace_syscall_info info;
	struct thread *t = thread_of(pid);
	union bpf_attr attr = {0};
	struct iovec local[2] = {{&attr, sizeof(attr)}};
	struct iovec remote[2];
	uint64_t size;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), &info) <= 0)
		return;
	size = info.seccomp.args[2] < sizeof(attr) ? info.seccomp.args[2]
						   : sizeof(attr);
	local[0].iov_len = size;
	remote[0] =
	    (struct iovec){(void *)(uintptr_t)info.seccomp.args[1], size};
	local[1] = (struct iovec){t->key_buf, sizeof(t->key_buf)};
	remote[1] =
	    (struct iovec){(void *)(uintptr_t)t->key, sizeof(t->key_buf)};
	process_vm_readv(pid, local, work == WORK_TYPED && t->key ? 2 : 1,
			 remote, work == WORK_TYPED && t->key ? 2 : 1, 0);
	t->cmd = (uint32_t)info.seccomp.args[0];
	t->key = attr.key;
	t->value = attr.value;
	if (work == WORK_TYPED && t->cmd <= BPF_MAP_GET_NEXT_KEY)
		read_fdinfo(t, (int)attr.map_fd);
}

static void at_exit(pid_t pid, enum work work)
{
	struct __ptrace_syscall_info info;
	struct thread *t = thread_of(pid);
	char value[4096], path[64];

	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), &info) <= 0)
		return;
	if (work == WORK_TYPED && t->cmd == BPF_MAP_LOOKUP_ELEM &&
	    !info.exit.rval && t->value_size <= sizeof(value)) {
		if (t->mem < 0) {
			snprintf(path, sizeof(path), "/proc/%d/mem", pid);
			t->mem = open(path, O_RDONLY | O_CLOEXEC);
		}
		if (t->mem >= 0)
			pread(t->mem, value, t->value_size, (off_t)t->value);
	}
	printf("[pid %d] bpf(%u, 0x%llx) = %lld\n", pid, t->cmd,
	       (unsigned long long)t->value, (long long)info.exit.rval);
}

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
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) || raise(SIGSTOP) || trace_bpf()) {
		perror("ptrace_floor: child");
		_exit(127);
	}
	execvp(argv[0], argv);
	perror("ptrace_floor: exec");
	_exit(127);
}

int main(int argc, char **argv)
{
	static const char *const works[] = {"stops", "plain", "typed"};
	enum work work = WORK_STOPS;
	int status, ret = 1, opt;
	pid_t child;

	while ((opt = getopt(argc, argv, "+w:")) != -1) {
		for (work = WORK_STOPS; work <= WORK_TYPED; work++)
			if (opt == 'w' && !strcmp(optarg, works[work]))
				break;
		if (work > WORK_TYPED)
			optind = argc; /* usage */
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: ptrace_floor [-w stops|plain|typed] "
				"PROG [ARG...]\n");
		return 2;
	}
	if (work != WORK_STOPS)
		setvbuf(stdout, NULL, _IOLBF, 0);
	child = start(argv + optind);
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
			break; /* ECHILD: all gone */
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (pid == child)
				ret = WIFEXITED(status)
					  ? WEXITSTATUS(status)
					  : 128 + WTERMSIG(status);
			continue;
		}
		if (status >> 8 == (SIGTRAP | PTRACE_EVENT_SECCOMP << 8)) {
			req = PTRACE_SYSCALL; /* on to the exit stop */
			if (work != WORK_STOPS)
				at_entry(pid, work);
		} else if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
			if (work != WORK_STOPS)
				at_exit(pid, work);
		} else if (!(status >> 16) && WSTOPSIG(status) != SIGSTOP)
			sig = WSTOPSIG(status); /* a signal for the thread */
		/* the exit stop, an event, a new thread's SIGSTOP: run on */
		ptrace(req, pid, 0, sig);
	}
	return ret;
}
