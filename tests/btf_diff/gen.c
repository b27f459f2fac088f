// SPDX-License-Identifier: MIT
/* Random BTF type graphs (see gen.h). */
#include "gen.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define POOL_MAX 96

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

void gen_seed(uint64_t seed)
{
	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
}

uint64_t gen_rand(void)
{
	/* xorshift64*: a seed reproduces a run */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static unsigned int pick(unsigned int n)
{
	return gen_rand() % n;
}

struct pool {
	struct btf *btf;
	int ids[POOL_MAX];
	int n;
	unsigned int names;
};

static const char *name(struct pool *p, const char *prefix)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "%s%u", prefix, p->names++);
	return buf;
}

static int keep(struct pool *p, int id)
{
	if (id > 0 && p->n < POOL_MAX)
		p->ids[p->n++] = id;
	return id;
}

static long long size_of(struct pool *p, int id)
{
	return btf__resolve_size(p->btf, id);
}

/* Any kept type of at most max bytes (0 when none). */
static int any_type(struct pool *p, long long max)
{
	for (int tries = 0; tries < 16 && p->n; tries++) {
		int id = p->ids[pick(p->n)];
		long long sz = size_of(p, id);

		if (sz >= 0 && sz <= max)
			return id;
	}
	return 0;
}

/* The int's 32-bit data word: BTF_INT_ENC(encoding, offset, bits). */
static void set_int_data(struct pool *p, int id, unsigned int enc,
			 unsigned int off, unsigned int bits)
{
	struct btf_type *t = (struct btf_type *)btf__type_by_id(p->btf, id);

	*(uint32_t *)(t + 1) = enc << 24 | off << 16 | bits;
}

static int add_int(struct pool *p, bool narrow)
{
	static const int sizes[] = {1, 2, 4, 8, 16};
	static const int encs[] = {0, BTF_INT_SIGNED, BTF_INT_CHAR,
				   BTF_INT_BOOL};
	int sz = sizes[pick(5)], enc = encs[pick(8) % 4 * (pick(3) != 0)];
	const char *n = sz == 1 && pick(3) == 0 ? "char" : name(p, "i");
	int id = btf__add_int(p->btf, n, sz, enc);
	unsigned int bits, off;

	if (id > 0 && narrow) {
		bits = 1 + pick(sz * 8);
		off = pick(sz * 8 - bits + 1) * (pick(3) == 0);
		set_int_data(p, id, enc, off, bits);
	}
	return id;
}

static int add_enum(struct pool *p)
{
	static const int sizes[] = {1, 2, 4, 8};
	int sz = sizes[pick(4)], n = 1 + pick(4), id;
	bool is64 = pick(2), sgn = pick(2);

	id = is64 ? btf__add_enum64(p->btf, name(p, "e"), sz, sgn)
		  : btf__add_enum(p->btf, name(p, "e"), sz);
	if (id > 0 && !is64 && sgn) {
		struct btf_type *t =
		    (struct btf_type *)btf__type_by_id(p->btf, id);

		t->info |= 1U << 31; /* kflag: signed */
	}
	for (int i = 0; i < n && id > 0; i++) {
		/* small values meet the data; big ones overflow the size */
		int64_t v = pick(2) ? (int64_t)pick(4) - (sgn ? 2 : 0)
				    : (int64_t)gen_rand() >> pick(64);

		if (is64)
			btf__add_enum64_value(p->btf, name(p, "E"), v);
		else
			btf__add_enum_value(p->btf, name(p, "E"), (int32_t)v);
	}
	return id;
}

static int add_float(struct pool *p)
{
	static const int sizes[] = {2, 4, 8, 12, 16};

	return btf__add_float(p->btf, name(p, "f"), sizes[pick(5)]);
}

static int add_modifier(struct pool *p, int to)
{
	switch (pick(6)) {
	case 0:
		return btf__add_typedef(p->btf, name(p, "t"), to);
	case 1:
		return btf__add_const(p->btf, to);
	case 2:
		return btf__add_volatile(p->btf, to);
	case 3:
		return btf__add_restrict(p->btf, to);
	case 4:
		return btf__add_type_tag(p->btf, name(p, "tag"), to);
	default:
		return btf__add_typedef(p->btf, name(p, "t"), to);
	}
}

static unsigned int align_of(struct pool *p, int id)
{
	const struct btf_type *t = btf__type_by_id(p->btf, id);
	long long sz = size_of(p, id);
	unsigned int a = 1;

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(p->btf, t->type);
	/* the kernel aligns floats to min(size, 8): 12 bytes at 8 */
	if (t && btf_is_float(t))
		return t->size < 8 ? t->size : 8;
	while (a < 8 && sz > 0 && sz % (a * 2) == 0)
		a *= 2;
	return a;
}

