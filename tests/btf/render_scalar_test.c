// SPDX-License-Identifier: MIT
/* Scalars: ints of every width and sign, enums, floats, pointers, bitfields. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "check.h"

TestSuite(scalar, .init = fx_setup, .fini = fx_teardown);

Test(scalar, ints_every_size_and_sign)
{
	unsigned char ff[16];

	memset(ff, 0xff, sizeof(ff));
	expect_render(fx.u8, ff, 1, "255", "255");
	expect_render(fx.s8, ff, 1, "-1", "-1");
	expect_render(fx.chr, "\x80", 1, "-128", "-128");
	expect_render(fx.u16, ff, 2, "65535", "65535");
	expect_render(fx.s16, "\x00\x80", 2, "-32768", "-32768");
	expect_render(fx.u32, ff, 4, "4294967295", "4294967295");
	expect_render(fx.s32, "\x00\x00\x00\x80", 4, "-2147483648",
		      "-2147483648");
	expect_render(fx.u64, ff, 8, "18446744073709551615",
		      "18446744073709551615");
	expect_render(fx.s64, "\0\0\0\0\0\0\0\x80", 8, "-9223372036854775808",
		      "-9223372036854775808");
	expect_render(fx.s32, "\x07\0\0\0", 4, "7", "7");
}

Test(scalar, int128_as_hex_like_bpftool)
{
	unsigned char v[16] = { 5, [8] = 1 };

	expect_render(fx.u128, v, 16, "0x10000000000000005",
		      "\"0x10000000000000005\"");
	memset(v, 0, sizeof(v));
	v[0] = 0x2a;
	expect_render(fx.s128, v, 16, "0x2a", "\"0x2a\"");
}

Test(scalar, bool_and_char_encoding)
{
	expect_render(fx.boolean, "\x01", 1, "1", "true");
	expect_render(fx.boolean, "\x00", 1, "0", "false");
	expect_render(fx.cchar, "A", 1, "'A'", "\"A\"");
	/* bpftool prints a bare '"' unescaped (invalid JSON); we escape */
	expect_render(fx.cchar, "\"", 1, "'\"'", "\"\\\"\"");
	expect_render(fx.cchar, "\x01", 1, "'\\x01'", "\"\\u0001\"");
}

Test(scalar, typedef_chain_and_modifiers)
{
	expect_render(fx.td_u32_t, "\x2a\0\0\0", 4, "42", "42");
	expect_render(fx.cv_u32, "\x2a\0\0\0", 4, "42", "42");
	expect_render(fx.td_u8, "\xfe", 1, "254", "254");
}

Test(scalar, enum_names_and_unknown_values)
{
	expect_render(fx.color, "\x01\0\0\0", 4, "GREEN", "\"GREEN\"");
	expect_render(fx.color, "\xff\xff\xff\xff", 4, "MAX", "\"MAX\"");
	/* unsigned enum: unsigned (bpftool 7.1 sign-extends: its bug) */
	expect_render(fx.color, "\xfe\xff\xff\xff", 4, "4294967294",
		      "4294967294");
	expect_render(fx.color, "\x07\0\0\0", 4, "7", "7");
	expect_render(fx.sgn, "\xff\xff\xff\xff", 4, "NEG", "\"NEG\"");
	expect_render(fx.sgn, "\xfb\xff\xff\xff", 4, "-5", "-5");
	/* 1-byte unsigned enum: 200 is S_HI (bpftool would say -56) */
	expect_render(fx.small, "\xc8", 1, "S_HI", "\"S_HI\"");
	expect_render(fx.small, "\xc9", 1, "201", "201");
}

Test(scalar, enum64)
{
	expect_render(fx.big, "\0\0\0\0\xff\xff\xff\xff", 8, "BIG_B",
		      "\"BIG_B\"");
	expect_render(fx.big, "\x01\0\0\0\0\0\0\0", 8, "BIG_A", "\"BIG_A\"");
	expect_render(fx.big, "\xff\xff\xff\xff\xff\xff\xff\xff", 8,
		      "18446744073709551615", "18446744073709551615");
}

