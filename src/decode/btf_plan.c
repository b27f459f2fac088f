// SPDX-License-Identifier: MIT
/*
 * Render plans: a type's rendering compiled once into a flat list of
 * printer steps (struct, field, element...) and scalar leaves, then run
 * for each value of that type.  A map's values are of one type, so the
 * walk through libbpf's types, sizes and modifiers that btf_render_type()
 * makes for every value is made once.
 *
 * The compiler walks a type as btf_render_type() would for a value that
 * is whole: every member and element must fit; an anonymous member (text
 * inlines it), a var or a datasec means no plan.  The leaves are the
 * renderer's own functions on the same struct render: scalars,
 * bitfields, and btf_render_type() itself for a char array, which prints
 * as a string or as numbers as its bytes say.
 * A plan runs only when it is sure to print what the renderer would:
 *  - the value is whole (size >= the type's size), so no fit test cuts;
 *  - the printer has room for the plan's nesting, so enter() cuts none;
 *  - the output budget cannot run out: each level holds back at most
 *    16 steps a byte after its item plus 256 (btf_render_budget_hold()),
 *    so an item of len bytes at nesting d starts with at least
 *    16 len + 4096 - 256 d - (steps spent) of the 16 size + 4096 the
 *    render began with, which stays above 0 while steps + 256 d < 4096:
 *    PLAN_STEPS and PLAN_MAX_DEPTH keep it there.
 * Anything else takes btf_render().  tests/fuzz/fuzz_render.c holds the
 * two to the same output for any BTF and bytes.
 */
#include "decode/btf_render.h"
#include "decode/btf_render_priv.h"

#include <stdlib.h>
#include <string.h>

#define PLAN_SLOTS 16	 /* plans of one BTF (type, text -s or JSON) */
#define PLAN_OPS 256	 /* ops of all of one BTF's plans */
#define PLAN_MAX_DEPTH 8 /* aggregates nested */
#define PLAN_STEPS 1024	 /* btf_render_type() steps of one plan */

enum op_code {
	OP_STRUCT_BEGIN,
	OP_STRUCT_END,
	OP_ARRAY_BEGIN,
	OP_ARRAY_END,
	OP_FIELD,
	OP_ELEM,
	OP_MORE,
	OP_UINT, /* an int btf_render_int() prints as a number: */
	OP_SINT, /* 1, 2, 4 or 8 whole bytes, no char or bool */
	OP_INT,
	OP_ENUM,
	OP_FLOAT,
	OP_PTR,
	OP_BITFIELD,
	OP_TYPE, /* btf_render_type(): a char array, string or numbers */
};

struct plan_op {
	uint8_t code; /* enum op_code */
	uint8_t size; /* OP_UINT, OP_SINT: bytes */
	uint32_t off; /* leaves: byte offset in the value */
	union {
		const char *name;	  /* OP_FIELD */
		const struct btf_type *t; /* OP_INT, OP_ENUM, OP_FLOAT */
		uint32_t type_id;	  /* OP_TYPE */
		struct {
			uint32_t type_id;
			uint8_t bit_off, nr_bits;
		} bits; /* OP_BITFIELD */
	};
};

/* A type's plan for one output form; its nops ops follow it in the pool. */
struct plan {
	uint32_t type_id;
	uint32_t limit; /* text: the -s it was made for; JSON: 0 */
	uint32_t need;	/* btf__resolve_size(), when planned */
	uint16_t nops;	/* 0: no plan, btf_render() */
	uint8_t depth;	/* aggregates nested */
	bool json : 1;
	bool scalar : 1; /* btf_render_is_scalar() */
};

union plan_unit {
	struct plan plan;
	struct plan_op op;
};

/*
 * One BTF's plans, each followed by its ops, in one pool grown as types
 * are rendered: most BTF has a key and a value type, a few hundred bytes.
 */
struct btf_plans {
	const struct btf *btf;
	union plan_unit *pool;
	unsigned int used;   /* units of the pool */
	unsigned int nplans; /* at most PLAN_SLOTS */
	unsigned int nops;   /* at most PLAN_OPS */
	unsigned int last;   /* where the plan found last is: asked again */
	unsigned long runs;
};

struct btf_plans *btf_plans__new(const struct btf *btf)
{
	struct btf_plans *ps = calloc(1, sizeof(*ps));

	if (ps)
		ps->btf = btf;
	return ps;
}

void btf_plans__free(struct btf_plans *ps)
{
	if (!ps)
		return;
	free(ps->pool);
	free(ps);
}

