/* SPDX-License-Identifier: MIT */
/* The tracer: starts or attaches to tracees and runs the ptrace loop. */
#ifndef INJTRACE_CORE_PTRACE_LOOP_H
#define INJTRACE_CORE_PTRACE_LOOP_H

#include "core/cli.h"

/* tracer_run()'s result when the started PROG was killed by signal sig. */
#define TRACER_KILLED_BY(sig) (0x100 | (sig))

/*
 * Traces per opts until every tracee is gone (or detached after SIGINT /
 * SIGTERM with -p).  Returns the exit status injtrace should exit with,
 * or TRACER_KILLED_BY(sig): injtrace should die of sig as PROG did.
 */
int ptrace_loop_run(const struct options *opts);

#endif
