// SPDX-License-Identifier: MIT
/*
 * spy_victim: CRIU-compel-style stress test of the remote-syscall engine.
 * For each kind of stop (syscall exit, syscall entry, seccomp, interrupt /
 * signal) the spy traces a self-checking victim (victim.c), makes N
 * injections (half by the classic two-stop path, half by the trap path
 * once the scratch page exists), while another process sends it queued
 * signals.  After every injection the spy compares the whole register set
 * with the one before; at the end it checks that the scratch mapping is
 * gone, that no fd was left, that every signal sent was delivered exactly
 * once with its value, and that the victim found nothing wrong.
 *
 * Usage: spy_victim [N] (default 10000), scaled by INJTRACE_TEST_SCALE
 * (tests/common/scale.h) to no fewer than 1000: 500 by each path and 100
 * signals per stop kind.  Exit 0 pass, 1 fail, 77 skip.
 * Last line: "spy_victim: P passed, F failed".
 */
#include "inject/inject.h"
#include "scale.h"
#include "victim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum mode { M_EXIT, M_ENTRY, M_SECCOMP, M_SIGNAL, M_COUNT };
static const char *const mode_name[] = { "syscall-exit", "syscall-entry",
					 "seccomp", "signal/interrupt" };

struct run {
	enum mode mode;
	long want;
	pid_t victim;
	struct inj_mm mm;
	long done, deferred, bad, delivered, requeued;
	long long delivered_sum;
	pid_t tids[8];
	int ntids;
	int fds_before;
};

static int count_fds(pid_t pid)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static int maps_have(pid_t pid, unsigned long long addr)
{
	char path[64], line[512];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strtoull(line, NULL, 16) == addr)
			found = 1;
	fclose(f);
	return found;
}

/* Sends n queued signals to pid, paced; reports the sum of the values. */
static pid_t start_sender(pid_t pid, int n, int fd)
{
	pid_t p = fork();

	if (p)
		return p;
	long long sum = 0;
	int sent = 0;

	for (int i = 1; i <= n; i++) {
		union sigval v = { .sival_int = i };
		struct timespec ts = { 0, 200000 };

		while (sigqueue(pid, VICTIM_SIG, v) && errno == EAGAIN)
			nanosleep(&ts, NULL);
		sum += i;
		sent++;
		nanosleep(&ts, NULL);
	}
	if (write(fd, &sum, sizeof(sum)) < 0 || write(fd, &sent, 4) < 0)
		_exit(1);
	_exit(0);
}

static int regs_equal(const struct arch_ops *a, const struct arch_regs *x,
		      const struct arch_regs *y)
{
	for (unsigned int i = 0; i < a->nwords; i++)
		if ((int)i != a->stop_clobbered && x->w[i] != y->w[i])
			return 0;
	return 1;
}

/* One injection into tid at the stop it is in; checks it fully. */
static void inject(struct run *r, pid_t tid, enum inj_stop stop, int status,
		   int *sig)
{
	struct inj_task t;
	struct arch_regs before, after;
	uint64_t args[6] = { 0 };
	long nr = SYS_getpid;
	int64_t ret;
	int err;

	if (!r->fds_before)
		r->fds_before = count_fds(r->victim);
	inj_task__init(&t, tid, &r->mm);
	t.stop = stop;
	t.stop_status = status;
	t.no_trap = r->done < r->want / 2;
	if (!t.no_trap && !r->mm.base) {
		err = inj_session__begin(&t);
		if (!err)
			err = inj_scratch__ensure(&t, 0);
		if (inj_session__end(&t) && !err)
			err = -EIO;
		if (err && err != -EAGAIN)
			fprintf(stderr, "spy: scratch: %s\n", strerror(-err));
		if (err)
			return;
	}
	if (r->mode == M_SECCOMP && (r->done & 1)) {
		nr = SYS_bpf;	/* traced by the seccomp filter: extra stop */
		args[0] = (uint64_t)-1;
	}
	if (arch_regs_read(t.arch, tid, &before, 0))
		return;
	err = inj_remote_syscall(&t, nr, args, &ret);
	if (t.pending && *sig) {
		fprintf(stderr, "spy: a handed-back signal and %d\n", *sig);
		r->bad++;
	}
	*sig = *sig ? *sig : inj_task__take_signal(&t);
	if (t.pending) {
		fprintf(stderr, "spy: more than one signal handed back\n");
		r->bad++;
	}
	r->requeued += t.s.mask_changed;	/* a signal came mid-injection */
	if (err == -EAGAIN) {
		r->deferred++;
		return;
	}
	if (err || arch_regs_read(t.arch, tid, &after, 0)) {
		if (r->bad++ < 5)
			fprintf(stderr, "spy: inject into %d: %s\n", tid,
				strerror(-err));
		return;
	}
	if (nr == SYS_getpid ? ret != r->victim : ret != -EINVAL) {
		if (r->bad++ < 5)
			fprintf(stderr, "spy: %s returned %lld\n",
				nr == SYS_getpid ? "getpid" : "bpf",
				(long long)ret);
	} else if (!regs_equal(t.arch, &before, &after)) {
		if (r->bad++ < 5) {
			fprintf(stderr, "spy: registers of %d changed (stop %d, "
				"status %#x):", tid, stop, status);
			for (unsigned int i = 0; i < t.arch->nwords; i++)
				if (before.w[i] != after.w[i])
					fprintf(stderr, " w[%u] %#llx -> %#llx", i,
						(unsigned long long)before.w[i],
						(unsigned long long)after.w[i]);
			fputc('\n', stderr);
		}
	}
	r->done++;
}

