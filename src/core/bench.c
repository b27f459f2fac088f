// SPDX-License-Identifier: MIT
/*
 * injtrace --bench: what a ptrace stop and a remote syscall cost here.
 *
 * Method (docs/benchmarks.md): tracer and tracee pinned to one CPU (a
 * cross-CPU wake-up costs more than everything measured), a warm-up, then
 * the methods interleaved in blocks so drift hits all alike; every sample's
 * result is checked inside the loop.  Methods are a table; the decoding
 * rows (btf_fetch_cold, fetch_calls, decode_cached, decode_calls,
 * getfd_info, fdinfo_read) are in bench_btf.c.
 */
#include "core/bench.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/bench_int.h"
#include "core/log.h"
#include "core/procns.h"
#include "decode/printer.h"
#include "inject/inject.h"

#define BLOCKS 20

struct method {
	const char *key;
	/* One sample: 0 and *ns, or -errno (the run stops). */
	int (*sample)(struct bench *b, uint64_t *ns);
	uint64_t *ns;
	size_t n;
};

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Resumes to the next syscall stop; checks it is one. */
int bench_step(struct bench *b)
{
	int status;

	if (ptrace(PTRACE_SYSCALL, b->child, 0, 0))
		return -errno;
	if (waitpid(b->child, &status, __WALL) < 0)
		return -errno;
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
		return -EPROTO;
	return 0;
}

static int native_syscall(struct bench *b, uint64_t *ns)
{
	uint64_t t0 = bench_now_ns();
	long pid = syscall(SYS_getpid);

	*ns = bench_now_ns() - t0;
	return pid == getpid() ? 0 : -EPROTO;
}

/* At an entry stop: entry -> exit -> next entry. */
static int ptrace_roundtrip(struct bench *b, uint64_t *ns)
{
	uint64_t t0 = bench_now_ns();
	int ret = bench_step(b);

	if (!ret)
		ret = bench_step(b);
	*ns = bench_now_ns() - t0;
	return ret;
}

static int inject_at(struct bench *b, enum inj_stop stop, bool classic,
		     uint64_t *ns)
{
	static const uint64_t args[6];
	int64_t pid = 0;
	uint64_t t0;
	int ret;

	b->task.stop = stop;
	b->task.no_trap = classic;
	t0 = bench_now_ns();
	ret = inj_remote_syscall(&b->task, SYS_getpid, args, &pid);
	*ns = bench_now_ns() - t0;
	if (!ret && pid != b->child)
		ret = -EPROTO;
	return ret;
}

/* Moves the tracee from its entry stop to the exit stop, untimed. */
static int at_exit_stop(struct bench *b, bool classic, uint64_t *ns)
{
	int ret = bench_step(b);

	if (!ret)
		ret = inject_at(b, INJ_STOP_SYSCALL_EXIT, classic, ns);
	if (!ret)
		ret = bench_step(b);
	return ret;
}

static int inject_syscall(struct bench *b, uint64_t *ns)
{
	return at_exit_stop(b, false, ns);
}

static int inject_classic(struct bench *b, uint64_t *ns)
{
	return at_exit_stop(b, true, ns);
}

static int inject_entry(struct bench *b, uint64_t *ns)
{
	return inject_at(b, INJ_STOP_SYSCALL_ENTRY, false, ns);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, c = *(const uint64_t *)y;

	return a < c ? -1 : a > c;
}

static uint64_t pct(const struct method *m, double p)
{
	size_t i = (size_t)(p * (double)(m->n - 1) + 0.5);

	return m->ns[i];
}

static void print_env(const struct bench *b, long iterations)
{
	char line[4096], model[128] = "?";
	bool hypervisor = false;
	struct utsname u;
	FILE *f = fopen("/proc/cpuinfo", "re");

	while (f && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && c && model[0] == '?')
			snprintf(model, sizeof(model), "%s", c + 2);
		if (!strncmp(line, "flags", 5) && strstr(line, " hypervisor"))
			hypervisor = true;
	}
	if (f)
		fclose(f);
	model[strcspn(model, "\n")] = 0;
	uname(&u);
	printf("injtrace --bench: %s %s, %s%s, %ld CPUs online\n", u.sysname,
	       u.release, model, hypervisor ? " (virtualized)" : "",
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("tracer and tracee pinned to CPU %d; %ld iterations per key, "
	       "%d interleaved blocks, warmed up\n\n", b->cpu, iterations,
	       BLOCKS);
}

