/* SPDX-License-Identifier: MIT */
/*
 * BTF for an array map of int -> struct ctr_val { int count; int flags; },
 * written by hand: for statically linked test programs without libbpf.
 */
#ifndef INJTRACE_TESTS_COMMON_CTR_BTF_H
#define INJTRACE_TESTS_COMMON_CTR_BTF_H

#include <linux/bpf.h>
#include <linux/btf.h>
#include <string.h>

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
	struct {
		struct btf_header hdr;
		__u32 types[4 + 3 + 3 * 2];
		char strs[sizeof(strs)];
	} blob;
	__u32 *t = blob.types;
	union bpf_attr attr;

	memset(&blob, 0, sizeof(blob));
	blob.hdr.magic = BTF_MAGIC;
	blob.hdr.version = BTF_VERSION;
	blob.hdr.hdr_len = sizeof(blob.hdr);
	blob.hdr.type_len = sizeof(blob.types);
	blob.hdr.str_off = sizeof(blob.types);
	blob.hdr.str_len = sizeof(strs);
	/* [1] int: name "int", 4 bytes, signed 32 bits */
	*t++ = 1;
	*t++ = BTF_KIND_INT << 24;
	*t++ = 4;
	*t++ = BTF_INT_SIGNED << 24 | 32;
	/* [2] struct ctr_val, 8 bytes, 2 members */
	*t++ = 5;
	*t++ = BTF_KIND_STRUCT << 24 | 2;
	*t++ = 8;
	*t++ = 13;	/* count */
	*t++ = 1;
	*t++ = 0;
	*t++ = 19;	/* flags */
	*t++ = 1;
	*t++ = 32;
	memcpy(blob.strs, strs, sizeof(strs));

	memset(&attr, 0, sizeof(attr));
	attr.btf = (unsigned long)&blob;
	/* without the struct's tail padding: the kernel checks the sum */
	attr.btf_size = sizeof(blob.hdr) + sizeof(blob.types) + sizeof(strs);
	return bpf(BPF_BTF_LOAD, &attr);
}

#endif