/* The type under id's typedefs and modifiers. */
static const struct btf_type *resolved(struct pool *p, int id)
{
	const struct btf_type *t = btf__type_by_id(p->btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(p->btf, t->type);
	return t;
}

/* An int of fewer bits than bytes or at an offset: no array, no kflag. */
static bool is_narrow(struct pool *p, int id)
{
	const struct btf_type *t = resolved(p, id);

	return t && btf_is_int(t) &&
	       (btf_int_offset(t) || btf_int_bits(t) != t->size * 8);
}

/* The int or enum a bitfield of id would use, or NULL. */
static const struct btf_type *bitfield_base(struct pool *p, int id)
{
	const struct btf_type *t = btf__type_by_id(p->btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(p->btf, t->type);
	if (t && btf_is_int(t) && btf_int_offset(t) == 0 &&
	    btf_int_bits(t) == t->size * 8)
		return t;
	return t && btf_is_any_enum(t) ? t : NULL;
}

struct member {
	int type;
	unsigned int off, bits; /* bits: kflag bitfield size, 0: none */
	bool anon;
};

/* A member of type id at cursor (bits), naturally aligned; its end. */
static unsigned int place(struct pool *p, struct member *m, int id,
			  unsigned int cursor, bool is_union)
{
	unsigned int a = align_of(p, id) * 8;

	m->type = id;
	m->off = is_union ? 0 : (cursor + a - 1) / a * a;
	return m->off + (unsigned int)size_of(p, id) * 8;
}

/* A kflag 1 bitfield over a regular int or an enum; its end. */
static unsigned int place_bitfield(struct pool *p, struct member *m,
				   unsigned int cursor, bool is_union)
{
	int id = pick(2) ? add_enum(p)
			 : btf__add_int(p->btf, name(p, "i"), 1 << pick(5),
					pick(2) ? BTF_INT_SIGNED : 0);
	const struct btf_type *t;

	if (pick(2))
		id = add_modifier(p, id);
	t = bitfield_base(p, id);
	if (!t)
		return cursor;
	m->type = id;
	/* the kernel bounds enum bitfields at 32 bits */
	m->bits =
	    1 + pick(btf_is_any_enum(t) && t->size > 4 ? 32 : t->size * 8);
	m->off = is_union ? 0 : cursor + pick(3) * pick(2);
	if (m->off % 8 + m->bits > 128)
		m->bits = 128 - m->off % 8;
	return m->off + m->bits;
}

/* A kflag 0 member of a narrow int, at any bit; its end. */
static unsigned int place_narrow(struct pool *p, struct member *m,
				 unsigned int cursor, bool is_union)
{
	int id = add_int(p, true);
	const struct btf_type *t = btf__type_by_id(p->btf, id);

	m->type = id;
	m->off = is_union ? 0 : cursor + pick(4) * pick(2);
	if (m->off % 8 + btf_int_offset(t) + btf_int_bits(t) > 128)
		m->off -= m->off % 8;
	return m->off + btf_int_offset(t) + btf_int_bits(t);
}

static int add_composite(struct pool *p, bool is_union)
{
	struct member ms[8] = {0};
	unsigned int i, n = 1 + pick(6), cursor = 0, end, size = 0;
	bool old_style = pick(3) == 0;
	const struct btf_type *t;
	int id;

	for (i = 0; i < n; i++) {
		struct member *m = &ms[i];
		int ty;

		if (old_style && pick(2)) {
			end = place_narrow(p, m, cursor, is_union);
		} else if (!old_style && pick(3) == 0) {
			end = place_bitfield(p, m, cursor, is_union);
		} else {
			ty = any_type(p, 128);
			if (!ty || (!old_style && is_narrow(p, ty)))
				ty = add_int(p, false);
			end = place(p, m, ty, cursor, is_union);
			/* a kflag struct's enum member is checked as 4 bytes */
			t = resolved(p, ty);
			if (!old_style && t && btf_is_any_enum(t) &&
			    end < m->off + 32)
				end = m->off + 32;
			m->anon = pick(5) == 0;
		}
		if (!is_union)
			cursor = end;
		if (end > size)
			size = end;
	}
	size = (size + 7) / 8 + (pick(4) == 0) * pick(4);
	id = is_union
		 ? btf__add_union(p->btf, pick(4) ? name(p, "u") : NULL, size)
		 : btf__add_struct(p->btf, pick(4) ? name(p, "s") : NULL, size);
	for (i = 0; i < n && id > 0; i++) {
		char mname[16];

		snprintf(mname, sizeof(mname), "m%u", i);
		btf__add_field(p->btf, ms[i].anon ? NULL : mname, ms[i].type,
			       ms[i].bits ? ms[i].off : ms[i].off / 8 * 8,
			       ms[i].bits);
	}
	/* kflag 0 members at any bit: libbpf's btf__add_field() refuses */
	t = btf__type_by_id(p->btf, id);
	for (i = 0; id > 0 && !btf_kflag(t) && i < btf_vlen(t); i++)
		btf_members(t)[i].offset = ms[i].off;
	return id;
}

static int add_array(struct pool *p)
{
	int elem = pick(3) ? any_type(p, 64) : 0;

	if (!elem || is_narrow(p, elem)) {
		/* char[]: strings when the bytes are printable */
		elem = btf__add_int(p->btf, "char", 1,
				    pick(2) ? BTF_INT_SIGNED : BTF_INT_CHAR);
		if (pick(3) == 0)
			elem = btf__add_const(p->btf, elem);
	}
	return btf__add_array(p->btf, p->ids[0], elem, pick(6));
}

static int add_ptr(struct pool *p)
{
	int to = pick(4) ? any_type(p, 1 << 20) : 0;

	if (pick(3) == 0)
		to = btf__add_type_tag(p->btf, name(p, "tag"), to);
	return btf__add_ptr(p->btf, to);
}

/* Depth past the renderer's bound: structs and arrays, modifiers between. */
static int add_deep(struct pool *p)
{
	int id = add_int(p, false), levels = 40 + pick(20);

	for (int i = 0; i < levels && id > 0; i++) {
		long long sz = size_of(p, id);

		if (pick(3) == 0)
			id = add_modifier(p, id);
		if (pick(4) == 0) {
			id = btf__add_array(p->btf, p->ids[0], id, 1);
			continue;
		}
		int s = btf__add_struct(p->btf, name(p, "d"), sz);

		btf__add_field(p->btf, "v", id, 0, 0);
		id = s;
	}
	return id;
}

/* struct { struct {} e[4000000000]; u32 x; }: the output bound. */
static int add_huge(struct pool *p)
{
	int empty = btf__add_struct(p->btf, name(p, "empty"), 0);
	int arr = btf__add_array(p->btf, p->ids[0], empty, 4000000000U);
	int s = btf__add_struct(p->btf, name(p, "h"), 4);

	btf__add_field(p->btf, "e", arr, 0, 0);
	btf__add_field(p->btf, "x", p->ids[0], 0, 0);
	return s;
}

int gen_graph(struct gen_graph *g)
{
	struct pool p = {.btf = btf__new_empty()};
	int n = 4 + pick(16);

	memset(g, 0, sizeof(*g));
	if (!p.btf)
		return -ENOMEM;
	g->btf = p.btf;
	keep(&p, btf__add_int(p.btf, "u32", 4, 0)); /* ids[0]: array keys */
	for (int i = 0; i < n; i++) {
		switch (pick(10)) {
		case 0:
		case 1:
			keep(&p, add_int(&p, pick(4) == 0));
			break;
		case 2:
		case 3:
			keep(&p, add_enum(&p));
			break;
		case 4:
			keep(&p, add_float(&p));
			break;
		case 5:
			keep(&p, add_modifier(&p, p.ids[pick(p.n)]));
			break;
		case 6:
			keep(&p, add_array(&p));
			break;
		case 7:
			keep(&p, add_ptr(&p));
			break;
		default:
			keep(&p, add_composite(&p, pick(3) == 0));
			break;
		}
	}
	switch (pick(24)) {
	case 0:
		g->value_id = add_deep(&p);
		break;
	case 1:
		g->value_id = add_huge(&p);
		g->huge = true;
		break;
	default:
		g->value_id = pick(4) ? add_composite(&p, pick(4) == 0)
				      : any_type(&p, 256);
	}
	if (pick(3) == 0) {
		g->key_id =
		    pick(2) ? add_composite(&p, false) : any_type(&p, 32);
		if (g->key_id > 0 && size_of(&p, g->key_id) > 0)
			g->key_size = size_of(&p, g->key_id);
		else
			g->key_id = 0;
	}
	if (g->value_id > 0 && size_of(&p, g->value_id) > 0)
		g->value_size = size_of(&p, g->value_id);
	if (!g->value_size || g->value_size > 4096) {
		btf__free(p.btf);
		g->btf = NULL;
		return -EINVAL;
	}
	return 0;
}
