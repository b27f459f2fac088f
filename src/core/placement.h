/* SPDX-License-Identifier: MIT */
/*
 * Where the tracer runs.  By default the scheduler splits tracer and tracee
 * over two CPUs and every ptrace stop pays a cross-CPU wake-up (55-109 us
 * on a KVM guest instead of ~7 us).  The tracer therefore runs SCHED_IDLE,
 * follows the tracee's CPU lazily and falls back to SCHED_OTHER when it is
 * starved, or while several tracee threads make stops at once (then the
 * split over two CPUs pipelines: the tracer serves one thread's stop while
 * the others run).  The tracee's policy and affinity are never touched.
 * Why and how it was measured: docs/design.md, "CPU placement".
 */
#ifndef INJTRACE_CORE_PLACEMENT_H
#define INJTRACE_CORE_PLACEMENT_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum placement_mode {
	PLACEMENT_OFF,		/* default scheduling, never changed */
	PLACEMENT_IDLE,		/* SCHED_IDLE, pinned to the tracee's CPU */
	PLACEMENT_FALLBACK,	/* starved: SCHED_OTHER, unpinned, until retry */
	PLACEMENT_SPLIT,	/* threads stop at once: SCHED_OTHER, unpinned */
};

struct placement {
	/* shared with the guard thread */
	_Atomic int mode;		/* enum placement_mode */
	atomic_uint generation;		/* bumped at every mode change */
	atomic_bool starved;		/* the guard's verdict, for the tracer */
	_Atomic pid_t tid;		/* the tracee last resumed: followed */
	pid_t tracer_tid;
	int policy;		/* the tracer's policy before SCHED_IDLE */
	struct sched_param param;

	/* the tracer thread's own */
	cpu_set_t allowed;	/* the tracer's affinity before any pinning */
	bool one_cpu;		/* allowed is one CPU: nowhere to follow to */
	int cpu;		/* CPU the tracer is pinned to, or -1 */
	pid_t stat_tid;		/* whose /proc/TID/stat stat_fd is */
	int stat_fd;
	uint64_t idle_since_ns;	/* IDLE: since when */
	uint64_t retry_ns;	/* FALLBACK: when to try SCHED_IDLE again */
	uint64_t backoff_ns;	/* the next fallback lasts this long */
	/* the current window of stops: how many, how many of another tid */
	pid_t last_tid;
	unsigned int window_stops, window_switches;

	/* the guard thread */
	pthread_t guard;
	bool guard_running;
	int wake_fd;		/* eventfd: ends the guard thread */
	int schedstat_fd;	/* the tracer thread's schedstat */
	int state_fd;		/* and its stat */

	/* for INJTRACE_STATS */
	unsigned long moves, reads, fallbacks, splits;
	atomic_ulong checks;
};

/*
 * Puts the tracer in SCHED_IDLE, unless INJTRACE_PLACEMENT=off or the
 * kernel lacks what the starvation guard reads.  Call after the tracee is
 * forked, so it cannot inherit the policy or the affinity.
 */
void placement__init(struct placement *pl);
/* waitpid() returned a stop or an exit of tid. */
void placement__stop(struct placement *pl, pid_t tid);
/* waitpid(WNOHANG) found nothing: follow the tracee's CPU before sleeping. */
void placement__idle(struct placement *pl);
/* Back to the tracer's own policy and affinity; prints stats if asked. */
void placement__fini(struct placement *pl, bool stats);

/*
 * The guard's decision, pure for the unit tests: over a window of wall_ns,
 * the tracer waited run_delay_ns on a run queue while the tracee it follows
 * ran tracee_run_ns (or UINT64_MAX if unknown).
 */
bool placement_starved(uint64_t wall_ns, uint64_t run_delay_ns,
		       uint64_t tracee_run_ns);
/*
 * Pure, for the unit tests: the mode a window of stops asks for, from mode
 * (IDLE or SPLIT), given how many of its stops came from another thread
 * than the stop before.  Other modes are returned unchanged.
 */
enum placement_mode placement_window_mode(enum placement_mode mode,
					  unsigned int stops,
					  unsigned int switches);
/* The CPU field (39) of a /proc/TID/stat line, or -1. */
int placement_parse_stat_cpu(const char *line);

#endif
