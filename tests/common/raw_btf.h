/* SPDX-License-Identifier: MIT */
/*
 * BTF written by hand and loaded with BPF_BTF_LOAD, for the programs the
 * tests and the benchmarks trace: some are statically linked, none links
 * libbpf, and the bpf() they call is their own (it may count calls).
 */
#ifndef INJTRACE_TESTS_COMMON_RAW_BTF_H
#define INJTRACE_TESTS_COMMON_RAW_BTF_H

#include <errno.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stddef.h>
#include <string.h>

#define RAW_BTF_MAX 1024	/* header, types and strings: enough here */

/*
 * TYPES: the type section as __u32 words (each struct btf_type and what
 * follows it), types_len bytes; STRS: the string section, strs_len bytes
 * from its leading "\0".  BPF_BTF_LOAD by the caller's bpf(): the BTF fd,
 * or -1 with errno.
 */
static inline int raw_btf_load(long (*bpf)(int cmd, union bpf_attr *attr),
			       const __u32 *types, size_t types_len,
			       const char *strs, size_t strs_len)
{
	struct btf_header hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(hdr),
		.type_off = 0,
		.type_len = types_len,
		.str_off = types_len,
		.str_len = strs_len,
	};
	unsigned char blob[RAW_BTF_MAX];
	union bpf_attr attr;

	if (sizeof(hdr) + types_len + strs_len > sizeof(blob)) {
		errno = E2BIG;
		return -1;
	}
	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), types, types_len);
	memcpy(blob + sizeof(hdr) + types_len, strs, strs_len);
	memset(&attr, 0, sizeof(attr));
	attr.btf = (unsigned long)blob;
	attr.btf_size = sizeof(hdr) + types_len + strs_len;
	return bpf(BPF_BTF_LOAD, &attr);
}

#endif
