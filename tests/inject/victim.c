// SPDX-License-Identifier: MIT
/*
 * The victim of the spy/victim test: a process that checks itself while a
 * tracer injects syscalls into its threads.  Three threads:
 *  - main: values kept live across syscalls, getppid(), bpf(-1) (the call
 *    the spy's seccomp mode traces), nanosleep() cut by stops;
 *  - worker: its own syscalls in a tight loop, results checked;
 *  - reader: a blocking read() of a sequence of bytes from the spy.
 * A handler counts SIGRTMIN+1 signals and sums their si_value, so a lost or
 * doubled signal, or a wrong siginfo, shows.  At EOF on the pipe it writes
 * its findings to the result fd and exits 0 when it saw nothing wrong.
 */
#include "victim.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t done;
static volatile long errors;
static volatile long sig_count;
static volatile long long sig_sum;
static pid_t parent;
static int data_fd;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	/* Handlers run on any thread, at once: atomics. */
	__atomic_add_fetch(&sig_count, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sig_sum, si->si_value.sival_int, __ATOMIC_RELAXED);
}

static void fail(const char *what)
{
	__atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
	if (errors < 5)
		fprintf(stderr, "victim: %s\n", what);
}

static void *worker(void *arg)
{
	uint64_t a = 0x1234, b = 0xfeed, n = 0;

	while (!done) {
		long r = syscall(SYS_getppid);

		if (r != parent)
			fail("worker: getppid");
		a = a * 3 + 1;
		b ^= a;
		n++;
		if (syscall(SYS_gettid) == getpid())
			fail("worker: gettid");
	}
	/* The same arithmetic again: registers kept across calls held. */
	uint64_t a2 = 0x1234, b2 = 0xfeed;

	for (uint64_t i = 0; i < n; i++) {
		a2 = a2 * 3 + 1;
		b2 ^= a2;
	}
	if (a2 != a || b2 != b)
		fail("worker: values kept across syscalls changed");
	return NULL;
}

static void *reader(void *arg)
{
	unsigned char expect = 0, c;

	for (;;) {
		ssize_t n = read(data_fd, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail("reader: read error");
			break;
		}
		if (n == 0)
			break;
		if (c != expect)
			fail("reader: sequence broken");
		expect = c + 1;
	}
	done = 1;
	return NULL;
}

static int install_seccomp(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_bpf, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int victim_main(const struct victim_args *va)
{
	struct sigaction sa = { .sa_sigaction = on_signal,
				.sa_flags = SA_SIGINFO | SA_RESTART };
	pthread_t tw, tr;
	uint64_t x = 7, y = 11, z = 13, loops = 0;
	struct victim_result res;
	char c;

	parent = getppid();
	data_fd = va->data_fd;
	sigaction(VICTIM_SIG, &sa, NULL);
	if (va->seccomp && install_seccomp())
		return 3;
	/* Ready for signals; wait until the spy has seized us (threads
	 * created after that are traced too). */
	if (write(va->result_fd, "r", 1) != 1 || read(va->go_fd, &c, 1) != 1)
		return 4;
	pthread_create(&tw, NULL, worker, NULL);
	pthread_create(&tr, NULL, reader, NULL);
	while (!done) {
		struct timespec ts = { 0, 50000 }, rem;
		long r;

		r = syscall(SYS_bpf, -1, NULL, 0);
		if (r != -1 || errno != EINVAL)
			fail("main: bpf(-1) did not fail with EINVAL");
		if (syscall(SYS_getppid) != parent)
			fail("main: getppid");
		while (nanosleep(&ts, &rem) && errno == EINTR)
			ts = rem;
		x = x * 5 + y;
		y = y * 7 + z;
		z = z * 11 + x;
		loops++;
	}
	{
		uint64_t x2 = 7, y2 = 11, z2 = 13;

		for (uint64_t i = 0; i < loops; i++) {
			x2 = x2 * 5 + y2;
			y2 = y2 * 7 + z2;
			z2 = z2 * 11 + x2;
		}
		if (x2 != x || y2 != y || z2 != z)
			fail("main: values kept across syscalls changed");
	}
	pthread_join(tw, NULL);
	pthread_join(tr, NULL);
	res.errors = errors;
	res.sig_count = sig_count;
	res.sig_sum = sig_sum;
	if (write(va->result_fd, &res, sizeof(res)) != sizeof(res))
		return 5;
	return errors ? 1 : 0;
}
