// SPDX-License-Identifier: MIT
/*
 * Typed rendering, aggregates and dispatch: one function per BTF kind,
 * chosen in render_type().  Scalars live in btf_render_scalar.c.
 *
 * Offsets are byte offsets into r->data plus a bit offset (0-7) that only
 * old-style (non-kflag) bitfield members carry.  Nothing is read without a
 * check against r->size.
 */
#include "decode/btf_render.h"
#include "decode/btf_render_priv.h"

#include <errno.h>
#include <string.h>

/*
 * Output bound: an honest type yields at most a few values per byte
 * (bitfields: 8), so 16 per byte plus slack never cuts real data, while
 * zero-sized members or unions of unions cannot make output explode.
 */
#define RENDER_BUDGET(size) ((size) * 16 + 4096)

void render_error(struct render *r, int err)
{
	if (!r->err)
		r->err = err;
}

bool render_fits(struct render *r, size_t off, size_t len)
{
	if (off <= r->size && len <= r->size - off)
		return true;
	render_error(r, -E2BIG);
	if (r->json)
		pr_null(r->p);
	else
		pr_raw(r->p, "...");
	return false;
}

void render_bad(struct render *r, int err)
{
	render_error(r, err);
	if (r->json)
		pr_null(r->p);
	else
		pr_raw(r->p, "?");
}

const char *render_name(const struct render *r, uint32_t name_off)
{
	const char *name = btf__name_by_offset(r->btf, name_off);

	return name ? name : "";
}

const struct btf_type *render_skip_mods(const struct btf *btf, uint32_t id,
					bool typedefs)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int n;

	for (n = 0; t && n < RENDER_MAX_DEPTH; n++) {
		if (!btf_is_mod(t) && !(typedefs && btf_is_typedef(t)))
			return t;
		t = btf__type_by_id(btf, t->type);
	}
	return NULL;
}

bool btf_render_is_scalar(const struct btf *btf, uint32_t type_id)
{
	const struct btf_type *t = render_skip_mods(btf, type_id, true);

	if (!t)
		return false;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
	case BTF_KIND_PTR:
		return true;
	default:
		return false;
	}
}

/*
 * Byte size of a member for the bounds test, 0 if unknown: a member that
 * starts exactly at the end is shown only when it is empty (char x[]).
 */
