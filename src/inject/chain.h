/* SPDX-License-Identifier: MIT */
/*
 * A chain of syscalls run inside the tracee in ONE ptrace stop: the table
 * of steps goes into the scratch data, a small per-arch code blob
 * (src/arch/<arch>/chain.S) in the scratch code page runs them one after
 * the other and ends in a trap.  A step can take a value produced by an
 * earlier one (a BTF id from an info struct, an fd returned by a call) by
 * a copy within the scratch data made just before it runs.
 *
 * This is what makes a whole BTF fetch (map info, BTF fd, BTF blob,
 * close) cost about one ptrace round trip instead of four (docs/design.md).
 */
#ifndef INJTRACE_INJECT_CHAIN_H
#define INJTRACE_INJECT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "inject/inject.h"

/*
 * The layout the chain code reads: 96 bytes, all little-endian u64s, at
 * the offsets of src/arch/chain_layout.h (asserted in chain.c).
 */
struct inj_chain_step {
	int64_t nr;
	uint64_t args[6];
	int64_t ret;		/* out: -ECANCELED for a step never run */
	uint64_t copy_len;	/* 0, 4 or 8 bytes, before the call, */
	uint64_t copy_src;	/* from data + copy_src */
	uint64_t copy_dst;	/* to data + copy_dst (an attr, a step's args) */
	uint64_t stop_on_error;	/* a -errno here ends the chain */
};

/* Data offset of member m of step i of a table at table_off. */
#define INJ_CHAIN_FIELD(table_off, i, m)                               \
	((table_off) + (i) * sizeof(struct inj_chain_step) +           \
	 offsetof(struct inj_chain_step, m))

/*
 * Inside an open session with a scratch area: writes the n steps at data
 * offset table_off, runs them in the tracee (one stop), and reads every
 * step's ret back.  0, -EPERM when the tracee's seccomp trapped one of
 * the calls (t->seccomp_denied; the results are not to be trusted), or
 * another -errno from the engine.
 */
int inj_session__chain(struct inj_task *t, struct inj_chain_step *steps,
		       unsigned int n, size_t table_off) INJ_MUST_CHECK;
/*
 * The same for a table the caller wrote into the scratch data itself
 * (with what the steps work on, in one write) and reads back itself.
 */
int inj_session__chain_run(struct inj_task *t, unsigned int n,
			   size_t table_off) INJ_MUST_CHECK;

#endif