static void print_histogram(const struct method *m)
{
	size_t count[64] = { 0 }, max = 1;

	for (size_t i = 0; i < m->n; i++) {
		int bucket = 63 - __builtin_clzll(m->ns[i] | 1);

		if (++count[bucket] > max)
			max = count[bucket];
	}
	printf("\n%s latency, log2 histogram (ns):\n", m->key);
	for (int i = 0; i < 64; i++) {
		if (!count[i])
			continue;
		printf("  [%7llu, %7llu) %7zu ", 1ull << i, 2ull << i,
		       count[i]);
		for (size_t j = 0; j < count[i] * 50 / max; j++)
			putchar('#');
		putchar('\n');
	}
}

/* One JSON object on one line, through the printer as every record. */
static void report_json(struct method *ms, size_t nm, long iterations)
{
	struct printer p;

	printer__init(&p, PRINTER_JSON, 0);
	pr_struct_begin(&p);
	pr_field(&p, "arch");
	pr_token(&p, arch_host->name);
	pr_field(&p, "iterations");
	pr_int(&p, iterations);
	for (size_t i = 0; i < nm; i++) {
		pr_field(&p, ms[i].key);
		pr_struct_begin(&p);
		pr_field(&p, "n");
		pr_uint(&p, ms[i].n);
		pr_field(&p, "min_ns");
		pr_uint(&p, ms[i].ns[0]);
		pr_field(&p, "p50_ns");
		pr_uint(&p, pct(&ms[i], 0.5));
		pr_field(&p, "p99_ns");
		pr_uint(&p, pct(&ms[i], 0.99));
		pr_field(&p, "max_ns");
		pr_uint(&p, ms[i].ns[ms[i].n - 1]);
		pr_struct_end(&p);
	}
	pr_struct_end(&p);
	pr_raw(&p, "\n");
	fputs(printer__str(&p), stdout);
	printer__free(&p);
}

static void report(struct method *ms, size_t nm, long iterations,
		   bool json)
{
	uint64_t floor = 0;

	for (size_t i = 0; i < nm; i++) {
		qsort(ms[i].ns, ms[i].n, sizeof(uint64_t), cmp_u64);
		if (!strcmp(ms[i].key, "ptrace_roundtrip"))
			floor = pct(&ms[i], 0.5);
	}
	if (json) {
		report_json(ms, nm, iterations);
		return;
	}
	printf("%-18s %9s %9s %9s %9s %8s\n", "key", "min_ns", "p50_ns",
	       "p99_ns", "max_ns", "x_floor");
	for (size_t i = 0; i < nm; i++)
		printf("%-18s %9llu %9llu %9llu %9llu %8.2f\n", ms[i].key,
		       (unsigned long long)ms[i].ns[0],
		       (unsigned long long)pct(&ms[i], 0.5),
		       (unsigned long long)pct(&ms[i], 0.99),
		       (unsigned long long)ms[i].ns[ms[i].n - 1],
		       floor ? (double)pct(&ms[i], 0.5) / (double)floor : 0);
	for (size_t i = 0; i < nm; i++)
		if (!strcmp(ms[i].key, "inject_syscall"))
			print_histogram(&ms[i]);
}

static int start_tracee(struct bench *b)
{
	int status, ret;

	b->child = fork();
	if (b->child < 0)
		return -errno;
	if (!b->child) {
		bench_btf_child_setup();
		raise(SIGSTOP);
		for (;;)
			syscall(SYS_getpid);
	}
	if (waitpid(b->child, &status, WUNTRACED) < 0 ||
	    ptrace(PTRACE_SEIZE, b->child, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL))
		return -errno;
	kill(b->child, SIGCONT);
	/* The group-stop, then the SIGCONT stop, then a syscall stop. */
	for (;;) {
		if (waitpid(b->child, &status, __WALL) < 0)
			return -errno;
		if (WIFSTOPPED(status) && WSTOPSIG(status) == (SIGTRAP | 0x80))
			break;
		if (ptrace(PTRACE_SYSCALL, b->child, 0,
			   (status >> 16) ? 0 : (void *)(long)WSTOPSIG(status)))
			return -errno;
	}
	/* Land on an entry stop: getpid's are the only calls left. */
	struct __ptrace_syscall_info si;

	ptrace(PTRACE_GET_SYSCALL_INFO, b->child, sizeof(si), &si);
	if (si.op != PTRACE_SYSCALL_INFO_ENTRY && (ret = bench_step(b)))
		return ret;
	inj_mm__init(&b->mm, b->child);
	inj_task__init(&b->task, b->child, &b->mm);
	b->task.proc_tid = procns_pid(b->child);
	b->task.stop = INJ_STOP_SYSCALL_ENTRY;
	ret = inj_session__begin(&b->task);
	if (!ret)
		ret = inj_scratch__ensure(&b->task, 0);
	if (inj_session__end(&b->task) && !ret)
		ret = -EIO;
	return ret ? ret : bench_btf_init(b);
}

