/* SPDX-License-Identifier: MIT */
/* injtrace --bench: the cost of ptrace stops and remote syscalls. */
#ifndef INJTRACE_CORE_BENCH_H
#define INJTRACE_CORE_BENCH_H

/*
 * Runs the benchmark of injtrace(1) --bench (docs/benchmarks.md); argv is
 * the whole command line (--bench, --iterations N, --json are read here).
 * Returns the process exit status.
 */
int bench_main(int argc, char **argv);

#endif