size_t btf_plans__max_bytes(void)
{
	return sizeof(struct btf_plans) +
	       (PLAN_SLOTS + PLAN_OPS) * sizeof(union plan_unit);
}

unsigned long btf_plans__runs(const struct btf_plans *ps)
{
	return ps ? ps->runs : 0;
}

/* ---- compiling ---- */

struct compiler {
	const struct btf *btf;
	struct plan_op *ops;
	unsigned int nops, max_ops;
	unsigned int limit;	 /* arrays: elements shown (0: all) */
	unsigned long long need; /* every item ends within it */
	/* the steps left (btf_render_skip_mods() charges its links here) */
	struct render r;
	unsigned int depth, max_depth;
	bool failed;
};

/* The next op, arg its pointer if any; NULL once compiling failed. */
static struct plan_op *emit(struct compiler *c, enum op_code code, uint64_t off,
			    const void *arg)
{
	struct plan_op *op;

	if (c->failed || c->nops >= c->max_ops) {
		c->failed = true;
		return NULL;
	}
	op = &c->ops[c->nops++];
	op->code = code;
	op->size = 0;
	op->off = off;
	op->name = arg;
	return op;
}

/* Whether bytes [off, off + len) lie in the value; else no plan. */
static bool within(struct compiler *c, uint64_t off, uint64_t len)
{
	if (off <= c->need && len <= c->need - off)
		return true;
	c->failed = true;
	return false;
}

static void compile_type(struct compiler *c, uint32_t id, uint64_t off);

/* One btf_render_type() of id: a step, and one per link it skips. */
static const struct btf_type *step(struct compiler *c, uint32_t id)
{
	const struct btf_type *t = NULL;

	if (!c->failed && c->r.budget) {
		c->r.budget--;
		t = btf_render_skip_mods(c->btf, id, true, &c->r);
	}
	if (!t)
		c->failed = true;
	return t;
}

static void compile_members(struct compiler *c, const struct btf_type *t,
			    uint64_t off)
{
	const struct btf_member *m = btf_members(t);
	unsigned int i, vlen = btf_vlen(t);

	emit(c, OP_STRUCT_BEGIN, 0, NULL);
	for (i = 0; i < vlen && !c->failed; i++, m++) {
		uint32_t bits = btf_member_bit_offset(t, i);
		unsigned int nr_bits = btf_member_bitfield_size(t, i);
		const char *name = btf__name_by_offset(c->btf, m->name_off);
		const struct btf_type *mt =
		    btf_render_skip_mods(c->btf, m->type, true, NULL);
		uint64_t moff = off + bits / 8, len;
		struct plan_op *op;

		/* unnamed: inlined in text; a bit offset: an int's bitfield */
		if (!name || !*name || (bits % 8 && !nr_bits)) {
			c->failed = true;
			break;
		}
		/* in the value, and in the struct (the budget's proof) */
		len = btf_render_member_size(c->btf, m->type, mt, bits % 8,
					     nr_bits);
		if (!within(c, moff, len) || bits / 8 + len > t->size) {
			c->failed = true;
			break;
		}
		emit(c, OP_FIELD, 0, name);
		if (!nr_bits) {
			compile_type(c, m->type, moff);
			continue;
		}
		/* as render_member(): no step of btf_render_type() */
		op = emit(c, OP_BITFIELD, moff, NULL);
		if (op) {
			op->bits.type_id = m->type;
			op->bits.bit_off = bits % 8;
			op->bits.nr_bits = nr_bits;
		}
	}
	emit(c, OP_STRUCT_END, 0, NULL);
}

/* The element size of an array at off that lies in the value; else -1. */
static long long elem_size(struct compiler *c, const struct btf_array *a,
			   uint64_t off)
{
	long long esz = btf__resolve_size(c->btf, a->type);

	if (esz < 0 || !within(c, off, (uint64_t)a->nelems * (uint64_t)esz)) {
		c->failed = true;
		return -1;
	}
	return esz;
}

static void compile_array(struct compiler *c, const struct btf_type *t,
			  uint64_t off)
{
	const struct btf_array *a = btf_array(t);
	long long esz = elem_size(c, a, off);
	uint32_t i;

	if (esz < 0)
		return;
	emit(c, OP_ARRAY_BEGIN, 0, NULL);
	for (i = 0; i < a->nelems && !c->failed; i++) {
		if (c->limit && i >= c->limit) {
			emit(c, OP_MORE, 0, NULL);
			break;
		}
		emit(c, OP_ELEM, 0, NULL);
		compile_type(c, a->type, off + (uint64_t)i * esz);
	}
	emit(c, OP_ARRAY_END, 0, NULL);
}