Test(scalar, floats)
{
	unsigned char v[40] = { 0 };
	float f = 0.1f;
	double d = -2.5e300;
	long double ld = 1.25L;

	put16(v, 0x3c00);		/* _Float16 1.0 */
	memcpy(v + 4, &f, 4);
	memcpy(v + 8, &d, 8);
	memcpy(v + 16, &ld, sizeof(ld));
	v[32] = 1;
	v[33] = 'z';
	expect_render(fx.flt, v, 40,
		      "{h=1, f=0.1, d=-2.5e+300, ld=1.25, ok=1, ch='z'}",
		      "{\"h\": 1, \"f\": 0.1, \"d\": -2.5e+300, \"ld\": 1.25, "
		      "\"ok\": true, \"ch\": \"z\"}");
	f = __builtin_nanf("");
	expect_render(fx.f32, &f, 4, "nan", "\"nan\"");
	d = -__builtin_inf();
	expect_render(fx.f64, &d, 8, "-inf", "\"-inf\"");
	put16(v, 0xc500);		/* -5.0 */
	expect_render(fx.f16, v, 2, "-5", "-5");
	put16(v, 0x0001);		/* smallest subnormal, 2^-24 */
	expect_render(fx.f16, v, 2, "5.9604645e-08", "5.9604645e-08");
}

Test(scalar, pointers)
{
	unsigned char v[8];

	put64(v, 0x7ffd5a1c2e40ULL);
	expect_render(fx.ptr, v, 8, "0x7ffd5a1c2e40", "140726115249728");
	put64(v, 0);
	expect_render(fx.ptr, v, 8, "NULL", "0");
}

Test(scalar, bitfields)
{
	unsigned char v[176];
	char *t;

	rec_fill(v);
	/* whole rec is checked in render_aggregate_test.c; here the tail */
	t = render_str(PRINTER_TEXT, 32, fx.rec, v, sizeof(v), NULL);
	cr_expect(strstr(t, "bf_a=5, bf_b=-1, bf_c=2748, bf_d=4886718345, "
			    "bf_col=BLUE}"), "%s", t);
	free(t);
	/* bpftool: raw bits as hex strings, not sign-extended */
	t = render_str(PRINTER_JSON, 32, fx.rec, v, sizeof(v), NULL);
	cr_expect(strstr(t, "\"bf_a\": \"0x5\", \"bf_b\": \"0x1f\", "
			    "\"bf_c\": \"0xabc\", \"bf_d\": \"0x123456789\", "
			    "\"bf_col\": \"0x2\"}"), "%s", t);
	free(t);
}

Test(scalar, bitfield_ending_at_buffer_end)
{
	/* x=1, lo=0xa, hi=0x5: the last field's last bit is byte 5's last */
	expect_render(fx.tail, "\x01\0\0\0\x5a", 5, "{x=1, lo=10, hi=5}",
		      "{\"x\": 1, \"lo\": \"0xa\", \"hi\": \"0x5\"}");
	cr_expect_eq(expect_render(fx.tail, "\x01\0\0\0", 4,
				   "{x=1, ...} /* truncated: 4 of 5 bytes */",
				   "{\"x\": 1, \"...\": \"truncated\"}"),
		     -E2BIG);
}

Test(scalar, scalar_cut_short)
{
	cr_expect_eq(expect_render(fx.u64, "\x01\x02", 2,
				   "... /* truncated: 2 of 8 bytes */",
				   "{\"...\": \"truncated\"}"),
		     -E2BIG);
	cr_expect_eq(expect_render(fx.u32, "", 0,
				   "... /* truncated: 0 of 4 bytes */",
				   "{\"...\": \"truncated\"}"),
		     -E2BIG);
}
