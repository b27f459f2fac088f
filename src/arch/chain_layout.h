/* SPDX-License-Identifier: MIT */
/*
 * Where the chain code (src/arch/<arch>/chain.S) finds the members of one
 * step of the table (struct inj_chain_step, src/inject/chain.h): plain
 * numbers, as the assembler needs them.  src/inject/chain.c asserts each
 * against the C struct, so the two cannot drift apart.
 */
#ifndef INJTRACE_ARCH_CHAIN_LAYOUT_H
#define INJTRACE_ARCH_CHAIN_LAYOUT_H

#define CHAIN_STEP_NR		0	/* syscall number */
#define CHAIN_STEP_ARG0		8	/* six u64 arguments */
#define CHAIN_STEP_ARG1		16
#define CHAIN_STEP_ARG2		24
#define CHAIN_STEP_ARG3		32
#define CHAIN_STEP_ARG4		40
#define CHAIN_STEP_ARG5		48
#define CHAIN_STEP_RET		56	/* out: return value */
#define CHAIN_STEP_COPY_LEN	64	/* 0, 4 or 8 bytes copied before it, */
#define CHAIN_STEP_COPY_SRC	72	/* from base + copy_src */
#define CHAIN_STEP_COPY_DST	80	/* to base + copy_dst */
#define CHAIN_STEP_STOP_ON_ERROR 88	/* a -errno ends the chain */
#define CHAIN_STEP_SIZE		96

#endif
