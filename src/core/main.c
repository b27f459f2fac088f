// SPDX-License-Identifier: MIT
/* injtrace: trace bpf() calls with BTF-typed map keys and values. */
#include <signal.h>
#include <sys/resource.h>

#include "core/bench.h"
#include "core/cli.h"
#include "core/dump.h"
#include "core/ptrace_loop.h"

/* LeakSanitizer's, in a sanitizer build only (weak: NULL elsewhere) */
void __lsan_do_leak_check(void) __attribute__((weak));

/*
 * PROG was killed by sig: injtrace dies of the same signal, as strace
 * does, so a shell or supervisor sees what it would see without a tracer.
 * No core file of ours may overwrite the one PROG may have left.
 */
static int die_of(int sig)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t set;

	/* the signal skips the atexit() leak check: do it now (fatal if any) */
	if (__lsan_do_leak_check)
		__lsan_do_leak_check();
	setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	/* a signal that does not kill (it only can be, if ignored first) */
	return 128 + sig;
}

int main(int argc, char **argv)
{
	struct options opts;
	int ret = cli_parse(argc, argv, &opts);

	if (ret)
		return ret > 0 ? 0 : 1;
	if (opts.bench)
		return bench_main(argc, argv);
	if (opts.dump)
		return dump_run(&opts);
	ret = ptrace_loop_run(&opts);
	if (ret > 0xff)
		return die_of(ret & 0xff);
	return ret;
}
