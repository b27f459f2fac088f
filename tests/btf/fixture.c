// SPDX-License-Identifier: MIT
/*
 * The test BTF.  rec stands for (byte offsets):
 *
 *	struct rec {
 *		__u8 u8v;		// 0
 *		signed char s8v;	// 1
 *		unsigned short u16v;	// 2
 *		short s16v;		// 4
 *		char c2[2];		// 6
 *		unsigned int u32v;	// 8
 *		int s32v;		// 12
 *		unsigned long long u64v;	// 16
 *		long long s64v;		// 24
 *		u32_t td;		// 32: typedef u32_t -> __u32 -> uint
 *		const volatile __u32 cv;	// 36
 *		enum color color;	// 40: RED GREEN BLUE MAX=~0U
 *		enum sgn sgn;		// 44: NEG=-1, POS=1
 *		enum big big;		// 48: BIG_A=1, BIG_B=~0ULL << 32
 *		char comm[16];		// 56
 *		const char cstr[8];	// 72
 *		comm_t tchars[4];	// 80: typedef char comm_t: numbers
 *		__u8 ip[4];		// 84
 *		unsigned short grid[2][3];	// 88
 *		char names[2][6];	// 100
 *		struct inner { unsigned short a; signed char b;
 *			       char tag[5]; } in;	// 112
 *		union { unsigned int word; __u8 bytes[4]; };	// 120
 *		struct { unsigned short lo, hi; };	// 124
 *		unsigned int *p;	// 128
 *		unsigned __int128 big128;	// 136
 *		__int128 s128v;		// 152
 *		unsigned int bf_a:3;	// 168, bit 0
 *		int bf_b:5;		// bit 3
 *		unsigned int bf_c:12;	// bit 8
 *		unsigned long long bf_d:33;	// bit 20
 *		enum color bf_col:2;	// bit 53
 *	};				// 176
 */
#include "fixture.h"

#include <bpf/btf.h>
#include <errno.h>
#include <string.h>

struct builder {
	struct btf *btf;
	int err;
};

/* Keeps the first error so the build reads as a list of declarations. */
static int ok(struct builder *b, int id)
{
	if (id < 0 && !b->err)
		b->err = id;
	return id;
}

static int arr(struct builder *b, int index, int elem, unsigned int n)
{
	return ok(b, btf__add_array(b->btf, index, elem, n));
}

static void field(struct builder *b, const char *name, int type,
		  unsigned int bit_off, unsigned int bits)
{
	ok(b, btf__add_field(b->btf, name, type, bit_off, bits));
}

static void add_ints(struct builder *b, struct fixture *f)
{
	struct btf *btf = b->btf;

	f->u8 = ok(b, btf__add_int(btf, "unsigned char", 1, 0));
	f->s8 = ok(b, btf__add_int(btf, "signed char", 1, BTF_INT_SIGNED));
	f->chr = ok(b, btf__add_int(btf, "char", 1, BTF_INT_SIGNED));
	f->u16 = ok(b, btf__add_int(btf, "unsigned short", 2, 0));
	f->s16 = ok(b, btf__add_int(btf, "short", 2, BTF_INT_SIGNED));
	f->u32 = ok(b, btf__add_int(btf, "unsigned int", 4, 0));
	f->s32 = ok(b, btf__add_int(btf, "int", 4, BTF_INT_SIGNED));
	/* "long" also tells libbpf the pointer size */
	f->lng = ok(b, btf__add_int(btf, "long", 8, BTF_INT_SIGNED));
	f->u64 = ok(b, btf__add_int(btf, "unsigned long long", 8, 0));
	f->s64 = ok(b, btf__add_int(btf, "long long", 8, BTF_INT_SIGNED));
	f->u128 = ok(b, btf__add_int(btf, "unsigned __int128", 16, 0));
	f->s128 = ok(b, btf__add_int(btf, "__int128", 16, BTF_INT_SIGNED));
	f->boolean = ok(b, btf__add_int(btf, "_Bool", 1, BTF_INT_BOOL));
	f->cchar = ok(b, btf__add_int(btf, "char8", 1, BTF_INT_CHAR));
	f->f16 = ok(b, btf__add_float(btf, "_Float16", 2));
	f->f32 = ok(b, btf__add_float(btf, "float", 4));
	f->f64 = ok(b, btf__add_float(btf, "double", 8));
	f->f128 = ok(b, btf__add_float(btf, "long double", 16));
}