/* Cleans up the scratch page at a stop of tid (as at detach). */
static int finish(struct run *r, pid_t tid, enum inj_stop stop, int status)
{
	struct inj_task t;
	unsigned long long base = r->mm.base;
	int err;

	inj_task__init(&t, tid, &r->mm);
	t.stop = stop;
	t.stop_status = status;
	err = inj_session__begin(&t);
	if (!err)
		err = inj_scratch__destroy(&t);
	if (inj_session__end(&t) && !err)
		err = -EIO;
	if (err)
		return err;
	if (base && maps_have(r->victim, base)) {
		fprintf(stderr, "spy: scratch mapping left\n");
		r->bad++;
	}
	if (count_fds(r->victim) != r->fds_before) {
		fprintf(stderr, "spy: fds changed\n");
		r->bad++;
	}
	return 0;
}

static int trace_loop(struct run *r, int data_fd)
{
	int resume = r->mode == M_EXIT || r->mode == M_ENTRY ? PTRACE_SYSCALL :
							      PTRACE_CONT;
	int finished = 0, seq = 0, next_irq = 0, status;
	unsigned char next_byte = 0;
	pid_t tid;

	while ((tid = waitpid(-1, &status, __WALL)) > 0) {
		int sig = 0, event = (unsigned int)status >> 16;
		enum inj_stop stop = INJ_STOP_SIGNAL;
		bool here = false;

		if (getenv("SPY_DEBUG"))
			fprintf(stderr, "stop %d %#x\n", tid, status);
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (tid == r->victim)
				return status;
			continue;
		}
		if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
			struct __ptrace_syscall_info si;

			ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(si), &si);
			stop = si.op == PTRACE_SYSCALL_INFO_ENTRY ?
				INJ_STOP_SYSCALL_ENTRY : INJ_STOP_SYSCALL_EXIT;
			here = (stop == INJ_STOP_SYSCALL_ENTRY) ==
			       (r->mode == M_ENTRY) && r->mode <= M_ENTRY;
		} else if (event == PTRACE_EVENT_SECCOMP) {
			stop = INJ_STOP_SECCOMP;
			here = r->mode == M_SECCOMP;
		} else if (event == PTRACE_EVENT_CLONE) {
			unsigned long msg;

			ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg);
			if (r->ntids < 8)
				r->tids[r->ntids++] = (pid_t)msg;
		} else if (event == PTRACE_EVENT_STOP) {
			here = r->mode == M_SIGNAL &&
			       WSTOPSIG(status) == SIGTRAP;
		} else if (!event) {
			sig = WSTOPSIG(status);
			if (sig == VICTIM_SIG) {
				siginfo_t si;

				ptrace(PTRACE_GETSIGINFO, tid, 0, &si);
				r->delivered++;
				r->delivered_sum += si.si_value.sival_int;
			}
			here = r->mode == M_SIGNAL;
		}
		if (r->done >= r->want && !finished &&
		    (stop != INJ_STOP_SIGNAL || (event == PTRACE_EVENT_STOP &&
						 WSTOPSIG(status) == SIGTRAP))) {
			if (!finish(r, tid, stop, status)) {
				finished = 1;
				close(data_fd);	/* the victim winds down */
			}
		} else if (here && r->done < r->want) {
			inject(r, tid, stop, status, &sig);
		}
		/* Feed the reader now and then (non-blocking pipe). */
		if (!finished && (seq++ & 15) == 0 &&
		    write(data_fd, &next_byte, 1) == 1)
			next_byte++;
		if (r->bad > 100)
			return -1;
		ptrace(resume, tid, 0, (void *)(long)sig);
		if (r->mode == M_SIGNAL && !finished && r->ntids) {
			/* Stop a thread wherever it is: in nanosleep, read... */
			pid_t victim_tid = next_irq % (r->ntids + 1) ?
				r->tids[next_irq % (r->ntids + 1) - 1] :
				r->victim;

			next_irq++;
			ptrace(PTRACE_INTERRUPT, victim_tid, 0, 0);
		}
	}
	return -1;
}

