/* SPDX-License-Identifier: MIT */
/* The tracer: starts or attaches to tracees and runs the ptrace loop. */
#ifndef INJTRACE_CORE_TRACER_H
#define INJTRACE_CORE_TRACER_H

#include "core/cli.h"

/*
 * Traces per opts until every tracee is gone (or detached after SIGINT /
 * SIGTERM with -p).  Returns the exit status injtrace should exit with.
 */
int tracer_run(const struct options *opts);

#endif
