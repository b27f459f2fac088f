// SPDX-License-Identifier: MIT
/*
 * The engine's wait queue (struct inj_waitq) filled by an injection: a
 * victim of NTHREADS threads that all sit in a stop when one injection
 * into its main thread runs.  The engine, waiting on any child, must
 * queue every one of those stops (the queue grows far past its first
 * allocation, and past the 256 it once stopped at), and the caller must
 * get each of them back exactly once: none lost, none doubled, none left
 * for a later waitpid().  Self-contained (no libbpf), so the cross-arch
 * guests run it too.
 *
 * The victim is not our child but our child's (it is reparented): the
 * kernel offers a tracer's stops in the order of its tracees, newest
 * seized first (ptrace_link() adds at the head), and a child of our own
 * would be offered before them.  The main thread is seized first, so
 * every pending stop of the others is consumed before its own.
 *
 * Exit 0 pass, 1 fail, 77 skip; last line "waitq_test: N passed, M failed".
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "inject/inject.h"

#define NTHREADS 300
#define ROUNDS 3

static pid_t thread_ids[NTHREADS];
static atomic_int started;

static void *sleeper(void *arg)
{
	thread_ids[atomic_fetch_add(&started, 1)] = gettid();
	for (;;)
		pause();
	return arg;
}

/* The victim: NTHREADS sleepers (their tids to tid_fd), then getppid(). */
static void victim(int tid_fd)
{
	pthread_attr_t attr;
	pthread_t th;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&th, &attr, sleeper, NULL))
			_exit(1);
	while (atomic_load(&started) < NTHREADS)
		usleep(1000);
	if (write(tid_fd, thread_ids, sizeof(thread_ids)) != sizeof(thread_ids))
		_exit(1);
	for (;;)
		syscall(SYS_getppid);
}

/*
 * A victim that is our grandchild: its pid and its other threads' tids,
 * or -errno.
 */
static pid_t start_victim(pid_t *tids)
{
	int fds[2], status;
	pid_t pid, mid;

	if (pipe(fds))
		return -errno;
	mid = fork();
	if (mid < 0)
		return -errno;
	if (mid == 0) {
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			victim(fds[1]);
		}
		/* the victim's pid, for our parent */
		_exit(write(fds[1], &pid, sizeof(pid)) == sizeof(pid) ? 0 : 1);
	}
	close(fds[1]);
	if (read(fds[0], &pid, sizeof(pid)) != sizeof(pid) ||
	    waitpid(mid, &status, 0) != mid ||
	    read(fds[0], tids, NTHREADS * sizeof(*tids)) !=
		NTHREADS * sizeof(*tids))
		pid = -EPROTO;
	close(fds[0]);
	return pid;
}

/* Runs main to its next syscall stop: its wait status, or -errno. */
static int to_syscall_stop(pid_t pid, int req)
{
	int status;

	for (;;) {
		if (ptrace(req, pid, 0, 0) || waitpid(pid, &status, __WALL) < 0)
			return -errno;
		if (!WIFSTOPPED(status))
			return -ESRCH;
		if (WSTOPSIG(status) == (SIGTRAP | 0x80))
			return status;
		req = PTRACE_SYSCALL;
	}
}

/*
 * One round: every other thread interrupted and its stop pending before
 * an injected getpid() into main; then each stop is taken from the queue.
 */
static void one_round(pid_t pid, struct inj_mm *mm, const pid_t *tids, int n)
{
	struct inj_waitq q;
	struct inj_task t;
	bool *seen = calloc(n, sizeof(*seen));
	int status, queued = 0, err;
	int64_t ret = 0;
	pid_t tid;
	siginfo_t si;

	if (!seen)
		return;
	for (int i = 0; i < n; i++)
		CHECK(!ptrace(PTRACE_INTERRUPT, tids[i], 0, 0),
		      "interrupt %d: %s", tids[i], strerror(errno));
	/* each stop reportable (WNOWAIT: not consumed) */
	for (int i = 0; i < n; i++)
		CHECK(!waitid(P_PID, tids[i], &si, WSTOPPED | WNOWAIT | __WALL),
		      "waitid %d: %s", tids[i], strerror(errno));

	status = to_syscall_stop(pid, PTRACE_SYSCALL);
	CHECK(status > 0, "main to a syscall stop: %s", strerror(-status));
	inj_waitq__init(&q);
	inj_task__init(&t, pid, mm);
	t.waitq = &q;
	t.stop = inj_stop_kind(pid, status, NULL);
	t.stop_status = status;
	err = inj_remote_syscall(&t, SYS_getpid, (uint64_t[6]){0}, &ret);
	CHECK(!err && ret == pid, "getpid: %s, %lld", strerror(-err),
	      (long long)ret);
	CHECK(q.cap > 256, "the queue held at most %u statuses", q.cap);

	while (inj_waitq__take(&q, &tid, &status)) {
		int i = 0;

		queued++;
		while (i < n && tids[i] != tid)
			i++;
		CHECK(i < n, "a status of %d, no thread of the victim", tid);
		if (i == n)
			continue;
		CHECK(!seen[i], "thread %d reported twice", tid);
		seen[i] = true;
		CHECK(WIFSTOPPED(status) &&
			  (unsigned int)status >> 16 == PTRACE_EVENT_STOP,
		      "thread %d: status %#x, not its interrupt stop", tid,
		      status);
	}
	CHECK(queued == n, "%d of %d stops queued", queued, n);
	/* nothing more to wait for: no stop was left behind either */
	tid = waitpid(-1, &status, __WALL | WNOHANG);
	CHECK(tid == 0, "a status left to waitpid(): %d %#x", tid, status);
	for (int i = 0; i < n; i++) {
		CHECK(seen[i], "the stop of thread %d was lost", tids[i]);
		ptrace(PTRACE_CONT, tids[i], 0, 0);
	}
	inj_waitq__free(&q);
	free(seen);
	printf("waitq_test: %d stops queued during one injection\n", queued);
}

int main(void)
{
	static pid_t tids[NTHREADS];
	struct inj_mm mm;
	pid_t pid = start_victim(tids);
	int n = 0, status;

	if (pid < 0) {
		fprintf(stderr, "waitq_test: victim: %s\n", strerror(-pid));
		return 1;
	}
	if (ptrace(PTRACE_SEIZE, pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) {
		int err = errno;

		kill(pid, SIGKILL);
		fprintf(stderr, "waitq_test: seize: %s\n", strerror(err));
		if (err == EPERM)
			fprintf(stderr, "waitq_test: SKIP: may not ptrace\n");
		return err == EPERM ? 77 : 1;
	}
	/* after main: the kernel offers their stops before main's */
	while (n < NTHREADS &&
	       !ptrace(PTRACE_SEIZE, tids[n], 0, PTRACE_O_TRACESYSGOOD))
		n++;
	CHECK(n == NTHREADS, "thread %d not seized: %s", tids[n],
	      strerror(errno));
	if (n == NTHREADS) {
		/* main to its interrupt stop; each round runs it on */
		CHECK(!ptrace(PTRACE_INTERRUPT, pid, 0, 0) &&
			  waitpid(pid, &status, __WALL) == pid,
		      "interrupt main: %s", strerror(errno));
		inj_mm__init(&mm, pid);
		for (int r = 0; r < ROUNDS && !fails; r++)
			one_round(pid, &mm, tids, n);
		inj_mm__free(&mm);
	}
	kill(pid, SIGKILL);
	while (waitpid(-1, &status, __WALL) > 0 || errno == EINTR)
		;
	printf("waitq_test: %d passed, %d failed\n", !fails, !!fails);
	return fails ? 1 : 0;
}
