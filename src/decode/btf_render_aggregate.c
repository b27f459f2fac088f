// SPDX-License-Identifier: MIT
/*
 * Typed rendering, aggregates: structs and unions (members, bitfields,
 * anonymous members), arrays (char strings), variables and data sections.
 * Each is entered through btf_render_aggregate(), which bounds nesting.
 */
#include "decode/btf_render.h"
#include "decode/btf_render_priv.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

/*
 * An int needs only the bytes its bits reach: the kernel checks a
 * member's bits, not its int type's byte size (btf_int_check_member()),
 * so a 4-byte int of 8 bits may be the last byte of a struct.
 */
size_t btf_render_member_size(const struct btf *btf, uint32_t type_id,
			      const struct btf_type *t, unsigned int bit_off,
			      unsigned int nr_bits)
{
	long long sz;

	if (nr_bits)
		return (bit_off + nr_bits + 7) / 8;
	if (t && btf_is_int(t))
		return (bit_off + btf_int_offset(t) + btf_int_bits(t) + 7) / 8;
	sz = btf__resolve_size(btf, type_id);
	return sz > 0 ? (size_t)sz : 0;
}

/*
 * Whether to show a member or element of len bytes at off: only when it
 * fits, except that an aggregate cut by the end shows what of it fits.  A
 * zero-sized one at the very end (char x[]) is shown.
 */
static bool fits_whole(const struct render *r, size_t off, size_t len,
		       bool scalar)
{
	if (off > r->size || (off == r->size && len))
		return false;
	return len <= r->size - off || !scalar;
}

/* Enters an aggregate: false (and the marker printed) past the bound. */
static bool enter(struct render *r)
{
	/* the printer guard holds only for BTF no kernel accepts */
	if (r->depth >= BTF_RENDER_MAX_DEPTH ||
	    r->p->depth + 3 >= PRINTER_MAX_DEPTH) {
		btf_render_cut(r, -ELOOP, BTF_RENDER_CUT_DEPTH);
		return false;
	}
	r->depth++;
	return true;
}

static void render_members(struct render *r, const struct btf_type *t,
			   size_t off);

/*
 * Text inlines an anonymous struct/union member into its parent, as C
 * code names them (s.a, not s.<anon>.a).  JSON keeps bpftool's "": {...}.
 */
static bool render_inline(struct render *r, uint32_t type_id, size_t off)
{
	const struct btf_type *t =
	    btf_render_skip_mods(r->btf, type_id, true, NULL);

	if (r->json || !t || !btf_is_composite(t))
		return false;
	if (r->depth >= BTF_RENDER_MAX_DEPTH) {
		btf_render_cut_item(r, false, -ELOOP, BTF_RENDER_CUT_DEPTH);
		return true;
	}
	r->depth++;
	render_members(r, t, off);
	r->depth--;
	return true;
}

static void render_member(struct render *r, const struct btf_member *m,
			  size_t moff, unsigned int bit_off,
			  unsigned int nr_bits)
{
	const char *name = btf_render_name(r, m->name_off);

	if (!*name && !nr_bits && render_inline(r, m->type, moff))
		return;
	if (*name || r->json)
		pr_field(r->p, name);
	else
		pr_elem(r->p);
	if (nr_bits)
		btf_render_bitfield(r, m->type, moff, bit_off, nr_bits);
	else
		btf_render_type(r, m->type, moff, bit_off);
}

static void render_members(struct render *r, const struct btf_type *t,
			   size_t off)
{
	const struct btf_member *m = btf_members(t);
	unsigned int i, vlen = btf_vlen(t);

	for (i = 0; i < vlen; i++, m++) {
		uint32_t bits = btf_member_bit_offset(t, i);
		unsigned int nr_bits = btf_member_bitfield_size(t, i);
		size_t moff = off + bits / 8;
		const struct btf_type *mt =
		    btf_render_skip_mods(r->btf, m->type, true, NULL);
		size_t len = btf_render_member_size(r->btf, m->type, mt,
						    bits % 8, nr_bits);
		size_t hold;

		if (!r->budget) {
			btf_render_cut_item(r, false, -ELOOP,
					    BTF_RENDER_CUT_LIMIT);
			return;
		}
		if (!fits_whole(r, moff, len,
				nr_bits || btf_render_scalar_type(mt))) {
			btf_render_cut_item(r, false, -E2BIG,
					    BTF_RENDER_CUT_TRUNCATED);
			return;
		}
		hold = btf_render_budget_hold(r, moff + len, off + t->size,
					      i + 1 < vlen);
		render_member(r, m, moff, bits % 8, nr_bits);
		r->budget += hold;
	}
}

/* Struct and union alike: a union shows every member (docs/injtrace.1). */
static void render_composite(struct render *r, const struct btf_type *t,
			     size_t off)
{
	pr_struct_begin(r->p);
	render_members(r, t, off);
	pr_struct_end(r->p);
}

/*
 * bpftool's test, kept for JSON equality and used in text too so both
 * agree: elements are (const/volatile) "char" or BTF_INT_CHAR ints, not
 * typedefs of them.  __u8/unsigned char/signed char arrays are numbers.
 */
bool btf_render_char_elems(const struct btf *btf, const struct btf_array *a)
{
	const struct btf_type *et =
	    btf_render_skip_mods(btf, a->type, false, NULL);
	const char *name;

	if (!a->nelems || !et || !btf_is_int(et) || et->size != 1)
		return false;
	if (btf_int_encoding(et) & BTF_INT_CHAR)
		return true;
	name = btf__name_by_offset(btf, et->name_off);
	return name && !strcmp(name, "char");
}

