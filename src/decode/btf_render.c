// SPDX-License-Identifier: MIT
/*
 * Typed rendering, aggregates and dispatch: one function per BTF kind,
 * chosen in btf_render_type().  Scalars live in btf_render_scalar.c.
 *
 * Offsets are byte offsets into r->data plus a bit offset (0-7) that only
 * old-style (non-kflag) bitfield members carry.  Nothing is read without a
 * check against r->size.
 *
 * Where output is cut (bytes ended, nesting bound, output budget), text
 * prints "..." and JSON a member named "..." whose value says why: the
 * last member of an object, the only member of the last element of an
 * array, or of an object standing for a value not shown at all.
 */
#include "decode/btf_render.h"
#include "decode/btf_render_priv.h"

#include <errno.h>

/*
 * Output bound, in render steps (one per type visited, typedef and
 * modifier links included): an honest type needs at most 9 per byte
 * (eight 1-bit fields and their struct), so 16 per byte plus slack never
 * cuts real data, while zero-sized members or unions of unions cannot make
 * output explode.
 */
#define STEPS_PER_BYTE 16
#define STEPS_SLACK 4096
/* held back for zero-sized items that follow one */
#define STEPS_ITEM_SLACK 256
#define RENDER_BUDGET(size) ((size)*STEPS_PER_BYTE + STEPS_SLACK)

void btf_render_error(struct render *r, int err)
{
	if (!r->err)
		r->err = err;
}

void btf_render_cut(struct render *r, int err, const char *why)
{
	btf_render_error(r, err);
	if (!r->json) {
		pr_raw(r->p, "...");
		return;
	}
	pr_struct_begin(r->p);
	pr_field(r->p, "...");
	pr_token(r->p, why);
	pr_struct_end(r->p);
}

void btf_render_cut_item(struct render *r, bool in_array, int err,
			 const char *why)
{
	if (!r->json) {
		btf_render_error(r, err);
		pr_more(r->p);
	} else if (in_array) {
		pr_elem(r->p);
		btf_render_cut(r, err, why);
	} else {
		btf_render_error(r, err);
		pr_field(r->p, "...");
		pr_token(r->p, why);
	}
}

bool btf_render_fits(struct render *r, size_t off, size_t len)
{
	if (off <= r->size && len <= r->size - off)
		return true;
	btf_render_cut(r, -E2BIG, BTF_RENDER_CUT_TRUNCATED);
	return false;
}

void btf_render_bad(struct render *r, int err)
{
	btf_render_error(r, err);
	if (r->json)
		pr_null(r->p);
	else
		pr_raw(r->p, "?");
}

const char *btf_render_name(const struct render *r, uint32_t name_off)
{
	const char *name = btf__name_by_offset(r->btf, name_off);

	return name ? name : "";
}

static bool skipped(const struct btf_type *t, bool typedefs)
{
	return btf_is_mod(t) || (typedefs && btf_is_typedef(t));
}

const struct btf_type *btf_render_skip_mods(const struct btf *btf, uint32_t id,
					    bool typedefs, struct render *r)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	uint32_t n, max;

	/* most types are no modifier: no count needed */
	if (t && !skipped(t, typedefs))
		return t;
	/* a chain longer than the number of types is a cycle */
	max = btf__type_cnt(btf);
	for (n = 0; t && n < max; n++) {
		if (!skipped(t, typedefs))
			return t;
		if (r) {
			if (!r->budget)
				return NULL;
			r->budget--;
		}
		t = btf__type_by_id(btf, t->type);
	}
	return NULL;
}

bool btf_render_is_scalar(const struct btf *btf, uint32_t type_id)
{
	return btf_render_scalar_type(
	    btf_render_skip_mods(btf, type_id, true, NULL));
}

bool btf_render_scalar_type(const struct btf_type *t)
{
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

size_t btf_render_budget_hold(struct render *r, size_t end, size_t outer_end,
			      bool more)
{
	size_t after = end < outer_end ? outer_end - end : 0;
	size_t hold = r->budget / 2;

	if (after < hold / STEPS_PER_BYTE &&
	    after * STEPS_PER_BYTE + (more ? STEPS_ITEM_SLACK : 0) < hold)
		hold = after * STEPS_PER_BYTE + (more ? STEPS_ITEM_SLACK : 0);
	r->budget -= hold;
	return hold;
}

void btf_render_type(struct render *r, uint32_t id, size_t off,
		     unsigned int bit_off)
{
	const struct btf_type *t;

	if (!r->budget) {
		btf_render_cut(r, -ELOOP, BTF_RENDER_CUT_LIMIT);
		return;
	}
	r->budget--;
	/* bpftool 7.1 rejects a bare TYPE_TAG; it is only a modifier */
	t = btf_render_skip_mods(r->btf, id, true, r);
	if (!t && !r->budget) {
		btf_render_cut(r, -ELOOP, BTF_RENDER_CUT_LIMIT);
		return;
	}
	if (!t) {
		/* a bad id, or a typedef cycle (no kernel accepts one) */
		btf_render_bad(r,
			       btf__type_by_id(r->btf, id) ? -ELOOP : -EINVAL);
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		btf_render_int(r, t, off, bit_off);
		break;
	case BTF_KIND_PTR:
		btf_render_ptr(r, off);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		btf_render_enum(r, t, off);
		break;
	case BTF_KIND_FLOAT:
		/* bpftool 7.1: "(unsupported-kind", not JSON; a number here */
		btf_render_float(r, t, off);
		break;
	case BTF_KIND_ARRAY:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
		btf_render_aggregate(r, t, off, bit_off);
		break;
	default:
		/* void, FWD, FUNC, FUNC_PROTO, DECL_TAG: no data layout */
		btf_render_bad(r, -EINVAL);
		break;
	}
}

void btf_render_start(struct render *r, struct printer *p,
		      const struct btf *btf, const void *data, size_t size)
{
	*r = (struct render){
	    .p = p,
	    .btf = btf,
	    .data = data,
	    .size = data ? size : 0,
	    .budget = RENDER_BUDGET(size),
	    .json = printer__json(p),
	};
}

int btf_render_finish(struct render *r, long long need)
{
	/* also when what was shown fitted (a string ended early) */
	if (need > 0 && (unsigned long long)need > r->size)
		btf_render_error(r, -E2BIG);
	if (r->err == -E2BIG)
		pr_comment(r->p, "truncated: %zu of %lld bytes", r->size, need);
	else if (r->err == -ELOOP)
		pr_comment(r->p, "too deep or too long");
	return r->err;
}

int btf_render(struct printer *p, const struct btf *btf, uint32_t type_id,
	       const void *data, size_t size)
{
	struct render r;

	btf_render_start(&r, p, btf, data, size);
	if (!btf) {
		btf_render_bad(&r, -EINVAL);
		return r.err;
	}
	btf_render_type(&r, type_id, 0, 0);
	return btf_render_finish(&r, btf__resolve_size(btf, type_id));
}
