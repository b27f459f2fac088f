/* SPDX-License-Identifier: MIT */
/* Value <-> name tables, as strace's xlat: arrays ended by { 0, NULL }. */
#ifndef INJTRACE_DECODE_XLAT_H
#define INJTRACE_DECODE_XLAT_H

#include <stddef.h>
#include <stdint.h>

struct xlat {
	uint64_t val;
	const char *name;
};

#define XLAT(v) { (v), #v }
#define XLAT_PAIR(v, s) { (v), (s) }
#define XLAT_END { 0, NULL }

/* Name of v in x, or NULL. */
const char *xlat_name(const struct xlat *x, uint64_t v);

#endif
