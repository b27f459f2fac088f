/* SPDX-License-Identifier: MIT */
/*
 * BTF for an array map of int -> struct ctr_val { int count; int flags; },
 * written by hand: for statically linked test programs without libbpf.
 */
#ifndef INJTRACE_TESTS_COMMON_CTR_BTF_H
#define INJTRACE_TESTS_COMMON_CTR_BTF_H

#include "raw_btf.h"

struct ctr_val {
	int count;
	int flags;
};

#define CTR_BTF_KEY 1		/* int */
#define CTR_BTF_VALUE 2		/* struct ctr_val */

/* BPF_BTF_LOAD by the caller's bpf(): the BTF fd or -1. */
static inline int ctr_btf_load(long (*bpf)(int cmd, union bpf_attr *attr))
{
	static const char strs[] = "\0int\0ctr_val\0count\0flags";
	static const __u32 types[] = {
		/* [1] int: name "int", 4 bytes, signed 32 bits */
		1, BTF_KIND_INT << 24, 4, BTF_INT_SIGNED << 24 | 32,
		/* [2] struct ctr_val, 8 bytes, 2 members */
		5, BTF_KIND_STRUCT << 24 | 2, 8,
		13, 1, 0,	/* count: int at bit 0 */
		19, 1, 32,	/* flags: int at bit 32 */
	};

	return raw_btf_load(bpf, types, sizeof(types), strs, sizeof(strs));
}

#endif
