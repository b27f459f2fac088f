/* SPDX-License-Identifier: MIT */
/*
 * A bpf_decode_env whose "tracee memory" is a few local buffers at fake
 * addresses, for feeding hand-built attrs through the decoders.
 */
#ifndef INJTRACE_TESTS_DECODE_FAKE_ENV_H
#define INJTRACE_TESTS_DECODE_FAKE_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "decode/bpf_decode.h"
#include "decode/printer.h"
#include "fake_mem.h"

#define FAKE_MAX_REGIONS 8

struct fake {
	struct fake_region regions[FAKE_MAX_REGIONS];
	int nr_regions;
	enum bpf_fd_kind kind;		/* what every fd is */
	bool annotate_fds;		/* print fds as "N<fake>" */
	bool map_data;			/* print_map_data prints "<key@0x..>" */
	struct bpf_decode_env env;
	struct printer p;
	size_t attr_at;			/* where the attr value begins in p */
	struct bpf_call call;
};

/* Resets f: no memory, text (or JSON) printer with -s 32. */
void fake_init(struct fake *f, enum printer_mode mode);
void fake_free(struct fake *f);
/* Makes len bytes at data readable at addr. */
void fake_map(struct fake *f, uint64_t addr, void *data, size_t len);

/*
 * Decodes the entry of bpf(cmd, addr, size); returns the attr as printed.
 * JSON: inside a record object, after "attr": as injtrace writes it, so an
 * "attr_out" member follows the attr at exit.
 */
const char *fake_entry(struct fake *f, uint64_t cmd, uint64_t addr,
		       uint64_t size);
/* Then the exit with this return value (-errno on error). */
const char *fake_exit(struct fake *f, int64_t ret);
/* Both at once. */
const char *fake_call(struct fake *f, uint64_t cmd, uint64_t addr,
		      uint64_t size, int64_t ret);

/* The JSON fragment as the value of a member of an object: valid or not. */
bool fake_json_valid(const char *fragment);

#endif
