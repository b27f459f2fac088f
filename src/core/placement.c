// SPDX-License-Identifier: MIT
/*
 * CPU placement of the tracer (see placement.h and docs/design.md).
 *
 * PTRACE_CONT wakes the tracee while the tracer still runs, so the
 * scheduler puts the tracee on the other, idle CPU, and the split lasts:
 * every stop then pays a cross-CPU wake-up.  A CPU that runs only
 * SCHED_IDLE tasks counts as idle when a woken task is placed
 * (sched_idle_cpu(), since Linux 5.4), and a normal task preempts a
 * SCHED_IDLE one at once.  So with the tracer in SCHED_IDLE the resumed
 * tracee lands on the tracer's CPU, runs to its next stop, and the tracer
 * finds that stop at its next waitpid(WNOHANG) without ever sleeping.
 *
 * SCHED_IDLE has weight 3 against 1024: a tracee thread that never stops,
 * or any CPU hog, on the same CPU starves the tracer.  The guard sees that
 * in the tracer's run delay and goes back to default scheduling for a while.
 */
#include "core/placement.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#define NSEC_PER_MSEC		1000000ULL
/* a guard window ends after this long or this many stops */
#define GUARD_WINDOW_NS		(10 * NSEC_PER_MSEC)
#define GUARD_WINDOW_STOPS	256
/* how long a fallback lasts: doubled each time, halved by a good window */
#define BACKOFF_MIN_NS		(50 * NSEC_PER_MSEC)
#define BACKOFF_MAX_NS		(2000 * NSEC_PER_MSEC)
/* run delay under this is never starvation: a few slices of other tasks */
#define STARVED_SLACK_NS	(2 * NSEC_PER_MSEC)
/*
 * A KVM guest's vCPU is sometimes taken away for a few ms (steal time):
 * run delay counts it, the tracee's run time does not.  So one short
 * starved window is not enough to fall back; one so long that the tracer
 * could not even end it on time is.
 */
#define STARVED_STRIKES		2
#define STARVED_LONG_NS		(2 * GUARD_WINDOW_NS)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * A healthy SCHED_IDLE tracer waits on the run queue while the tracee it
 * just resumed runs on the same CPU: its run delay is about the tracee's
 * run time.  Starved, it waits behind tasks that do not stop (a busy tracee
 * thread, a CPU hog): the run delay far exceeds what the followed tracee
 * ran.  A tracee that computes long between stops keeps the two equal and
 * is rightly not called starvation: the tracer has nothing to do meanwhile.
 */
bool placement_starved(uint64_t wall_ns, uint64_t run_delay_ns,
		       uint64_t tracee_run_ns)
{
	if (run_delay_ns < STARVED_SLACK_NS)
		return false;
	/* waited most of the window: something else had the CPU */
	if (run_delay_ns > wall_ns / 2 + wall_ns / 4)
		return true;
	if (tracee_run_ns == UINT64_MAX)
		return false;
	return run_delay_ns > wall_ns / 4 &&
	       run_delay_ns > 2 * tracee_run_ns + STARVED_SLACK_NS;
}

int placement_parse_stat_cpu(const char *line)
{
	/* comm (field 2) may hold anything, ')' included: skip to the last */
	const char *p = strrchr(line, ')');
	int field = 2;

	if (!p)
		return -1;
	p++;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (++field == 39) {
			char *end;
			long cpu = strtol(p, &end, 10);

			return end != p && cpu >= 0 && cpu < CPU_SETSIZE ?
				       (int)cpu : -1;
		}
		while (*p && *p != ' ')
			p++;
	}
	return -1;
}

/* Reads the first and second numbers of a schedstat file. */
static int read_schedstat(int fd, uint64_t *run_ns, uint64_t *delay_ns)
{
	char buf[96];
	ssize_t n;
	unsigned long long run, delay;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "%llu %llu", &run, &delay) != 2)
		return -1;
	if (run_ns)
		*run_ns = run;
	if (delay_ns)
		*delay_ns = delay;
	return 0;
}

