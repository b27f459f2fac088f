/* SPDX-License-Identifier: MIT */
/*
 * A tracee's memory as the decoder tests and fuzz targets fake it: local
 * buffers at made-up addresses, read through bpf_decode_env.read_mem, and
 * the print_map_data hook they share.
 */
#ifndef INJTRACE_TESTS_FAKE_MEM_H
#define INJTRACE_TESTS_FAKE_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/bpf_decode.h"
#include "decode/printer.h"

struct fake_region {
	uint64_t addr;
	const void *data;
	size_t len;
};

/*
 * Copies the len bytes at addr when one of the n regions holds them all
 * (a read across two fails, as one past the end does): 0 or -EFAULT.
 */
int fake_mem_read(const struct fake_region *regions, int n, uint64_t addr,
		  void *buf, size_t len);

/* A print_map_data hook: "<key*COUNT@ADDR>" (or value) for the bytes. */
bool fake_mem_print_map_data(void *opaque, struct printer *p, int map_fd,
			     enum bpf_map_buf which, uint64_t addr,
			     uint32_t count);

#endif
