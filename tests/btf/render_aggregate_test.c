// SPDX-License-Identifier: MIT
/*
 * Aggregates: structs, unions, anonymous members, arrays, strings,
 * DATASEC; truncated buffers and hostile BTF.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "check.h"
#include "decode/btf_render.h"
#include "json_check.h"

TestSuite(aggregate, .init = fx_setup, .fini = fx_teardown);

static const char rec_text[] =
	"{u8v=200, s8v=-128, u16v=65535, s16v=-2, c2=\"A\", u32v=4000000000, "
	"s32v=-7, u64v=18446744073709551615, s64v=-9223372036854775808, "
	"td=42, cv=7, color=GREEN, sgn=NEG, big=BIG_B, comm=\"bash\", "
	"cstr=\"cst\", tchars=[97, 98, 0, 99], ip=[10, 0, 0, 1], "
	"grid=[[1, 2, 3], [4, 5, 6]], names=[\"ab\", \"xyz\"], "
	"in={a=513, b=-1, tag=\"hi\"}, word=16909060, bytes=[4, 3, 2, 1], "
	"lo=5, hi=6, p=0x7ffd5a1c2e40, big128=0x10000000000000005, "
	"s128v=0xffffffffffffffffffffffffffffffff, "
	"bf_a=5, bf_b=-1, bf_c=2748, bf_d=4886718345, bf_col=BLUE}";

static const char rec_json[] =
	"{\"u8v\": 200, \"s8v\": -128, \"u16v\": 65535, \"s16v\": -2, "
	"\"c2\": \"A\", \"u32v\": 4000000000, \"s32v\": -7, "
	"\"u64v\": 18446744073709551615, \"s64v\": -9223372036854775808, "
	"\"td\": 42, \"cv\": 7, \"color\": \"GREEN\", \"sgn\": \"NEG\", "
	"\"big\": \"BIG_B\", \"comm\": \"bash\", \"cstr\": \"cst\", "
	"\"tchars\": [97, 98, 0, 99], \"ip\": [10, 0, 0, 1], "
	"\"grid\": [[1, 2, 3], [4, 5, 6]], \"names\": [\"ab\", \"xyz\"], "
	"\"in\": {\"a\": 513, \"b\": -1, \"tag\": \"hi\"}, "
	"\"\": {\"word\": 16909060, \"bytes\": [4, 3, 2, 1]}, "
	"\"\": {\"lo\": 5, \"hi\": 6}, \"p\": 140726115249728, "
	"\"big128\": \"0x10000000000000005\", "
	"\"s128v\": \"0xffffffffffffffffffffffffffffffff\", "
	"\"bf_a\": \"0x5\", \"bf_b\": \"0x1f\", \"bf_c\": \"0xabc\", "
	"\"bf_d\": \"0x123456789\", \"bf_col\": \"0x2\"}";

Test(aggregate, whole_struct_both_modes)
{
	unsigned char v[176];

	rec_fill(v);
	cr_expect_eq(expect_render(fx.rec, v, sizeof(v), rec_text, rec_json),
		     0);
	/* extra bytes past the type are ignored */
	unsigned char big[200] = { 0 };

	memcpy(big, v, sizeof(v));
	cr_expect_eq(expect_render(fx.rec, big, sizeof(big), rec_text,
				   rec_json), 0);
}

Test(aggregate, char_arrays)
{
	unsigned char v[12] = { 7, 0, 0, 0 };
	int key = fx.key;

	memcpy(v + 4, "sshd", 5);
	expect_render(key, v, 12, "{pid=7, comm=\"sshd\"}",
		      "{\"pid\": 7, \"comm\": \"sshd\"}");
	/* unprintable: numbers, as bpftool */
	memcpy(v + 4, "ab\x01\0\0\0\0\0", 8);
	expect_render(key, v, 12, "{pid=7, comm=[97, 98, 1, 0, 0, 0, 0, 0]}",
		      "{\"pid\": 7, \"comm\": [97, 98, 1, 0, 0, 0, 0, 0]}");
	/* unterminated: numbers */
	memcpy(v + 4, "abcdefgh", 8);
	expect_render(key, v, 12,
		      "{pid=7, comm=[97, 98, 99, 100, 101, 102, 103, 104]}",
		      "{\"pid\": 7, \"comm\": "
		      "[97, 98, 99, 100, 101, 102, 103, 104]}");
	/* JSON-special characters are escaped */
	memcpy(v + 4, "a\"b\\c\0\0\0", 8);
	expect_render(key, v, 12, "{pid=7, comm=\"a\\\"b\\\\c\"}",
		      "{\"pid\": 7, \"comm\": \"a\\\"b\\\\c\"}");
	/* empty string */
	memset(v + 4, 0, 8);
	expect_render(key, v, 12, "{pid=7, comm=\"\"}",
		      "{\"pid\": 7, \"comm\": \"\"}");
}