static void close_tracee_files(struct placement *pl)
{
	if (pl->stat_fd >= 0)
		close(pl->stat_fd);
	if (pl->tracee_schedstat_fd >= 0)
		close(pl->tracee_schedstat_fd);
	pl->stat_fd = pl->tracee_schedstat_fd = -1;
	pl->stat_tid = 0;
}

/* Keeps the followed tracee's files open: a pread costs ~1.6 us, an open ~5. */
static void open_tracee_files(struct placement *pl)
{
	char path[64];

	if (pl->stat_tid == pl->tid)
		return;
	close_tracee_files(pl);
	snprintf(path, sizeof(path), "/proc/%d/stat", pl->tid);
	pl->stat_fd = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/%d/schedstat", pl->tid);
	pl->tracee_schedstat_fd = open(path, O_RDONLY | O_CLOEXEC);
	pl->stat_tid = pl->tid;
}

static int tracee_cpu(struct placement *pl)
{
	char buf[1024];
	ssize_t n;

	open_tracee_files(pl);
	if (pl->stat_fd < 0)
		return -1;
	n = pread(pl->stat_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0) {
		/* gone: reopen when it is followed again */
		close_tracee_files(pl);
		return -1;
	}
	buf[n] = '\0';
	pl->reads++;
	return placement_parse_stat_cpu(buf);
}

static uint64_t tracee_run_time(struct placement *pl)
{
	uint64_t run;

	if (pl->stat_tid != pl->tid ||
	    read_schedstat(pl->tracee_schedstat_fd, &run, NULL))
		return UINT64_MAX;
	return run;
}

static void window_start(struct placement *pl, uint64_t now)
{
	pl->win.start_ns = now;
	pl->win.stops = 0;
	if (read_schedstat(pl->schedstat_fd, NULL, &pl->win.run_delay_ns))
		pl->win.run_delay_ns = 0;
	pl->win.tracee = pl->stat_tid == pl->tid ? pl->tid : 0;
	pl->win.tracee_run_ns = pl->win.tracee ? tracee_run_time(pl) :
						 UINT64_MAX;
}

static int set_policy(int policy, const struct sched_param *param)
{
	if (sched_setscheduler(0, policy, param)) {
		log_perror("sched_setscheduler");
		return -1;
	}
	return 0;
}

static void unpin(struct placement *pl)
{
	if (pl->cpu < 0)
		return;
	if (sched_setaffinity(0, sizeof(pl->allowed), &pl->allowed))
		log_perror("sched_setaffinity");
	pl->cpu = -1;
}

static void enter_idle(struct placement *pl, uint64_t now)
{
	static const struct sched_param zero;

	/*
	 * SCHED_RESET_ON_FORK: should the tracer ever fork again, the child
	 * starts with default scheduling, whatever it goes on to run.
	 */
	if (set_policy(SCHED_IDLE | SCHED_RESET_ON_FORK, &zero)) {
		pl->mode = PLACEMENT_OFF;
		return;
	}
	pl->mode = PLACEMENT_IDLE;
	window_start(pl, now);
}

static void fall_back(struct placement *pl, uint64_t now)
{
	set_policy(pl->policy, &pl->param);
	unpin(pl);
	pl->mode = PLACEMENT_FALLBACK;
	pl->strikes = 0;
	pl->fallbacks++;
	pl->retry_ns = now + pl->backoff_ns;
	if (pl->backoff_ns < BACKOFF_MAX_NS)
		pl->backoff_ns *= 2;
}