/* Most samples per key: 9 keys x 8 bytes each stay under 80 MB. */
#define MAX_ITERATIONS 1000000L

/*
 * --bench [--json] [--iterations N]: anything else is an error, as an
 * option the tracer does not know is (a typo must not run a different
 * benchmark than asked for).
 */
static int parse_args(int argc, char **argv, long *iterations, bool *json)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		char *end;

		if (!strcmp(arg, "--bench"))
			continue;
		if (!strcmp(arg, "--json")) {
			*json = true;
			continue;
		}
		if (!strncmp(arg, "--iterations=", 13))
			value = arg + 13;
		else if (!strcmp(arg, "--iterations") && i + 1 < argc)
			value = argv[++i];
		if (!value) {
			log_error(strcmp(arg, "--iterations") ?
				  "--bench takes only --json and --iterations N, not '%s'" :
				  "option '%s' requires an argument", arg);
			return -1;
		}
		errno = 0;
		*iterations = strtol(value, &end, 10);
		if (errno || end == value || *end || *iterations < 1 ||
		    *iterations > MAX_ITERATIONS) {
			log_error("invalid --iterations '%s' (1 to %ld)", value,
				  MAX_ITERATIONS);
			return -1;
		}
	}
	return 0;
}

int bench_main(int argc, char **argv)
{
	struct method ms[] = {
		{ .key = "native_syscall", .sample = native_syscall },
		{ .key = "ptrace_roundtrip", .sample = ptrace_roundtrip },
		{ .key = "inject_syscall", .sample = inject_syscall },
		{ .key = "inject_entry", .sample = inject_entry },
		{ .key = "inject_classic", .sample = inject_classic },
		{ .key = "btf_fetch_cold", .sample = bench_btf_fetch_cold },
		{ .key = "fetch_calls", .sample = bench_fetch_calls },
		{ .key = "decode_cached", .sample = bench_decode_cached },
		{ .key = "decode_calls", .sample = bench_decode_calls },
		{ .key = "getfd_info", .sample = bench_getfd_info },
		{ .key = "fdinfo_read", .sample = bench_fdinfo_read },
	};
	size_t nm = sizeof(ms) / sizeof(ms[0]);
	struct bench b = { 0 };
	long iterations = 20000;
	bool json = false;
	cpu_set_t set;
	int ret = 0;

	if (parse_args(argc, argv, &iterations, &json))
		return 1;
	/* whole blocks of samples, at least one sample per block */
	if (iterations < BLOCKS)
		iterations = BLOCKS;
	iterations -= iterations % BLOCKS;
	b.cpu = sched_getcpu();
	CPU_ZERO(&set);
	CPU_SET(b.cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("injtrace: sched_setaffinity");
	ret = start_tracee(&b);
	for (size_t i = 0; !ret && i < nm; i++) {
		ms[i].ns = calloc((size_t)iterations, sizeof(uint64_t));
		if (!ms[i].ns)
			ret = -ENOMEM;
	}
	/* Warm-up: a block of each, thrown away. */
	for (size_t i = 0; !ret && i < nm; i++)
		for (long k = 0; !ret && k < iterations / BLOCKS; k++)
			ret = ms[i].sample(&b, &ms[i].ns[0]);
	for (int blk = 0; !ret && blk < BLOCKS; blk++)
		for (size_t i = 0; !ret && i < nm; i++)
			for (long k = 0; !ret && k < iterations / BLOCKS; k++)
				ret = ms[i].sample(&b, &ms[i].ns[ms[i].n++]);
	if (b.child > 0)
		kill(b.child, SIGKILL);
	inj_mm__free(&b.mm);
	bench_btf_fini(&b);
	if (ret) {
		fprintf(stderr, "injtrace: --bench: %s\n", strerror(-ret));
	} else {
		if (!json)
			print_env(&b, iterations);
		report(ms, nm, iterations, json);
	}
	for (size_t i = 0; i < nm; i++)
		free(ms[i].ns);
	return ret ? 1 : 0;
}