Test(aggregate, text_obeys_string_limit_json_does_not)
{
	unsigned char v[176];
	char *t;

	rec_fill(v);
	memcpy(v + 56, "abcdefghijklmno", 16);
	t = render_str(PRINTER_TEXT, 4, fx.rec, v, sizeof(v), NULL);
	cr_expect(strstr(t, "comm=\"abcd\"..., "), "%s", t);
	/* arrays are abbreviated at -s elements, as strace does */
	cr_expect(strstr(t, "ip=[10, 0, 0, 1], "), "%s", t);
	free(t);
	t = render_str(PRINTER_TEXT, 2, fx.rec, v, sizeof(v), NULL);
	cr_expect(strstr(t, "ip=[10, 0, ...], grid=[[1, 2, ...], [4, 5, ...]]"),
		  "%s", t);
	free(t);
	t = render_str(PRINTER_JSON, 4, fx.rec, v, sizeof(v), NULL);
	cr_expect(strstr(t, "\"comm\": \"abcdefghijklmno\", "), "%s", t);
	cr_expect(strstr(t, "\"ip\": [10, 0, 0, 1], "), "%s", t);
	free(t);
}

Test(aggregate, union_shows_every_member)
{
	expect_render(fx.anon_union, "\x04\x03\x02\x01", 4,
		      "{word=16909060, bytes=[4, 3, 2, 1]}",
		      "{\"word\": 16909060, \"bytes\": [4, 3, 2, 1]}");
}

Test(aggregate, flat_array)
{
	unsigned char v[12] = { 1, 0, 0, 0, 2, 0, 0, 0, 3 };

	expect_render(fx.u32_arr3, v, 12, "[1, 2, 3]", "[1, 2, 3]");
	cr_expect_eq(expect_render(fx.u32_arr3, v, 6,
				   "[1, ...] /* truncated: 6 of 12 bytes */",
				   "[1, {\"...\": \"truncated\"}]"),
		     -E2BIG);
}

Test(aggregate, datasec)
{
	unsigned char v[16] = { 0xff, 0xff, 0xff, 0xff, 'c', 'f', 'g', 0,
				0, 0, 0, 0, 9, 0, 0, 0 };

	expect_render(fx.data_sec, v, 16,
		      "{counter=-1, label=\"cfg\", flags=9}",
		      "{\".data\": [{\"counter\": -1}, {\"label\": \"cfg\"}, "
		      "{\"flags\": 9}]}");
	cr_expect_eq(expect_render(fx.data_sec, v, 8,
				   "{counter=-1, ...} "
				   "/* truncated: 8 of 16 bytes */",
				   "{\".data\": [{\"counter\": -1}, "
				   "{\"...\": \"truncated\"}]}"),
		     -E2BIG);
}

Test(aggregate, truncated_struct_prints_what_fits)
{
	unsigned char v[176];

	rec_fill(v);
	cr_expect_eq(expect_render(fx.rec, v, 10,
				   "{u8v=200, s8v=-128, u16v=65535, s16v=-2, "
				   "c2=\"A\", ...} "
				   "/* truncated: 10 of 176 bytes */",
				   "{\"u8v\": 200, \"s8v\": -128, "
				   "\"u16v\": 65535, \"s16v\": -2, "
				   "\"c2\": \"A\", \"...\": \"truncated\"}"),
		     -E2BIG);
	/* a string whose NUL is in the bytes given is still a string */
	cr_expect_eq(expect_render(fx.key, "\x07\0\0\0ab\0", 7,
				   "{pid=7, comm=\"ab\"} "
				   "/* truncated: 7 of 12 bytes */",
				   "{\"pid\": 7, \"comm\": \"ab\"}"),
		     -E2BIG);
}