/* A char array's string length, when its bytes are printable up to a NUL. */
static size_t char_array_len(const struct render *r, const struct btf_array *a,
			     size_t off)
{
	size_t n, i;

	if (!btf_render_char_elems(r->btf, a))
		return (size_t)-1;
	n = off < r->size ? r->size - off : 0;
	if (n > a->nelems)
		n = a->nelems;
	for (i = 0; i < n; i++) {
		unsigned char c = r->data[off + i];

		if (!c)
			return i;
		if (c < 0x20 || c >= 0x7f)
			break;
	}
	return (size_t)-1;
}

static void render_elems(struct render *r, const struct btf_array *a,
			 size_t off, long long esz)
{
	unsigned int limit = r->json ? 0 : r->p->string_limit;
	bool scalar = btf_render_is_scalar(r->btf, a->type);
	uint32_t i;

	for (i = 0; i < a->nelems; i++) {
		uint64_t rel = (uint64_t)i * (uint64_t)esz;
		size_t hold;

		if (limit && i >= limit) {
			/* strace abbreviates arrays at -s elements */
			pr_more(r->p);
			break;
		}
		if (!r->budget) {
			btf_render_cut_item(r, true, -ELOOP,
					    BTF_RENDER_CUT_LIMIT);
			break;
		}
		if (off > r->size || rel > r->size - off ||
		    !fits_whole(r, off + rel, esz, scalar)) {
			btf_render_cut_item(r, true, -E2BIG,
					    BTF_RENDER_CUT_TRUNCATED);
			break;
		}
		hold = btf_render_budget_hold(r, off + rel + esz,
					      off + (uint64_t)a->nelems * esz,
					      i + 1 < a->nelems);
		pr_elem(r->p);
		btf_render_type(r, a->type, off + rel, 0);
		r->budget += hold;
	}
}

static void render_array(struct render *r, const struct btf_type *t, size_t off)
{
	const struct btf_array *a = btf_array(t);
	long long esz = btf__resolve_size(r->btf, a->type);
	size_t len = char_array_len(r, a, off);

	if (len != (size_t)-1) {
		/* bpftool prints the whole string; text obeys -s. */
		pr_quoted(r->p, r->data + off, len + 1,
			  QUOTE_0_TERMINATED |
			      (r->json ? QUOTE_OMIT_LIMIT : 0));
		return;
	}
	if (esz < 0) {
		btf_render_bad(r, -EINVAL);
		return;
	}
	pr_array_begin(r->p);
	render_elems(r, a, off, esz);
	pr_array_end(r->p);
}

/* bpftool: {"name": value}; text the same shape, {name=value}. */
static void render_var(struct render *r, const struct btf_type *t, size_t off,
		       unsigned int bit_off)
{
	pr_struct_begin(r->p);
	pr_field(r->p, btf_render_name(r, t->name_off));
	btf_render_type(r, t->type, off, bit_off);
	pr_struct_end(r->p);
}

/*
 * Global data maps (.bss, .data, .rodata) have a DATASEC value type.
 * bpftool: {"sec": [{"var": value}, ...]}.  Text reads like a struct of
 * the variables, {var=value, ...}: the section name is the map's name.
 */
static void render_datasec(struct render *r, const struct btf_type *t,
			   size_t off)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	unsigned int i, vlen = btf_vlen(t);
	bool cut = false;

	pr_struct_begin(r->p);
	if (r->json) {
		pr_field(r->p, btf_render_name(r, t->name_off));
		pr_array_begin(r->p);
	}
	for (i = 0; i < vlen; i++, v++) {
		const struct btf_type *vt = btf__type_by_id(r->btf, v->type);
		size_t hold;

		if (!r->budget) {
			btf_render_cut_item(r, true, -ELOOP,
					    BTF_RENDER_CUT_LIMIT);
			break;
		}
		if (off > r->size || v->offset > r->size - off ||
		    v->size > r->size - off - v->offset) {
			cut = true;
			continue; /* secinfos need not be sorted */
		}
		hold = btf_render_budget_hold(r, off + v->offset + v->size,
					      off + t->size, i + 1 < vlen);
		if (r->json) {
			pr_elem(r->p);
			btf_render_type(r, v->type, off + v->offset, 0);
		} else if (vt && btf_is_var(vt)) {
			pr_field(r->p, btf_render_name(r, vt->name_off));
			btf_render_type(r, vt->type, off + v->offset, 0);
		} else {
			pr_elem(r->p);
			btf_render_type(r, v->type, off + v->offset, 0);
		}
		r->budget += hold;
	}
	if (cut)
		btf_render_cut_item(r, true, -E2BIG, BTF_RENDER_CUT_TRUNCATED);
	if (r->json)
		pr_array_end(r->p);
	pr_struct_end(r->p);
}

void btf_render_aggregate(struct render *r, const struct btf_type *t,
			  size_t off, unsigned int bit_off)
{
	if (!enter(r))
		return;
	switch (btf_kind(t)) {
	case BTF_KIND_ARRAY:
		render_array(r, t, off);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		render_composite(r, t, off);
		break;
	case BTF_KIND_VAR:
		render_var(r, t, off, bit_off);
		break;
	default:
		render_datasec(r, t, off);
		break;
	}
	r->depth--;
}