/*
 * A char array prints as a string or as numbers, as its bytes say: the
 * plan leaves it to btf_render_type(), with its steps counted as if it
 * printed numbers (one per element shown and its links), so that the
 * budget's proof still holds.
 */
static void compile_chars(struct compiler *c, uint32_t id,
			  const struct btf_type *t, uint64_t off)
{
	const struct btf_array *a = btf_array(t);
	struct plan_op *op;
	uint32_t i;

	if (elem_size(c, a, off) < 0)
		return;
	for (i = 0; i < a->nelems && !(c->limit && i >= c->limit); i++)
		if (!step(c, a->type))
			return;
	op = emit(c, OP_TYPE, off, NULL);
	if (op)
		op->type_id = id;
}

/*
 * An int leaf: the common ones as plain loads, what btf_render_int()
 * does with them when their bits fit.  Its size in bits need not be its
 * type's size (BTF may say 32 bits in 0 bytes): the load must lie in the
 * value by its bits, or there is no plan.  The other leaves are the
 * renderer's own functions, which make their own fit test.
 */
static void compile_int(struct compiler *c, const struct btf_type *t,
			uint64_t off)
{
	unsigned int enc = btf_int_encoding(t), bits = btf_int_bits(t);
	struct plan_op *op;

	if (btf_int_offset(t) || (enc & (BTF_INT_CHAR | BTF_INT_BOOL)) ||
	    (bits != 8 && bits != 16 && bits != 32 && bits != 64)) {
		emit(c, OP_INT, off, t);
		return;
	}
	if (!within(c, off, bits / 8))
		return;
	op = emit(c, enc & BTF_INT_SIGNED ? OP_SINT : OP_UINT, off, NULL);
	if (op)
		op->size = bits / 8;
}

/* As btf_render_type() would render it, one step at a time. */
static void compile_type(struct compiler *c, uint32_t id, uint64_t off)
{
	const struct btf_type *t = step(c, id);

	if (!t)
		return;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		compile_int(c, t, off);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		emit(c, OP_ENUM, off, t);
		break;
	case BTF_KIND_FLOAT:
		emit(c, OP_FLOAT, off, t);
		break;
	case BTF_KIND_PTR:
		emit(c, OP_PTR, off, NULL);
		break;
	case BTF_KIND_ARRAY:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (++c->depth > PLAN_MAX_DEPTH) {
			c->failed = true;
			break;
		}
		if (c->depth > c->max_depth)
			c->max_depth = c->depth;
		if (!btf_is_array(t))
			compile_members(c, t, off);
		else if (btf_render_char_elems(c->btf, btf_array(t)))
			compile_chars(c, id, t, off);
		else
			compile_array(c, t, off);
		c->depth--;
		break;
	default:
		/* var, datasec, and what renders as "?" */
		c->failed = true;
		break;
	}
}

/*
 * Appends type_id's plan for this form to ps; NULL when ps is full or
 * out of memory.  A type that cannot be planned gets a plan of no ops,
 * which remembers that (and whether it is a scalar).
 */
static __attribute__((noinline)) const struct plan *
plan_new(struct btf_plans *ps, uint32_t type_id, bool json, unsigned int limit)
{
	struct plan_op ops[PLAN_OPS];
	long long need = btf__resolve_size(ps->btf, type_id);
	struct compiler c = {
	    .btf = ps->btf,
	    .ops = ops,
	    .max_ops = PLAN_OPS - ps->nops,
	    .limit = limit,
	    .need = need,
	    .r.budget = PLAN_STEPS,
	};
	union plan_unit *pool;
	struct plan plan = {
	    .type_id = type_id,
	    .limit = limit,
	    .json = json,
	    .scalar = btf_render_is_scalar(ps->btf, type_id),
	};

	if (ps->nplans == PLAN_SLOTS)
		return NULL;
	if (need >= 0 && need <= UINT32_MAX) {
		compile_type(&c, type_id, 0);
		if (!c.failed) {
			plan.nops = c.nops;
			plan.need = need;
			plan.depth = c.max_depth;
		}
	}
	pool = realloc(ps->pool, (ps->used + 1 + plan.nops) * sizeof(*pool));
	if (!pool)
		return NULL;
	ps->pool = pool;
	ps->last = ps->used;
	pool[ps->used].plan = plan;
	for (unsigned int i = 0; i < plan.nops; i++)
		pool[ps->used + 1 + i].op = ops[i];
	ps->used += 1 + plan.nops;
	ps->nops += plan.nops;
	ps->nplans++;
	return &pool[ps->last].plan;
}