static size_t member_size(const struct render *r, uint32_t type_id,
			  unsigned int bit_off, unsigned int nr_bits)
{
	long long sz;

	if (nr_bits)
		return (bit_off + nr_bits + 7) / 8;
	sz = btf__resolve_size(r->btf, type_id);
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

static void render_members(struct render *r, const struct btf_type *t,
			   size_t off);

/*
 * Text inlines an anonymous struct/union member into its parent, as C
 * code names them (s.a, not s.<anon>.a).  JSON keeps bpftool's "": {...}.
 */
static bool render_inline(struct render *r, uint32_t type_id, size_t off)
{
	const struct btf_type *t = render_skip_mods(r->btf, type_id, true);

	if (r->json || !t || !btf_is_composite(t))
		return false;
	if (r->depth >= RENDER_MAX_DEPTH) {
		render_error(r, -ELOOP);
		return true;
	}
	r->depth++;
	render_members(r, t, off);
	r->depth--;
	return true;
}

static void render_members(struct render *r, const struct btf_type *t,
			   size_t off)
{
	const struct btf_member *m = btf_members(t);
	unsigned int i, vlen = btf_vlen(t);

	for (i = 0; i < vlen; i++, m++) {
		uint32_t bits = btf_member_bit_offset(t, i);
		unsigned int nr_bits = btf_member_bitfield_size(t, i);
		const char *name = render_name(r, m->name_off);
		size_t moff = off + bits / 8;

		if (!r->budget) {
			render_error(r, -ELOOP);
			pr_more(r->p);
			return;
		}
		if (!fits_whole(r, moff, member_size(r, m->type, bits % 8,
						     nr_bits),
				nr_bits || btf_render_is_scalar(r->btf,
								m->type))) {
			render_error(r, -E2BIG);
			pr_more(r->p);
			return;
		}
		if (!*name && !nr_bits && render_inline(r, m->type, moff))
			continue;
		if (*name || r->json)
			pr_field(r->p, name);
		else
			pr_elem(r->p);
		if (nr_bits)
			render_bitfield(r, m->type, moff, bits % 8, nr_bits);
		else
			render_type(r, m->type, moff, bits % 8);
	}
}

/* Struct and union alike: a union shows every member (SPEC). */
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
 * typedefs of them, and the bytes are printable ASCII up to a NUL.
 * __u8/unsigned char/signed char arrays are numbers.
 */
static size_t char_array_len(const struct render *r, const struct btf_array *a,
			     size_t off)
{
	const struct btf_type *et = render_skip_mods(r->btf, a->type, false);
	size_t n, i;

	if (!a->nelems || !et || !btf_is_int(et) || et->size != 1)
		return (size_t)-1;
	if (!(btf_int_encoding(et) & BTF_INT_CHAR) &&
	    strcmp(render_name(r, et->name_off), "char"))
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

static void render_array(struct render *r, const struct btf_type *t,
			 size_t off)
{
	const struct btf_array *a = btf_array(t);
	long long esz = btf__resolve_size(r->btf, a->type);
	size_t len = char_array_len(r, a, off);
	unsigned int limit = r->json ? 0 : r->p->string_limit;
	bool scalar = btf_render_is_scalar(r->btf, a->type);
	uint32_t i;

	if (len != (size_t)-1) {
		/* bpftool prints the whole string; text obeys -s. */
		pr_quoted(r->p, r->data + off, len + 1,
			  QUOTE_0_TERMINATED |
			  (r->json ? QUOTE_OMIT_LIMIT : 0));
		return;
	}
	if (esz < 0) {
		render_bad(r, -EINVAL);
		return;
	}
	pr_array_begin(r->p);
	for (i = 0; i < a->nelems; i++) {
		uint64_t rel = (uint64_t)i * (uint64_t)esz;

		if (limit && i >= limit) {
			/* strace abbreviates arrays at -s elements */
			pr_more(r->p);
			break;
		}
		if (!r->budget) {
			render_error(r, -ELOOP);
			pr_more(r->p);
			break;
		}
		if (off > r->size || rel > r->size - off ||
		    !fits_whole(r, off + rel, esz, scalar)) {
			render_error(r, -E2BIG);
			pr_more(r->p);
			break;
		}
		pr_elem(r->p);
		render_type(r, a->type, off + rel, 0);
	}
	pr_array_end(r->p);
}

/* bpftool: {"name": value}; text the same shape, {name=value}. */
static void render_var(struct render *r, const struct btf_type *t,
		       size_t off, unsigned int bit_off)
{
	pr_struct_begin(r->p);
	pr_field(r->p, render_name(r, t->name_off));
	render_type(r, t->type, off, bit_off);
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

	pr_struct_begin(r->p);
	if (r->json) {
		pr_field(r->p, render_name(r, t->name_off));
		pr_array_begin(r->p);
	}
	for (i = 0; i < vlen; i++, v++) {
		const struct btf_type *vt = btf__type_by_id(r->btf, v->type);

		if (!r->budget) {
			render_error(r, -ELOOP);
			break;
		}
		if (off > r->size || v->offset > r->size - off ||
		    v->size > r->size - off - v->offset) {
			render_error(r, -E2BIG);
			continue;	/* secinfos need not be sorted */
		}
		if (r->json) {
			pr_elem(r->p);
			render_type(r, v->type, off + v->offset, 0);
		} else if (vt && btf_is_var(vt)) {
			pr_field(r->p, render_name(r, vt->name_off));
			render_type(r, vt->type, off + v->offset, 0);
		} else {
			pr_elem(r->p);
			render_type(r, v->type, off + v->offset, 0);
		}
	}
	if (r->json)
		pr_array_end(r->p);
	else if (r->err == -E2BIG)
		pr_more(r->p);
	pr_struct_end(r->p);
}

void render_type(struct render *r, uint32_t id, size_t off,
		 unsigned int bit_off)
{
	const struct btf_type *t = btf__type_by_id(r->btf, id);

	/* The printer's separator state is per level: stay below its cap. */
	if (r->depth >= RENDER_MAX_DEPTH ||
	    r->p->depth + 2 >= PRINTER_MAX_DEPTH || !r->budget) {
		render_bad(r, -ELOOP);
		return;
	}
	if (!t) {
		render_bad(r, -EINVAL);
		return;
	}
	r->budget--;
	r->depth++;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		render_int(r, t, off, bit_off);
		break;
	case BTF_KIND_PTR:
		render_ptr(r, off);
		break;
	case BTF_KIND_ARRAY:
		render_array(r, t, off);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		render_composite(r, t, off);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		render_enum(r, t, off);
		break;
	case BTF_KIND_FLOAT:
		/* bpftool 7.1: "(unsupported-kind", not JSON; a number here */
		render_float(r, t, off);
		break;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		/* bpftool 7.1 rejects a bare TYPE_TAG; it is only a modifier */
		render_type(r, t->type, off, bit_off);
		break;
	case BTF_KIND_VAR:
		render_var(r, t, off, bit_off);
		break;
	case BTF_KIND_DATASEC:
		render_datasec(r, t, off);
		break;
	default:
		/* void, FWD, FUNC, FUNC_PROTO, DECL_TAG: no data layout */
		render_bad(r, -EINVAL);
		break;
	}
	r->depth--;
}

int btf_render(struct printer *p, const struct btf *btf, uint32_t type_id,
	       const void *data, size_t size)
{
	struct render r = {
		.p = p,
		.btf = btf,
		.data = data,
		.size = data ? size : 0,
		.budget = RENDER_BUDGET(size),
		.json = printer__json(p),
	};
	long long need;

	if (!btf) {
		render_bad(&r, -EINVAL);
		return r.err;
	}
	render_type(&r, type_id, 0, 0);
	/* also when what was shown fitted (a string ended early) */
	need = btf__resolve_size(btf, type_id);
	if (need > 0 && (unsigned long long)need > r.size)
		render_error(&r, -E2BIG);
	if (r.err == -E2BIG)
		pr_comment(p, "truncated: %zu of %lld bytes", r.size, need);
	else if (r.err == -ELOOP)
		pr_comment(p, "too deep or too long");
	return r.err;
}
