/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by btf_render.c (aggregates, dispatch) and
 * btf_render_scalar.c (ints, bitfields, enums, floats, pointers).
 */
#ifndef INJTRACE_DECODE_BTF_RENDER_PRIV_H
#define INJTRACE_DECODE_BTF_RENDER_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bpf/btf.h>

#include "decode/printer.h"

/*
 * Nesting bound.  Real map types nest a handful of levels; kernel BTF caps
 * resolution chains at 32 (MAX_RESOLVE_DEPTH), so 48 leaves room for
 * typedef chains inside nested structs and still stops cycles quickly.
 */
#define RENDER_MAX_DEPTH 48

struct render {
	struct printer *p;
	const struct btf *btf;
	const unsigned char *data;
	size_t size;		/* bytes readable at data */
	unsigned int depth;	/* render_type() recursion */
	size_t budget;		/* values still allowed: bounds output */
	int err;		/* first problem: -E2BIG, -ELOOP, -EINVAL */
	bool json;
};

void render_type(struct render *r, uint32_t id, size_t off,
		 unsigned int bit_off);

/* Notes an error, keeping the first one. */
void render_error(struct render *r, int err);
/*
 * Bytes [off, off + len) are readable; otherwise notes -E2BIG and prints
 * the placeholder of a missing value: text "...", JSON null.
 */
bool render_fits(struct render *r, size_t off, size_t len);
/* Placeholder for a value that cannot be shown: text "?", JSON null. */
void render_bad(struct render *r, int err);
/* Skips typedefs and modifiers (bounded); NULL on a bad id or a cycle. */
const struct btf_type *render_skip_mods(const struct btf *btf, uint32_t id,
					bool typedefs);
/* "" for names libbpf cannot resolve. */
const char *render_name(const struct render *r, uint32_t name_off);

/* One function per scalar kind (btf_render_scalar.c). */
void render_int(struct render *r, const struct btf_type *t, size_t off,
		unsigned int bit_off);
void render_bitfield(struct render *r, uint32_t type_id, size_t off,
		     unsigned int bit_off, unsigned int nr_bits);
void render_enum(struct render *r, const struct btf_type *t, size_t off);
void render_float(struct render *r, const struct btf_type *t, size_t off);
void render_ptr(struct render *r, size_t off);

#endif
