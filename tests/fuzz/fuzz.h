/* SPDX-License-Identifier: MIT */
/*
 * Shared by the fuzz targets: a reader that takes typed values off the
 * fuzzer's bytes (zeros once they run out), and the checks every target
 * makes on what injtrace would write.
 */
#ifndef INJTRACE_TESTS_FUZZ_FUZZ_H
#define INJTRACE_TESTS_FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/output.h"

struct fuzz_in {
	const uint8_t *data;
	size_t len;
};

uint8_t fuzz_u8(struct fuzz_in *in);
uint16_t fuzz_u16(struct fuzz_in *in);
uint32_t fuzz_u32(struct fuzz_in *in);
uint64_t fuzz_u64(struct fuzz_in *in);
/* Up to n bytes (fewer when the input ends); *got says how many. */
const uint8_t *fuzz_bytes(struct fuzz_in *in, size_t n, size_t *got);

/*
 * One call record, built as the tracer builds it (src/core/bpf_stop.c):
 * fuzz_record_begin() writes the leader into rec->p, the caller continues
 * the attr in it (a decoder, or printer calls), fuzz_record_end() adds
 * what the tracer adds at exit (extra members: a callback), writes it
 * through the writer into memory and checks it: JSON is exactly one line
 * holding one valid JSON value in valid UTF-8; text is exactly one line.
 * Aborts (a finding) with the record on stderr otherwise.
 */
struct fuzz_record {
	struct output out;
	struct printer p;
	char *buf;
	size_t len;
};

void fuzz_record_begin(struct fuzz_record *rec, bool json,
		       const struct call_head *head, unsigned int limit);
void fuzz_record_end(struct fuzz_record *rec, const struct call_result *res,
		     void (*members)(struct printer *p, void *arg), void *arg);

/* Aborts with why and the text when s is not one valid JSON value. */
void fuzz_check_json(const char *s, size_t len, const char *what);

#endif
