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
 * or any CPU hog, on the same CPU starves the tracer, for seconds.  A
 * starved tracer cannot notice it is starved, so a guard thread in
 * SCHED_OTHER watches its run delay and, when it is starved, puts it back
 * to SCHED_OTHER at once; the tracer then unpins itself and retries
 * SCHED_IDLE later, with back-off.
 *
 * One CPU serves one calling thread best; several threads stopping at once
 * are served better split over two: the tracer handles one thread's stop
 * while the threads it resumed run on the other CPU, and it finds the next
 * stop waiting without sleeping (20 000 lookups from 4 threads, idle 2-CPU
 * KVM guest: 37.8 us a call in SCHED_IDLE, 32.0 split).  So the tracer
 * counts, over windows of stops, how often a stop is of another thread than
 * the one before, and switches between the two.
 */
#include "core/placement.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/procns.h"

#define NSEC_PER_MSEC		1000000ULL
/* the guard looks every this often; less often while the tracer sleeps */
#define GUARD_PERIOD_MS		10
#define GUARD_PERIOD_MAX_MS	160
/*
 * How long a fallback lasts: 4 times longer each time, back to the start
 * after a good second.  Each retry costs the 10-20 ms the guard needs to
 * see starvation: against a thread that spins for good, retries after
 * 0.1, 0.5, 2.1, 8.5 s cost ~2% the first second, less and less after.
 */
#define BACKOFF_MIN_NS		(100 * NSEC_PER_MSEC)
#define BACKOFF_MAX_NS		(6400 * NSEC_PER_MSEC)
#define BACKOFF_RESET_NS	(1000 * NSEC_PER_MSEC)
/* run delay under this is never starvation: a few slices of other tasks */
#define STARVED_SLACK_NS	(2 * NSEC_PER_MSEC)
/*
 * A KVM guest's vCPU is sometimes taken away for a few ms (steal time):
 * run delay counts it, the tracee's run time does not.  So one window in
 * which the tracer waited part of the time is not enough to fall back;
 * one in which it waited throughout, or one so long that the guard itself
 * was held up, is.
 */
#define STARVED_STRIKES		2
#define STARVED_LONG_PERIODS	3
/*
 * Threads stop at once when a quarter of a window's stops come from
 * another thread than the stop before (one thread alone: none; 4 threads
 * looking up in a loop: about half); back to SCHED_IDLE under 1 in 16.
 * A window of 256 stops lasts a few ms.
 */
#define WINDOW_STOPS		256

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
	/* no tracee to compare with: waiting most of the window is */
	if (tracee_run_ns == UINT64_MAX)
		return run_delay_ns > wall_ns / 2 + wall_ns / 4;
	return run_delay_ns > wall_ns / 4 &&
	       run_delay_ns > 2 * tracee_run_ns + STARVED_SLACK_NS;
}

enum placement_mode placement_window_mode(enum placement_mode mode,
					  unsigned int stops,
					  unsigned int switches)
{
	if (mode == PLACEMENT_IDLE && switches * 4 >= stops)
		return PLACEMENT_SPLIT;
	if (mode == PLACEMENT_SPLIT && switches * 16 < stops)
		return PLACEMENT_IDLE;
	return mode;
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

/*
 * Reads a schedstat file: time on a CPU, time waiting on a run queue (both
 * counted when the task is next switched in), times switched in.
 */
static int read_schedstat(int fd, uint64_t *run_ns, uint64_t *delay_ns,
			  uint64_t *switches)
{
	char buf[96];
	ssize_t n;
	unsigned long long run, delay, count;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "%llu %llu %llu", &run, &delay, &count) != 3)
		return -1;
	if (run_ns)
		*run_ns = run;
	if (delay_ns)
		*delay_ns = delay;
	if (switches)
		*switches = count;
	return 0;
}