static int run_mode(enum mode mode, long n)
{
	struct run r = { .mode = mode, .want = n };
	int go[2], data[2], res[2], snd[2], status;
	struct victim_result vr = { 0 };
	long long sent_sum = 0;
	int sent = 0, nsig = (int)(n / 10 < 2000 ? n / 10 : 2000);
	pid_t sender;
	unsigned long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE |
			     PTRACE_O_TRACEEXIT | PTRACE_O_TRACESECCOMP;

	if (pipe(go) || pipe2(data, 0) || pipe(res) || pipe(snd))
		return -1;
	fcntl(data[1], F_SETFL, O_NONBLOCK);
	r.victim = fork();
	if (!r.victim) {
		struct victim_args va = { go[0], data[0], res[1],
					  mode == M_SECCOMP };

		close(go[1]);
		close(data[1]);
		_exit(victim_main(&va));
	}
	close(go[0]);
	close(data[0]);
	close(res[1]);
	if (ptrace(PTRACE_SEIZE, r.victim, 0, opts)) {
		kill(r.victim, SIGKILL);
		return errno == EPERM ? 77 : -1;
	}
	inj_mm__init(&r.mm, r.victim);
	r.tids[r.ntids++] = r.victim;
	if (read(res[0], &status, 1) != 1 || write(go[1], "g", 1) != 1)
		return -1;
	sender = start_sender(r.victim, nsig, snd[1]);
	status = trace_loop(&r, data[1]);
	if (status) {	/* gave up: do not wait for a victim still traced */
		kill(r.victim, SIGKILL);
		kill(sender, SIGKILL);
		while (waitpid(r.victim, NULL, __WALL) < 0 && errno == EINTR)
			;
	}
	if (read(res[0], &vr, sizeof(vr)) != sizeof(vr))
		vr.errors = -1;
	waitpid(sender, NULL, 0);
	if (read(snd[0], &sent_sum, sizeof(sent_sum)) != sizeof(sent_sum) ||
	    read(snd[0], &sent, 4) != 4)
		sent = -1;
	inj_mm__free(&r.mm);
	printf("%-17s %ld injections (%ld deferred, %ld with a signal "
	       "requeued), victim %s, %d signals sent, %ld seen, %ld handled\n",
	       mode_name[mode], r.done, r.deferred, r.requeued,
	       status == 0 ? "exit 0" : "FAILED", sent, r.delivered,
	       vr.sig_count);
	if (status != 0 || r.bad || vr.errors || r.done < n ||
	    vr.sig_count != sent || vr.sig_sum != sent_sum ||
	    r.delivered != sent || r.delivered_sum != sent_sum) {
		printf("  FAIL: status %#x bad %ld victim errors %ld sums %lld/"
		       "%lld/%lld\n", status, r.bad, vr.errors, sent_sum,
		       vr.sig_sum, r.delivered_sum);
		return 1;
	}
	close(go[1]);
	close(res[0]);
	close(snd[0]);
	close(snd[1]);
	return 0;
}

int main(int argc, char **argv)
{
	long n = test_scaled(argc > 1 ? atol(argv[1]) : 10000, 1000);
	int passed = 0, failed = 0, skipped = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("spy_victim: %ld injections per stop kind\n", n);
	const char *only = getenv("SPY_MODE");

	for (int m = 0; m < M_COUNT; m++) {
		if (only && atoi(only) != m)
			continue;
		int ret = run_mode(m, n);

		if (ret == 77)
			skipped++;
		else if (ret)
			failed++;
		else
			passed++;
	}
	printf("spy_victim: %d passed, %d failed\n", passed, failed);
	if (skipped && !passed && !failed)
		return 77;
	return failed ? 1 : 0;
}
