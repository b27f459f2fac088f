// SPDX-License-Identifier: MIT
/*
 * What a tracee sees of the scheduler, to show injtrace's CPU placement
 * never reaches the tracee (tests/placement/check_tracee.sh,
 * check_starved.sh).  Every mode makes bpf() calls first, so the tracer
 * has stopped it, gone SCHED_IDLE and pinned itself by then.
 *
 *	sched_report self [N]	N calls, print own policy, nice, affinity;
 *				then a forked child does the same
 *	sched_report tracer [N]	N calls, print the parent's (tracer's) policy
 *	sched_report starve [MS]	a spinning thread shares one CPU with
 *				the tracer: call bpf() until the tracer is
 *				seen back in its default policy (exit 0), or
 *				MS (3000) pass without it being starved
 *				(exit 77)
 *
 * Exit status 1: the tracee's own policy or affinity changed meanwhile.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static atomic_bool done;

/* A call that always stops the tracee and always fails: EBADF. */
static void bpf_calls(unsigned long n)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = -1;
	for (unsigned long i = 0; i < n; i++)
		syscall(__NR_bpf, BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr));
}

static const char *policy_name(int policy)
{
	switch (policy & ~SCHED_RESET_ON_FORK) {
	case SCHED_OTHER:
		return "other";
	case SCHED_BATCH:
		return "batch";
	case SCHED_IDLE:
		return "idle";
	case SCHED_FIFO:
		return "fifo";
	case SCHED_RR:
		return "rr";
	default:
		return "?";
	}
}

static void print_self(const char *who)
{
	int policy = sched_getscheduler(0);
	cpu_set_t set;

	errno = 0;
	printf("%s: policy=%s reset_on_fork=%d nice=%d affinity=", who,
	       policy_name(policy), !!(policy & SCHED_RESET_ON_FORK),
	       getpriority(PRIO_PROCESS, 0));
	if (sched_getaffinity(0, sizeof(set), &set)) {
		printf("?\n");
		return;
	}
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			printf("%d,", cpu);
	printf("\n");
	fflush(stdout);
}

static void *spin(void *arg)
{
	while (!atomic_load_explicit(&done, memory_order_relaxed))
		;
	return NULL;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int starve(double window_ms)
{
	int policy = sched_getscheduler(0);
	pid_t tracer = getppid();
	double start = now_ms(), longest = 0;
	bool seen_idle = false;
	pthread_t thread;
	cpu_set_t one;
	unsigned long calls = 0;
	int ret = 77;

	/* one CPU for the tracee; the tracer follows it there */
	CPU_ZERO(&one);
	sched_getaffinity(0, sizeof(one), &one);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &one)) {
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			break;
		}
	}
	sched_setaffinity(0, sizeof(one), &one);
	pthread_create(&thread, NULL, spin, NULL);
	while (now_ms() - start < window_ms) {
		double t = now_ms();
		int tracer_policy;

		bpf_calls(1);
		calls++;
		t = now_ms() - t;
		if (t > longest)
			longest = t;
		tracer_policy = sched_getscheduler(tracer) & ~SCHED_RESET_ON_FORK;
		if (tracer_policy == SCHED_IDLE) {
			seen_idle = true;
		} else if (seen_idle) {
			ret = 0;
			break;
		}
	}
	atomic_store(&done, true);
	pthread_join(thread, NULL);
	if (sched_getscheduler(0) != policy) {
		printf("tracee's policy changed\n");
		return 1;
	}
	printf("%s after %lu calls, %.0f ms; longest call %.1f ms\n",
	       ret ? "no starvation" : "tracer back to default", calls,
	       now_ms() - start, longest);
	return ret;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "self";
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 2000;
	int status;
	pid_t pid;

	if (!strcmp(mode, "starve"))
		return starve(argc > 2 ? strtod(argv[2], NULL) : 3000);
	bpf_calls(n);
	if (!strcmp(mode, "tracer")) {
		printf("tracer: policy=%s\n",
		       policy_name(sched_getscheduler(getppid())));
		return 0;
	}
	print_self("parent");
	pid = fork();
	if (pid == 0) {
		bpf_calls(n);
		print_self("child");
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	bpf_calls(n);
	print_self("parent");
	return 0;
}