/* The state letter (field 3) of a /proc/TID/stat file, or 0. */
static char read_state(int fd)
{
	char buf[512];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	const char *p;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

static int open_proc(pid_t tid, const char *file)
{
	char path[64];

	if (procns_path(path, sizeof(path), tid, file))
		return -1;
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* ---- the guard thread ---- */

struct guard_sample {
	uint64_t at_ns, run_ns, delay_ns, switches, tracee_run_ns;
	unsigned int generation;
	pid_t tid;
	char state;		/* the tracer's: 'R' runnable, 'S' asleep... */
};

/*
 * The tracer's run delay over the window since last.  The kernel adds a
 * wait to run_delay only when the task is switched in, so a tracer that
 * is waiting right now shows nothing: count a window in which it stayed
 * runnable without running as waited, and take that off the run delay
 * once the kernel reports the wait.  A tracer that was asleep when the
 * window began woke at some unknown point of it: count nothing yet.
 */
static uint64_t window_delay(const struct guard_sample *last,
			     const struct guard_sample *cur,
			     uint64_t *unreported)
{
	uint64_t reported = cur->delay_ns - last->delay_ns;

	if (cur->switches == last->switches && cur->run_ns == last->run_ns) {
		if (cur->state != 'R' || last->state != 'R')
			return 0;
		*unreported += cur->at_ns - last->at_ns;
		return cur->at_ns - last->at_ns;
	}
	if (reported > *unreported)
		reported -= *unreported;
	else
		reported = 0;
	*unreported = 0;
	return reported;
}

static void *guard_main(void *arg)
{
	struct placement *pl = arg;
	struct pollfd wake = { .fd = pl->wake_fd, .events = POLLIN };
	struct guard_sample last = { .tid = -1 }, cur;
	pid_t tracee_fd_tid = 0;
	int tracee_fd = -1;
	unsigned int strikes = 0;
	uint64_t unreported = 0, delay;
	int period_ms = GUARD_PERIOD_MS;

	for (;;) {
		int ready = poll(&wake, 1, period_ms);

		if (ready > 0 || (ready < 0 && errno != EINTR))
			break;		/* placement__fini() */
		cur.generation = atomic_load(&pl->generation);
		cur.tid = atomic_load(&pl->tid);
		cur.at_ns = now_ns();
		if (read_schedstat(pl->schedstat_fd, &cur.run_ns, &cur.delay_ns,
				   &cur.switches))
			break;
		cur.state = read_state(pl->state_fd);
		delay = window_delay(&last, &cur, &unreported);
		/* the tracee's schedstat stays open: an open costs ~5 us */
		if (cur.tid != tracee_fd_tid) {
			if (tracee_fd >= 0)
				close(tracee_fd);
			tracee_fd = cur.tid > 0 ? open_proc(cur.tid, "schedstat") :
						  -1;
			tracee_fd_tid = cur.tid;
		}
		if (read_schedstat(tracee_fd, &cur.tracee_run_ns, NULL, NULL))
			cur.tracee_run_ns = UINT64_MAX;

		/* compare only like with like: same mode, same tracee */
		if (atomic_load(&pl->mode) == PLACEMENT_IDLE &&
		    cur.generation == last.generation &&
		    !atomic_load(&pl->starved)) {
			uint64_t wall = cur.at_ns - last.at_ns;
			uint64_t ran = UINT64_MAX;

			if (cur.tid == last.tid &&
			    cur.tracee_run_ns != UINT64_MAX &&
			    last.tracee_run_ns != UINT64_MAX)
				ran = cur.tracee_run_ns - last.tracee_run_ns;
			atomic_fetch_add(&pl->checks, 1);
			if (!placement_starved(wall, delay, ran))
				strikes = 0;
			else if (++strikes >= STARVED_STRIKES ||
				 delay >= wall ||
				 wall >= STARVED_LONG_PERIODS * period_ms *
						 NSEC_PER_MSEC) {
				strikes = 0;
				/* runnable at full weight now; it unpins itself */
				sched_setscheduler(pl->tracer_tid, pl->policy,
						   &pl->param);
				atomic_store(&pl->starved, true);
			}
		} else {
			strikes = 0;
		}
		/* a tracer asleep throughout (an idle tracee) needs no watching */
		if (cur.state != 'R' && last.state != 'R' &&
		    cur.switches == last.switches)
			period_ms = period_ms * 2 < GUARD_PERIOD_MAX_MS ?
					    period_ms * 2 : GUARD_PERIOD_MAX_MS;
		else
			period_ms = GUARD_PERIOD_MS;
		last = cur;
	}
	if (tracee_fd >= 0)
		close(tracee_fd);
	return NULL;
}

static int guard_start(struct placement *pl)
{
	sigset_t all, old;
	int err;

	pl->wake_fd = eventfd(0, EFD_CLOEXEC);
	if (pl->wake_fd < 0)
		return -1;
	/*
	 * Signals for the process must reach the tracer thread: its
	 * waitpid() or sigwaitinfo() takes SIGINT/SIGTERM and SIGCHLD.  The guard
	 * is made before the tracer enters SCHED_IDLE or pins itself, so it
	 * keeps the default policy and every CPU.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&pl->guard, NULL, guard_main, pl);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		close(pl->wake_fd);
		pl->wake_fd = -1;
		return -1;
	}
	pl->guard_running = true;
	return 0;
}

static void guard_stop(struct placement *pl)
{
	uint64_t one = 1;

	if (!pl->guard_running)
		return;
	if (write(pl->wake_fd, &one, sizeof(one)) != sizeof(one))
		pthread_cancel(pl->guard);
	pthread_join(pl->guard, NULL);
	pl->guard_running = false;
	close(pl->wake_fd);
	pl->wake_fd = -1;
}

/* ---- the tracer thread ---- */

static void unpin(struct placement *pl)
{
	if (pl->cpu < 0)
		return;
	if (sched_setaffinity(0, sizeof(pl->allowed), &pl->allowed))
		log_perror("sched_setaffinity");
	pl->cpu = -1;
}

static void set_mode(struct placement *pl, enum placement_mode mode)
{
	atomic_store(&pl->mode, mode);
	atomic_fetch_add(&pl->generation, 1);
}

static void enter_idle(struct placement *pl, uint64_t now)
{
	static const struct sched_param zero;

	/*
	 * SCHED_RESET_ON_FORK: should the tracer ever fork again, the child
	 * starts with default scheduling, whatever it goes on to run.
	 */
	if (sched_setscheduler(0, SCHED_IDLE | SCHED_RESET_ON_FORK, &zero)) {
		log_perror("sched_setscheduler");
		set_mode(pl, PLACEMENT_OFF);
		return;
	}
	pl->idle_since_ns = now;
	set_mode(pl, PLACEMENT_IDLE);
}

static void fall_back(struct placement *pl, uint64_t now)
{
	/* the guard did it already; again in case it raced with a retry */
	sched_setscheduler(0, pl->policy, &pl->param);
	unpin(pl);
	set_mode(pl, PLACEMENT_FALLBACK);
	atomic_store(&pl->starved, false);
	pl->fallbacks++;
	if (now - pl->idle_since_ns > BACKOFF_RESET_NS)
		pl->backoff_ns = BACKOFF_MIN_NS;
	pl->retry_ns = now + pl->backoff_ns;
	if (pl->backoff_ns < BACKOFF_MAX_NS)
		pl->backoff_ns *= 4;
}

/* Acts on the guard's verdict, or ends a fallback that has lasted. */
static void check_mode(struct placement *pl)
{
	if (atomic_load_explicit(&pl->starved, memory_order_relaxed))
		fall_back(pl, now_ns());
	else if (atomic_load_explicit(&pl->mode, memory_order_relaxed) ==
		 PLACEMENT_FALLBACK) {
		uint64_t now = now_ns();

		if (now >= pl->retry_ns)
			enter_idle(pl, now);
	}
}

void placement__init(struct placement *pl)
{
	const char *env = getenv("INJTRACE_PLACEMENT");

	memset(pl, 0, sizeof(*pl));
	atomic_init(&pl->mode, PLACEMENT_OFF);
	pl->cpu = -1;
	pl->stat_fd = pl->schedstat_fd = pl->state_fd = pl->wake_fd = -1;
	pl->backoff_ns = BACKOFF_MIN_NS;
	pl->tracer_tid = syscall(SYS_gettid);
	if (env && (!strcmp(env, "off") || !strcmp(env, "0")))
		return;
	pl->policy = sched_getscheduler(0);
	if (pl->policy < 0 || sched_getparam(0, &pl->param) ||
	    sched_getaffinity(0, sizeof(pl->allowed), &pl->allowed))
		return;
	/*
	 * Under taskset -c N every stop would find nothing waiting and read
	 * the tracee's CPU (~2 us a stop) to learn it is N.
	 */
	pl->one_cpu = CPU_COUNT(&pl->allowed) == 1;
	/* a real-time tracer was asked for by the user: leave it be */
	pl->policy &= ~SCHED_RESET_ON_FORK;
	if (pl->policy != SCHED_OTHER && pl->policy != SCHED_BATCH)
		return;
	/* without the guard SCHED_IDLE can starve the tracer: not worth it */
	pl->schedstat_fd = open("/proc/thread-self/schedstat",
				O_RDONLY | O_CLOEXEC);
	pl->state_fd = open("/proc/thread-self/stat", O_RDONLY | O_CLOEXEC);
	if (read_schedstat(pl->schedstat_fd, NULL, NULL, NULL) ||
	    !read_state(pl->state_fd) || guard_start(pl))
		return;
	enter_idle(pl, now_ns());
}

static void split(struct placement *pl)
{
	sched_setscheduler(0, pl->policy, &pl->param);
	unpin(pl);
	set_mode(pl, PLACEMENT_SPLIT);
	pl->splits++;
}

/* At the end of a window of stops: split, or back to one CPU. */
static void check_window(struct placement *pl)
{
	int mode = atomic_load_explicit(&pl->mode, memory_order_relaxed);
	int want = placement_window_mode(mode, pl->window_stops,
					 pl->window_switches);

	pl->window_stops = pl->window_switches = 0;
	if (want == mode)
		return;
	if (want == PLACEMENT_SPLIT)
		split(pl);
	else
		enter_idle(pl, now_ns());
}

void placement__stop(struct placement *pl, pid_t tid)
{
	if (atomic_load_explicit(&pl->mode, memory_order_relaxed) ==
	    PLACEMENT_OFF)
		return;
	atomic_store_explicit(&pl->tid, tid, memory_order_relaxed);
	check_mode(pl);
	if (tid != pl->last_tid) {
		pl->last_tid = tid;
		pl->window_switches++;
	}
	if (++pl->window_stops == WINDOW_STOPS)
		check_window(pl);
}

/* The CPU the followed tracee runs on (or last ran on), or -1. */
static int tracee_cpu(struct placement *pl, pid_t tid)
{
	char buf[1024];
	ssize_t n;

	/* kept open: a pread costs ~1.6 us, an open and read ~4.6 */
	if (pl->stat_tid != tid) {
		if (pl->stat_fd >= 0)
			close(pl->stat_fd);
		pl->stat_fd = open_proc(tid, "stat");
		pl->stat_tid = tid;
	}
	if (pl->stat_fd < 0)
		return -1;
	n = pread(pl->stat_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	pl->reads++;
	return placement_parse_stat_cpu(buf);
}

void placement__idle(struct placement *pl)
{
	pid_t tid = atomic_load_explicit(&pl->tid, memory_order_relaxed);
	cpu_set_t set;
	int cpu;

	if (atomic_load_explicit(&pl->mode, memory_order_relaxed) ==
	    PLACEMENT_OFF)
		return;
	check_mode(pl);
	if (atomic_load(&pl->mode) != PLACEMENT_IDLE || tid <= 0 ||
	    pl->one_cpu)
		return;
	cpu = tracee_cpu(pl, tid);
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
	int mode = atomic_load(&pl->mode);

	guard_stop(pl);
	if (mode == PLACEMENT_IDLE)
		sched_setscheduler(0, pl->policy, &pl->param);
	if (mode != PLACEMENT_OFF)
		unpin(pl);
	set_mode(pl, PLACEMENT_OFF);
	if (pl->stat_fd >= 0)
		close(pl->stat_fd);
	if (pl->schedstat_fd >= 0)
		close(pl->schedstat_fd);
	if (pl->state_fd >= 0)
		close(pl->state_fd);
	pl->stat_fd = pl->schedstat_fd = pl->state_fd = -1;
	if (stats)
		fprintf(stderr,
			"injtrace: placement: %lu cpu reads, %lu moves, %lu guard checks, %lu fallbacks, %lu splits\n",
			pl->reads, pl->moves, atomic_load(&pl->checks),
			pl->fallbacks, pl->splits);
}
