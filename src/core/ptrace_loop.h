/* SPDX-License-Identifier: MIT */
/* The tracer: starts or attaches to tracees and runs the ptrace loop. */
#ifndef INJTRACE_CORE_PTRACE_LOOP_H
#define INJTRACE_CORE_PTRACE_LOOP_H

#include "core/cli.h"

/*
 * Traces per opts until every tracee is gone (or detached after SIGINT /
 * SIGTERM with -p).  Returns the exit status injtrace should exit with.
 */
int ptrace_loop_run(const struct options *opts);

#endif