/* Ends the guard window if it is long enough; in FALLBACK, maybe retries. */
static void guard(struct placement *pl, uint64_t now)
{
	uint64_t delay, tracee_run = UINT64_MAX;

	if (pl->mode == PLACEMENT_FALLBACK) {
		if (now >= pl->retry_ns)
			enter_idle(pl, now);
		return;
	}
	if (now - pl->win.start_ns < GUARD_WINDOW_NS &&
	    pl->win.stops < GUARD_WINDOW_STOPS)
		return;
	pl->checks++;
	if (read_schedstat(pl->schedstat_fd, NULL, &delay)) {
		window_start(pl, now);
		return;
	}
	if (pl->win.tracee && pl->win.tracee == pl->stat_tid &&
	    pl->win.tracee_run_ns != UINT64_MAX) {
		tracee_run = tracee_run_time(pl);
		if (tracee_run != UINT64_MAX)
			tracee_run -= pl->win.tracee_run_ns;
	}
	if (placement_starved(now - pl->win.start_ns,
			      delay - pl->win.run_delay_ns, tracee_run)) {
		if (++pl->strikes >= STARVED_STRIKES ||
		    now - pl->win.start_ns >= STARVED_LONG_NS) {
			fall_back(pl, now);
			return;
		}
		window_start(pl, now);
		return;
	}
	pl->strikes = 0;
	if (pl->backoff_ns > BACKOFF_MIN_NS)
		pl->backoff_ns /= 2;
	window_start(pl, now);
}

void placement__init(struct placement *pl)
{
	const char *env = getenv("INJTRACE_PLACEMENT");

	memset(pl, 0, sizeof(*pl));
	pl->mode = PLACEMENT_OFF;
	pl->cpu = -1;
	pl->stat_fd = pl->tracee_schedstat_fd = pl->schedstat_fd = -1;
	pl->backoff_ns = BACKOFF_MIN_NS;
	if (env && (!strcmp(env, "off") || !strcmp(env, "0")))
		return;
	pl->policy = sched_getscheduler(0);
	if (pl->policy < 0 || sched_getparam(0, &pl->param) ||
	    sched_getaffinity(0, sizeof(pl->allowed), &pl->allowed))
		return;
	/* a real-time tracer was asked for by the user: leave it be */
	if ((pl->policy & ~SCHED_RESET_ON_FORK) != SCHED_OTHER &&
	    (pl->policy & ~SCHED_RESET_ON_FORK) != SCHED_BATCH)
		return;
	/* without the guard SCHED_IDLE can starve the tracer: not worth it */
	pl->schedstat_fd = open("/proc/thread-self/schedstat",
				O_RDONLY | O_CLOEXEC);
	if (read_schedstat(pl->schedstat_fd, NULL, NULL))
		return;
	enter_idle(pl, now_ns());
}

void placement__stop(struct placement *pl, pid_t tid)
{
	if (pl->mode == PLACEMENT_OFF)
		return;
	pl->tid = tid;
	pl->win.stops++;
	/* starved, the tracer never goes idle: the guard must run here too */
	if (pl->win.stops >= GUARD_WINDOW_STOPS ||
	    pl->mode == PLACEMENT_FALLBACK || (pl->win.stops & 15) == 0)
		guard(pl, now_ns());
}

void placement__idle(struct placement *pl)
{
	int cpu;
	cpu_set_t set;

	if (pl->mode == PLACEMENT_OFF)
		return;
	guard(pl, now_ns());
	if (pl->mode != PLACEMENT_IDLE || !pl->tid)
		return;
	cpu = tracee_cpu(pl);
	if (cpu < 0 || cpu == pl->cpu || !CPU_ISSET(cpu, &pl->allowed))
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return;		/* a cpuset took it away: stay where we are */
	pl->cpu = cpu;
	pl->moves++;
}

void placement__fini(struct placement *pl, bool stats)
{
	if (pl->mode == PLACEMENT_IDLE)
		set_policy(pl->policy, &pl->param);
	if (pl->mode != PLACEMENT_OFF)
		unpin(pl);
	close_tracee_files(pl);
	if (pl->schedstat_fd >= 0)
		close(pl->schedstat_fd);
	pl->schedstat_fd = -1;
	if (stats)
		fprintf(stderr,
			"injtrace: placement: %lu cpu reads, %lu moves, %lu guard checks, %lu fallbacks\n",
			pl->reads, pl->moves, pl->checks, pl->fallbacks);
	pl->mode = PLACEMENT_OFF;
}
