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
 * Nesting bound, in aggregates (struct, union, array, var, datasec) only:
 * typedef and modifier chains cost none.  The kernel accepts any depth when
 * inner types come first (its MAX_RESOLVE_DEPTH of 32 bounds only what is
 * still unresolved), so a bound is ours to pick: the printer keeps 64
 * levels of separator state and the callers use at most 16 (a per-CPU
 * value of a batch element), which leaves 48 whatever the output form, so
 * text and JSON stop at the same level.
 */
#define BTF_RENDER_MAX_DEPTH (PRINTER_MAX_DEPTH - 16)

/* Why output was cut: the value of the JSON marker member "...". */
#define BTF_RENDER_CUT_TRUNCATED "truncated" /* the bytes ended */
#define BTF_RENDER_CUT_DEPTH "depth"	     /* BTF_RENDER_MAX_DEPTH */
#define BTF_RENDER_CUT_LIMIT "limit"	     /* output budget spent */

struct render {
	struct printer *p;
	const struct btf *btf;
	const unsigned char *data;
	size_t size;	    /* bytes readable at data */
	unsigned int depth; /* aggregates entered */
	size_t budget;	    /* render steps still allowed: bounds output */
	int err;	    /* first problem: -E2BIG, -ELOOP, -EINVAL */
	bool json;
};

/* A render of size bytes at data (NULL: none) by btf, into p. */
void btf_render_start(struct render *r, struct printer *p,
		      const struct btf *btf, const void *data, size_t size);
void btf_render_type(struct render *r, uint32_t id, size_t off,
		     unsigned int bit_off);
/*
 * Ends a render of a type of need bytes (btf__resolve_size()): the
 * "truncated" or "too deep" comment, and btf_render()'s return.
 */
int btf_render_finish(struct render *r, long long need);

/* Notes an error, keeping the first one. */
void btf_render_error(struct render *r, int err);
/*
 * Bytes [off, off + len) are readable; otherwise notes -E2BIG and prints
 * the cut marker in place of the value.
 */
bool btf_render_fits(struct render *r, size_t off, size_t len);
/* Placeholder for a value that cannot be shown: text "?", JSON null. */
void btf_render_bad(struct render *r, int err);
/*
 * Marks a cut in place of a value: text "...", JSON {"...": why}.  Notes
 * err.
 */
void btf_render_cut(struct render *r, int err, const char *why);
/*
 * Skips modifiers, and typedefs too when asked; bounded by the number of
 * types, each link charged to r's budget when r is given.  NULL on a bad
 * id, a cycle, or a spent budget.
 */
const struct btf_type *btf_render_skip_mods(const struct btf *btf, uint32_t id,
					    bool typedefs, struct render *r);
/* btf_render_is_scalar() of a type past its modifiers (NULL: false) */
bool btf_render_scalar_type(const struct btf_type *t);
/*
 * The cut marker as the next item of the object (or array, in_array) being
 * printed: text "...", JSON "...": why (or {"...": why}).  Notes err.
 */
void btf_render_cut_item(struct render *r, bool in_array, int err,
			 const char *why);
/*
 * Holds back from r's budget, before an item that ends at end, what the
 * bytes from there to outer_end (the end of the enclosing aggregate) may
 * honestly need, plus some slack when more items follow (at most half of
 * the budget), so that one pathological item (4e9 empty structs, unions
 * of unions) cannot starve those after it.  Each level holds only for its
 * own later items: its parent held for the rest.  Returns what to give
 * back to r->budget once the item is printed.
 */
size_t btf_render_budget_hold(struct render *r, size_t end, size_t outer_end,
			      bool more);
/*
 * Bytes a member of type_id (t: past its modifiers and typedefs) at bit
 * offset bit_off (0-7) needs for the bounds test, 0 if unknown.
 */
size_t btf_render_member_size(const struct btf *btf, uint32_t type_id,
			      const struct btf_type *t, unsigned int bit_off,
			      unsigned int nr_bits);
/*
 * bpftool's test of an array of characters (printed as a string when its
 * bytes are printable up to a NUL).
 */
bool btf_render_char_elems(const struct btf *btf, const struct btf_array *a);
/* "" for names libbpf cannot resolve. */
const char *btf_render_name(const struct render *r, uint32_t name_off);

/* Struct, union, array, var, datasec (btf_render_aggregate.c). */
void btf_render_aggregate(struct render *r, const struct btf_type *t,
			  size_t off, unsigned int bit_off);

/* One function per scalar kind (btf_render_scalar.c). */
void btf_render_int(struct render *r, const struct btf_type *t, size_t off,
		    unsigned int bit_off);
void btf_render_bitfield(struct render *r, uint32_t type_id, size_t off,
			 unsigned int bit_off, unsigned int nr_bits);
void btf_render_enum(struct render *r, const struct btf_type *t, size_t off);
void btf_render_float(struct render *r, const struct btf_type *t, size_t off);
void btf_render_ptr(struct render *r, size_t off);

#endif