static bool plan_is(const struct plan *plan, uint32_t type_id, bool json,
		    unsigned int limit)
{
	return plan->type_id == type_id && plan->json == json &&
	       plan->limit == limit;
}

/* The plan of type_id for p's form, made at its first use; NULL: none. */
static const struct plan *plan_for(struct btf_plans *ps, const struct btf *btf,
				   const struct printer *p, uint32_t type_id)
{
	bool json = printer__json(p);
	unsigned int limit = json ? 0 : p->string_limit;
	unsigned int i;

	if (!ps || ps->btf != btf || !btf)
		return NULL;
	/* print_typed() asks twice in a row */
	if (ps->used && plan_is(&ps->pool[ps->last].plan, type_id, json, limit))
		return &ps->pool[ps->last].plan;
	for (i = 0; i < ps->used; i += 1 + ps->pool[i].plan.nops) {
		if (plan_is(&ps->pool[i].plan, type_id, json, limit)) {
			ps->last = i;
			return &ps->pool[i].plan;
		}
	}
	return plan_new(ps, type_id, json, limit);
}

/* ---- running ---- */

/* Host-order value of n (1, 2, 4, 8) bytes, as btf_render_int() loads it. */
static uint64_t load_uint(const unsigned char *s, unsigned int n)
{
	uint64_t v8;
	uint32_t v4;
	uint16_t v2;

	switch (n) {
	case 1:
		return *s;
	case 2:
		memcpy(&v2, s, 2);
		return v2;
	case 4:
		memcpy(&v4, s, 4);
		return v4;
	default:
		memcpy(&v8, s, 8);
		return v8;
	}
}

static int64_t load_sint(const unsigned char *s, unsigned int n)
{
	uint64_t v = load_uint(s, n);

	switch (n) {
	case 1:
		return (int8_t)v;
	case 2:
		return (int16_t)v;
	case 4:
		return (int32_t)v;
	default:
		return (int64_t)v;
	}
}

static void run(struct render *r, const union plan_unit *u, unsigned int n)
{
	for (; n--; u++) {
		const struct plan_op *op = &u->op;

		switch (op->code) {
		case OP_STRUCT_BEGIN:
			pr_struct_begin(r->p);
			break;
		case OP_STRUCT_END:
			pr_struct_end(r->p);
			break;
		case OP_ARRAY_BEGIN:
			pr_array_begin(r->p);
			break;
		case OP_ARRAY_END:
			pr_array_end(r->p);
			break;
		case OP_FIELD:
			pr_field(r->p, op->name);
			break;
		case OP_ELEM:
			pr_elem(r->p);
			break;
		case OP_MORE:
			pr_more(r->p);
			break;
		case OP_UINT:
			pr_uint(r->p, load_uint(r->data + op->off, op->size));
			break;
		case OP_SINT:
			pr_int(r->p, load_sint(r->data + op->off, op->size));
			break;
		case OP_INT:
			btf_render_int(r, op->t, op->off, 0);
			break;
		case OP_ENUM:
			btf_render_enum(r, op->t, op->off);
			break;
		case OP_FLOAT:
			btf_render_float(r, op->t, op->off);
			break;
		case OP_PTR:
			btf_render_ptr(r, op->off);
			break;
		case OP_BITFIELD:
			btf_render_bitfield(r, op->bits.type_id, op->off,
					    op->bits.bit_off, op->bits.nr_bits);
			break;
		case OP_TYPE:
			btf_render_type(r, op->type_id, op->off, 0);
			break;
		}
	}
}

int btf_render_planned(struct printer *p, const struct btf *btf,
		       struct btf_plans *ps, uint32_t type_id, const void *data,
		       size_t size)
{
	const struct plan *plan = plan_for(ps, btf, p, type_id);
	struct render r;

	if (!plan || !plan->nops || !data || size < plan->need ||
	    p->depth + plan->depth + 2 >= PRINTER_MAX_DEPTH)
		return btf_render(p, btf, type_id, data, size);
	btf_render_start(&r, p, btf, data, size);
	/* its ops follow it */
	run(&r, (const union plan_unit *)plan + 1, plan->nops);
	ps->runs++;
	return btf_render_finish(&r, plan->need);
}

bool btf_render_planned_is_scalar(const struct printer *p,
				  const struct btf *btf, struct btf_plans *ps,
				  uint32_t type_id)
{
	const struct plan *plan = plan_for(ps, btf, p, type_id);

	return plan ? plan->scalar : btf_render_is_scalar(btf, type_id);
}
