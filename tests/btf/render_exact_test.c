// SPDX-License-Identifier: MIT
/*
 * Rendering exact on BTF the kernel accepts but compilers rarely emit:
 * enumerators outside the enum's range, enum bitfields, ints whose byte
 * size runs past their struct, the output budget, deep nesting, x87
 * pseudo-denormals.  Each test builds its own BTF with btf__add_*.
 */
#include <bpf/btf.h>
#include <criterion/criterion.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static struct btf *b;

static void setup(void)
{
	b = btf__new_empty();
	cr_assert(b);
}

static void teardown(void)
{
	btf__free(b);
}

TestSuite(exact, .init = setup, .fini = teardown);

Test(exact, enumerator_named_only_when_equal)
{
	/* enum : u8 { E1_2 = 476, E1_3 = 4 }: 220 is no enumerator */
	int u8e = btf__add_enum(b, "e1", 1);
	int s8e, u8m;

	btf__add_enum_value(b, "E1_2", 476);
	btf__add_enum_value(b, "E1_3", 4);
	expect_render_btf(b, u8e, "\xdc", 1, "220", "220");
	expect_render_btf(b, u8e, "\x04", 1, "E1_3", "\"E1_3\"");
	/* signed (kflag): -1 is the byte 0xff */
	s8e = btf__add_enum(b, "e2", 1);
	btf__add_enum_value(b, "NEG", -1);
	expect_render_btf(b, s8e, "\xff", 1, "NEG", "\"NEG\"");
	expect_render_btf(b, s8e, "\xfe", 1, "-2", "-2");
	/* unsigned: 0xffffffff is not the byte 0xff */
	u8m = btf__add_enum(b, "e3", 1);
	btf__add_enum_value(b, "ALL", 0xffffffffLL);
	expect_render_btf(b, u8m, "\xff", 1, "255", "255");
	/* enum64 of 4 bytes, unsigned: 2^32 + 5 is not 5 */
	int e64 = btf__add_enum64(b, "e4", 4, false);

	btf__add_enum64_value(b, "HI5", (1ULL << 32) + 5);
	expect_render_btf(b, e64, "\x05\0\0\0", 4, "5", "5");
}

Test(exact, enum_bitfield_text_agrees_with_json)
{
	int e = btf__add_enum(b, "e2", 4);
	int se, s;

	btf__add_enum_value(b, "E2_0", 4);
	se = btf__add_enum(b, "e5", 4);
	btf__add_enum_value(b, "M1", -1);
	s = btf__add_struct(b, "bf", 4);
	btf__add_field(b, "m0", e, 0, 1);
	btf__add_field(b, "m1", e, 1, 3);
	btf__add_field(b, "m2", se, 4, 3);
	/* m0 = 0, m1 = 4 (E2_0), m2 = 0b111 (-1, M1) */
	expect_render_btf(
	    b, s, "\x78\0\0\0", 4, "{m0=0, m1=E2_0, m2=M1}",
	    "{\"m0\": \"0x0\", \"m1\": \"0x4\", \"m2\": \"0x7\"}");
	/* m2 = 0b011: 3, no enumerator */
	expect_render_btf(
	    b, s, "\x30\0\0\0", 4, "{m0=0, m1=0, m2=3}",
	    "{\"m0\": \"0x0\", \"m1\": \"0x0\", \"m2\": \"0x3\"}");
}

/* An int type of byte_sz bytes that holds only bits of them. */
static int add_narrow_int(int byte_sz, int bits, int enc)
{
	int id = btf__add_int(b, "narrow", byte_sz, enc);
	struct btf_type *t = (struct btf_type *)btf__type_by_id(b, id);

	/* BTF_INT_ENC(), which <linux/btf.h> leaves to its users */
	*(__u32 *)(t + 1) = (__u32)enc << 24 | (__u32)bits;
	return id;
}

