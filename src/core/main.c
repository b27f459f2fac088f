// SPDX-License-Identifier: MIT
/* injtrace: trace bpf() calls with BTF-typed map keys and values. */
#include "core/bench.h"
#include "core/cli.h"
#include "core/dump.h"
#include "core/ptrace_loop.h"

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
	return ptrace_loop_run(&opts);
}
