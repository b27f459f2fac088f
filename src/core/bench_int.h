/* SPDX-License-Identifier: MIT */
/* Inside injtrace --bench: the tracee and the rows of the table. */
#ifndef INJTRACE_CORE_BENCH_INT_H
#define INJTRACE_CORE_BENCH_INT_H

#include <stdint.h>
#include <sys/types.h>

#include "inject/inject.h"

struct bench_maps;

struct bench {
	pid_t child;
	struct inj_mm mm;
	struct inj_task task;
	int cpu;
	struct bench_maps *maps;	/* bench_btf.c */
};

/* CLOCK_MONOTONIC in ns (bench.c). */
uint64_t bench_now_ns(void);
/* Resumes the tracee to its next syscall stop (bench.c). */
int bench_step(struct bench *b) __attribute__((warn_unused_result));

/*
 * bench_btf.c: the decoding rows.  The child prepares a map with BTF and a
 * lookup attr before it stops; the tracer side gets ready after the seize.
 */
void bench_btf_child_setup(void);
int bench_btf_init(struct bench *b) __attribute__((warn_unused_result));
void bench_btf_fini(struct bench *b);
int bench_btf_fetch_cold(struct bench *b, uint64_t *ns);
int bench_fetch_calls(struct bench *b, uint64_t *ns);
int bench_decode_cached(struct bench *b, uint64_t *ns);
int bench_decode_calls(struct bench *b, uint64_t *ns);
int bench_getfd_info(struct bench *b, uint64_t *ns);
int bench_fdinfo_read(struct bench *b, uint64_t *ns);

#endif