Test(exact, int_member_past_its_struct_end)
{
	int u16 = btf__add_int(b, "u16", 2, 0);
	int n3 = add_narrow_int(4, 3, 0);
	int n8 = add_narrow_int(4, 8, BTF_INT_SIGNED);
	int s = btf__add_struct(b, "s", 3);

	/* kflag 0: the kernel checks the 3 bits, not the 4 bytes */
	btf__add_field(b, "m0", u16, 0, 0);
	btf__add_field(b, "m1", n3, 16, 0);
	expect_render_btf(b, s, "\xbc\x74\x05", 3, "{m0=29884, m1=5}",
			  "{\"m0\": 29884, \"m1\": \"0x5\"}");
	s = btf__add_struct(b, "t", 3);
	btf__add_field(b, "m0", u16, 0, 0);
	btf__add_field(b, "m1", n8, 16, 0);
	expect_render_btf(b, s, "\x01\x00\xfe", 3, "{m0=1, m1=-2}",
			  "{\"m0\": 1, \"m1\": -2}");
}

Test(exact, budget_cut_marked_and_later_members_kept)
{
	int u32 = btf__add_int(b, "u32", 4, 0);
	int empty = btf__add_struct(b, "empty", 0);
	int arr = btf__add_array(b, u32, empty, 4000000000U);
	int s = btf__add_struct(b, "s", 4);
	char *t, *j;

	btf__add_field(b, "e", arr, 0, 0);
	btf__add_field(b, "x", u32, 0, 0);
	j = render_btf_str(b, PRINTER_JSON, 0, s, "\x07\0\0\0", 4, NULL);
	cr_expect(strstr(j, "{}, {\"...\": \"limit\"}], \"x\": 7}"), "%s", j);
	cr_expect_lt(strlen(j), 64 * 1024);
	t = render_btf_str(b, PRINTER_TEXT, 0, s, "\x07\0\0\0", 4, NULL);
	cr_expect(strstr(t, "{}, ...], x=7} /* too deep or too long */"), "%s",
		  t);
	free(t);
	free(j);
}

/* Position of the first cut marker, counted in opening brackets. */
static int opens_before(const char *s, const char *marker)
{
	const char *end = strstr(s, marker);
	int n = 0;

	cr_assert(end, "no %s in %s", marker, s);
	for (; s < end; s++)
		n += *s == '{' || *s == '[';
	return n;
}

Test(exact, depth_counts_aggregates_only)
{
	int id = btf__add_int(b, "u32", 4, 0);
	int i, s;
	char *t, *j;

	/* 200 modifiers and typedefs cost no depth */
	for (i = 0; i < 200; i++)
		id = i % 2 ? btf__add_const(b, id)
			   : btf__add_typedef(b, "t", id);
	expect_render_btf(b, id, "\x2a\0\0\0", 4, "42", "42");
	/* 60 nested structs, each behind a typedef: cut at 48, both forms */
	for (i = 0; i < 60; i++) {
		s = btf__add_struct(b, "n", 4);
		btf__add_field(b, "v", id, 0, 0);
		id = btf__add_typedef(b, "nt", s);
	}
	t = render_btf_str(b, PRINTER_TEXT, 0, id, "\x2a\0\0\0", 4, NULL);
	j = render_btf_str(b, PRINTER_JSON, 0, id, "\x2a\0\0\0", 4, NULL);
	cr_expect_eq(opens_before(t, "..."), 48, "%s", t);
	cr_expect_eq(opens_before(j, "{\"...\": \"depth\"}"), 48, "%s", j);
	free(t);
	free(j);
}

Test(exact, x87_pseudo_denormal)
{
#if LDBL_MANT_DIG == 64
	int f = btf__add_float(b, "long double", 16);
	/* mantissa 0x8000000000000001, exponent 0: a pseudo-denormal */
	unsigned char pd[16] = {1, 0, 0, 0, 0, 0, 0, 0x80, 0, 0};
	unsigned char nm[16] = {1, 0, 0, 0, 0, 0, 0, 0x80, 1, 0};
	unsigned char un[16] = {0, 0, 0, 0, 0, 0, 0, 0x40, 1, 0x40};
	char *a = render_btf_str(b, PRINTER_JSON, 0, f, pd, 16, NULL);
	char *c = render_btf_str(b, PRINTER_JSON, 0, f, nm, 16, NULL);

	/* the FPU reads it as exponent 1 with the same significand */
	cr_expect_str_eq(a, c);
	cr_expect(strstr(a, "e-4932"), "%s", a);
	free(a);
	free(c);
	/* an unnormal is an invalid operand: the FPU's NaN */
	expect_render_btf(b, f, un, 16, "nan", "\"nan\"");
#else
	cr_skip("the host's long double is not x87");
#endif
}