Test(aggregate, hostile_btf_terminates)
{
	unsigned char z[64] = { 0 };
	char *t;
	int ret;

	/* struct loop { struct loop self; } */
	t = render_str(PRINTER_TEXT, 32, fx.loop, z, sizeof(z), &ret);
	cr_expect_eq(ret, -ELOOP, "%s", t);
	free(t);
	t = render_str(PRINTER_JSON, 32, fx.loop, z, sizeof(z), &ret);
	cr_expect_eq(ret, -ELOOP, "%s", t);
	free(t);
	/* typedef a -> b -> a */
	expect_render(fx.td_cycle, z, 4, "? /* too deep or too long */",
		      "null");
	/* __u8[1 << 30] over 8 bytes: what fits, then the note */
	expect_render(fx.huge, z, 8,
		      "[0, 0, 0, 0, 0, 0, 0, 0, ...] "
		      "/* truncated: 8 of 1073741824 bytes */",
		      "[0, 0, 0, 0, 0, 0, 0, 0, {\"...\": \"truncated\"}]");
	/* 4e9 empty structs: the output budget stops it */
	t = render_str(PRINTER_JSON, 32, fx.empties, z, 4, &ret);
	cr_expect_eq(ret, -ELOOP);
	cr_expect_lt(strlen(t), 64 * 1024);
	free(t);
	expect_render(fx.fwd, z, 4, "?", "null");
	expect_render(0, z, 4, "?", "null");
	expect_render(100000, z, 4, "?", "null");
}

Test(aggregate, scalar_predicate)
{
	cr_expect(btf_render_is_scalar(fx.btf, fx.td_u32_t));
	cr_expect(btf_render_is_scalar(fx.btf, fx.cv_u32));
	cr_expect(btf_render_is_scalar(fx.btf, fx.big));
	cr_expect(btf_render_is_scalar(fx.btf, fx.ptr));
	cr_expect(btf_render_is_scalar(fx.btf, fx.f64));
	cr_expect(!btf_render_is_scalar(fx.btf, fx.rec));
	cr_expect(!btf_render_is_scalar(fx.btf, fx.u32_arr3));
	cr_expect(!btf_render_is_scalar(fx.btf, fx.td_cycle));
	cr_expect(!btf_render_is_scalar(fx.btf, 0));
}

/*
 * Every type at every length from 0 to its size + 8, random bytes, both
 * modes, from heap copies of exactly that length: ASan/UBSan builds catch
 * any over-read; the printer must end balanced and the JSON be valid.
 */
Test(aggregate, every_type_every_length)
{
	unsigned int n = btf__type_cnt(fx.btf);
	unsigned char buf[256];
	unsigned int id;
	size_t len;

	srand(1);
	for (id = 0; id < n; id++) {
		long long sz = btf__resolve_size(fx.btf, id);

		if (sz < 0 || sz > 200)
			sz = 16;
		for (len = 0; len <= (size_t)sz + 8; len++) {
			for (size_t i = 0; i < len; i++)
				buf[i] = rand();
			char *j = render_str(PRINTER_JSON, 8, id, buf, len,
					     NULL);

			cr_assert(json_valid(j), "type %u len %zu: %s", id,
				  len, j);
			free(j);
			free(render_str(PRINTER_TEXT, 8, id, buf, len, NULL));
		}
	}
}

Test(aggregate, json_checker_itself)
{
	cr_expect(json_valid("{\"a\": [1, -2.5e+3, \"x\\u0001\", null]}"));
	cr_expect(json_valid("\"\""));
	cr_expect(!json_valid("{\"a\": 0x1f}"));
	cr_expect(!json_valid("[1, ]"));
	cr_expect(!json_valid("\"\"\""));
	cr_expect(!json_valid("{\"d\": (unsupported-kind}"));
	cr_expect(!json_valid("\"a\\'\""));
	cr_expect(!json_valid("nan"));
}