static void add_named(struct builder *b, struct fixture *f)
{
	struct btf *btf = b->btf;

	f->td_u8 = ok(b, btf__add_typedef(btf, "__u8", f->u8));
	f->td_u32 = ok(b, btf__add_typedef(btf, "__u32", f->u32));
	f->td_u32_t = ok(b, btf__add_typedef(btf, "u32_t", f->td_u32));
	f->td_u64 = ok(b, btf__add_typedef(btf, "__u64", f->u64));
	f->td_comm = ok(b, btf__add_typedef(btf, "comm_t", f->chr));
	f->cv_u32 = ok(b, btf__add_const(btf, ok(b, btf__add_volatile(
						       btf, f->td_u32))));
	f->const_char = ok(b, btf__add_const(btf, f->chr));

	f->color = ok(b, btf__add_enum(btf, "color", 4));
	ok(b, btf__add_enum_value(btf, "RED", 0));
	ok(b, btf__add_enum_value(btf, "GREEN", 1));
	ok(b, btf__add_enum_value(btf, "BLUE", 2));
	ok(b, btf__add_enum_value(btf, "MAX", 0xffffffffLL));
	f->sgn = ok(b, btf__add_enum(btf, "sgn", 4));
	ok(b, btf__add_enum_value(btf, "NEG", -1));
	ok(b, btf__add_enum_value(btf, "POS", 1));
	f->big = ok(b, btf__add_enum64(btf, "big", 8, false));
	ok(b, btf__add_enum64_value(btf, "BIG_A", 1));
	ok(b, btf__add_enum64_value(btf, "BIG_B", 0xffffffff00000000ULL));
	f->small = ok(b, btf__add_enum(btf, "small", 1));
	ok(b, btf__add_enum_value(btf, "S_A", 1));
	ok(b, btf__add_enum_value(btf, "S_HI", 200));
	f->ptr = ok(b, btf__add_ptr(btf, f->u32));
}

static void add_rec(struct builder *b, struct fixture *f)
{
	struct btf *btf = b->btf;
	int ix = f->u32;
	int char2 = arr(b, ix, f->chr, 2), char16 = arr(b, ix, f->chr, 16);
	int cchar8 = arr(b, ix, f->const_char, 8);
	int comm4 = arr(b, ix, f->td_comm, 4), u8x4 = arr(b, ix, f->td_u8, 4);
	int grid = arr(b, ix, arr(b, ix, f->u16, 3), 2);
	int names = arr(b, ix, arr(b, ix, f->chr, 6), 2);
	int char5 = arr(b, ix, f->chr, 5);

	f->inner = ok(b, btf__add_struct(btf, "inner", 8));
	field(b, "a", f->u16, 0, 0);
	field(b, "b", f->s8, 16, 0);
	field(b, "tag", char5, 24, 0);
	f->anon_union = ok(b, btf__add_union(btf, NULL, 4));
	field(b, "word", f->u32, 0, 0);
	field(b, "bytes", u8x4, 0, 0);
	f->anon_struct = ok(b, btf__add_struct(btf, NULL, 4));
	field(b, "lo", f->u16, 0, 0);
	field(b, "hi", f->u16, 16, 0);

	f->rec = ok(b, btf__add_struct(btf, "rec", 176));
	field(b, "u8v", f->td_u8, 0, 0);
	field(b, "s8v", f->s8, 8, 0);
	field(b, "u16v", f->u16, 16, 0);
	field(b, "s16v", f->s16, 32, 0);
	field(b, "c2", char2, 48, 0);
	field(b, "u32v", f->u32, 64, 0);
	field(b, "s32v", f->s32, 96, 0);
	field(b, "u64v", f->u64, 128, 0);
	field(b, "s64v", f->s64, 192, 0);
	field(b, "td", f->td_u32_t, 256, 0);
	field(b, "cv", f->cv_u32, 288, 0);
	field(b, "color", f->color, 320, 0);
	field(b, "sgn", f->sgn, 352, 0);
	field(b, "big", f->big, 384, 0);
	field(b, "comm", char16, 448, 0);
	field(b, "cstr", cchar8, 576, 0);
	field(b, "tchars", comm4, 640, 0);
	field(b, "ip", u8x4, 672, 0);
	field(b, "grid", grid, 704, 0);
	field(b, "names", names, 800, 0);
	field(b, "in", f->inner, 896, 0);
	field(b, NULL, f->anon_union, 960, 0);
	field(b, NULL, f->anon_struct, 992, 0);
	field(b, "p", f->ptr, 1024, 0);
	field(b, "big128", f->u128, 1088, 0);
	field(b, "s128v", f->s128, 1216, 0);
	field(b, "bf_a", f->u32, 1344, 3);
	field(b, "bf_b", f->s32, 1347, 5);
	field(b, "bf_c", f->u32, 1352, 12);
	field(b, "bf_d", f->u64, 1364, 33);
	field(b, "bf_col", f->color, 1397, 2);
}

