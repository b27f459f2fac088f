/* SPDX-License-Identifier: MIT */
/*
 * injtrace --dump -p PID: no tracing.  For each process: stop one of its
 * threads (PTRACE_SEIZE + PTRACE_INTERRUPT; the others run on), find
 * every BPF map fd it holds (/proc/PID/fd), and inside that thread, in one
 * injection session, fetch each map's info and BTF and read its elements
 * chunk by chunk (dump_iter.h); then unmap the scratch area, put the
 * thread back and detach.  Every bpf() runs in the process with its own
 * fds: injtrace needs no BPF privilege, only the right to ptrace it.
 */
#ifndef INJTRACE_CORE_DUMP_H
#define INJTRACE_CORE_DUMP_H

#include "core/cli.h"

/* Exit status: 0, or 1 when a process could not be dumped whole. */
int dump_run(const struct options *opts);

#endif
