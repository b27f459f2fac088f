// SPDX-License-Identifier: MIT
/*
 * Checks itself that signals arrive as without a tracer, while it makes
 * traced bpf() calls: a forked sender queues RT signals with values (never
 * merged, so each must arrive exactly once, checksummed), sends SIGUSR1s
 * (may merge, must arrive at least once), and stops and continues us with
 * SIGSTOP/SIGCONT.  Exit 0 when every count is right.
 * "signal_victim [N]": N RT signals (default 2000, at least 100), a SIGUSR1
 * after each hundred, a stop after each of the first 20 hundreds.
 */
#include <signal.h>
#include <sys/wait.h>

#include "testlib.h"

#define STOPS 20

static int rt_signals = 2000;
static volatile sig_atomic_t rt_count, usr1_count, done;
static volatile long rt_sum;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	rt_count++;
	rt_sum += si->si_value.sival_int;
}

static void on_usr1(int sig)
{
	usr1_count++;
}

static void on_usr2(int sig)
{
	done = 1;
}

static void sender(pid_t victim)
{
	for (int i = 1; i <= rt_signals; i++) {
		union sigval v = { .sival_int = i };

		/* a full queue (EAGAIN) is retried, never dropped */
		while (sigqueue(victim, SIGRTMIN + 1, v) && errno == EAGAIN)
			usleep(100);
		if (i % 100 == 0) {
			kill(victim, SIGUSR1);
			if (i / 100 <= STOPS) {
				kill(victim, SIGSTOP);
				usleep(1000);
				kill(victim, SIGCONT);
			}
		}
	}
	kill(victim, SIGUSR2);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO | SA_RESTART };
	int fd = test_array_map(4);
	unsigned int value;
	long calls = 0;
	pid_t child;
	int status;

	if (argc > 1)
		rt_signals = atoi(argv[1]);
	if (rt_signals < 100) {
		fprintf(stderr, "usage: signal_victim [N >= 100]\n");
		return 2;
	}
	sigaction(SIGRTMIN + 1, &sa, NULL);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	child = fork();
	if (child == 0)
		sender(getppid());
	/* traced calls while signals arrive, and some even if the sender
	 * was done before we got going */
	while (!done || calls < 100) {
		if (test_lookup(fd, 1, &value) && errno != EINTR) {
			perror("lookup");
			return 1;
		}
		calls++;
	}
	waitpid(child, &status, 0);
	/* RT signals queued before SIGUSR2 are delivered first (lower number
	 * first is not guaranteed across kinds): wait for stragglers */
	for (int i = 0; i < 100 && rt_count < rt_signals; i++)
		usleep(1000);
	long want_sum = (long)rt_signals * (rt_signals + 1) / 2;

	printf("signal_victim: rt=%d/%d sum=%ld/%ld usr1=%d calls=%ld\n",
	       rt_count, rt_signals, rt_sum, want_sum, usr1_count, calls);
	if (rt_count != rt_signals || rt_sum != want_sum || usr1_count < 1 ||
	    !WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("signal_victim: FAILED\n");
		return 1;
	}
	return 0;
}
