/* SPDX-License-Identifier: MIT */
/*
 * Where the tracer runs.  By default the scheduler splits tracer and tracee
 * over two CPUs and every ptrace stop pays a cross-CPU wake-up (55-109 us
 * on a KVM guest instead of ~7 us).  The tracer therefore runs SCHED_IDLE,
 * follows the tracee's CPU lazily and falls back to SCHED_OTHER when it is
 * starved.  The tracee's policy and affinity are never touched.
 * Why and how it was measured: docs/design.md, "CPU placement".
 */
#ifndef INJTRACE_CORE_PLACEMENT_H
#define INJTRACE_CORE_PLACEMENT_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum placement_mode {
	PLACEMENT_OFF,		/* default scheduling, never changed */
	PLACEMENT_IDLE,		/* SCHED_IDLE, pinned to the tracee's CPU */
	PLACEMENT_FALLBACK,	/* starved: SCHED_OTHER, unpinned, until retry */
};

/* One guard window: what the counters read when it began. */
struct placement_window {
	uint64_t start_ns;	/* CLOCK_MONOTONIC */
	uint64_t run_delay_ns;	/* tracer's time runnable but not running */
	uint64_t tracee_run_ns;	/* followed tracee's time on a CPU */
	pid_t tracee;		/* whose run time tracee_run_ns is */
	unsigned int stops;
};

struct placement {
	enum placement_mode mode;
	int policy;		/* the tracer's policy before SCHED_IDLE */
	struct sched_param param;
	cpu_set_t allowed;	/* the tracer's affinity before any pinning */
	int cpu;		/* CPU the tracer is pinned to, or -1 */
	pid_t tid;		/* the tracee last resumed: the one followed */
	pid_t stat_tid;		/* whose files stat_fd, schedstat_fd are */
	int stat_fd;		/* /proc/TID/stat of stat_tid */
	int tracee_schedstat_fd;	/* /proc/TID/schedstat of stat_tid */
	int schedstat_fd;	/* /proc/thread-self/schedstat */
	struct placement_window win;
	uint64_t retry_ns;	/* FALLBACK: when to try SCHED_IDLE again */
	uint64_t backoff_ns;	/* the next fallback lasts this long */
	unsigned int strikes;	/* starved windows in a row */
	/* for INJTRACE_STATS */
	unsigned long moves, reads, fallbacks, checks;
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
/* The CPU field (39) of a /proc/TID/stat line, or -1. */
int placement_parse_stat_cpu(const char *line);

#endif