static void add_small_structs(struct builder *b, struct fixture *f)
{
	struct btf *btf = b->btf;
	int char8 = arr(b, f->u32, f->chr, 8);
	int v_counter, v_label, v_flags;

	f->tail = ok(b, btf__add_struct(btf, "tail", 5));
	field(b, "x", f->u32, 0, 0);
	field(b, "lo", f->u32, 32, 4);
	field(b, "hi", f->u32, 36, 4);
	f->key = ok(b, btf__add_struct(btf, "key", 12));
	field(b, "pid", f->u32, 0, 0);
	field(b, "comm", char8, 32, 0);
	f->pc = ok(b, btf__add_struct(btf, "pc", 12));
	field(b, "cnt", f->td_u64, 0, 0);
	field(b, "delta", f->s32, 64, 0);
	f->flt = ok(b, btf__add_struct(btf, "flt", 40));
	field(b, "h", f->f16, 0, 0);
	field(b, "f", f->f32, 32, 0);
	field(b, "d", f->f64, 64, 0);
	field(b, "ld", f->f128, 128, 0);
	field(b, "ok", f->boolean, 256, 0);
	field(b, "ch", f->cchar, 264, 0);
	f->u32_arr3 = arr(b, f->u32, f->u32, 3);

	v_counter = ok(b, btf__add_var(btf, "counter", BTF_VAR_GLOBAL_ALLOCATED,
				       f->s32));
	v_label = ok(b, btf__add_var(btf, "label", BTF_VAR_GLOBAL_ALLOCATED,
				     char8));
	v_flags = ok(b, btf__add_var(btf, "flags", BTF_VAR_STATIC, f->u32));
	f->data_sec = ok(b, btf__add_datasec(btf, ".data", 16));
	ok(b, btf__add_datasec_var_info(btf, v_counter, 0, 4));
	ok(b, btf__add_datasec_var_info(btf, v_label, 4, 8));
	ok(b, btf__add_datasec_var_info(btf, v_flags, 12, 4));
}

/* Types a kernel would reject: cycles, absurd sizes, no layout. */
static void add_hostile(struct builder *b, struct fixture *f)
{
	struct btf *btf = b->btf;
	int next, empty;

	f->loop = ok(b, btf__add_struct(btf, "loop", 4));
	field(b, "self", f->loop, 0, 0);
	next = btf__type_cnt(btf);
	f->td_cycle = ok(b, btf__add_typedef(btf, "a", next + 1));
	ok(b, btf__add_typedef(btf, "b", next));
	f->huge = arr(b, f->u32, f->td_u8, 1U << 30);
	empty = ok(b, btf__add_struct(btf, "empty", 0));
	f->empties = arr(b, f->u32, empty, 4000000000U);
	f->fwd = ok(b, btf__add_fwd(btf, "fwd", BTF_FWD_STRUCT));
}

int fixture_build(struct fixture *f, bool for_kernel)
{
	struct builder b = { 0 };

	memset(f, 0, sizeof(*f));
	b.btf = btf__new_empty();
	if (!b.btf)
		return -errno;
	add_ints(&b, f);
	add_named(&b, f);
	add_rec(&b, f);
	add_small_structs(&b, f);
	if (!for_kernel)
		add_hostile(&b, f);
	if (b.err) {
		btf__free(b.btf);
		return b.err;
	}
	f->btf = b.btf;
	return 0;
}

void fixture_free(struct fixture *f)
{
	btf__free(f->btf);
	f->btf = NULL;
}
