// SPDX-License-Identifier: MIT
#include "check.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "decode/btf_render.h"
#include "json_check.h"

struct fixture fx;

void fx_setup(void)
{
	cr_assert_eq(fixture_build(&fx, false), 0, "fixture BTF");
}

void fx_teardown(void)
{
	fixture_free(&fx);
}

struct btf_plans *fx_plans;

void fx_setup_plans(void)
{
	fx_setup();
	fx_plans = btf_plans__new(fx.btf);
	cr_assert(fx_plans);
}

void fx_teardown_plans(void)
{
	btf_plans__free(fx_plans);
	fx_plans = NULL;
	fx_teardown();
}

char *render_str(enum printer_mode mode, unsigned int limit, int type_id,
		 const void *data, size_t len, int *ret)
{
	return render_btf_str(fx.btf, mode, limit, type_id, data, len, ret);
}

/*
 * Every render of these tests is also made through render plans, when the
 * plan is made and when it runs again: the output and result must be
 * btf_render()'s.
 */
static void expect_planned_same(const struct btf *btf, enum printer_mode mode,
				unsigned int limit, int type_id,
				const void *data, size_t len, const char *want,
				int want_ret)
{
	struct btf_plans *plans = btf_plans__new(btf);
	struct printer p;

	cr_assert(plans);
	for (int again = 0; again < 2; again++) {
		int r;

		printer__init(&p, mode, limit);
		r = btf_render_planned(&p, btf, plans, type_id, data, len);
		cr_expect_str_eq(printer__str(&p), want, "planned, type %d",
				 type_id);
		cr_expect_eq(r, want_ret, "planned, type %d", type_id);
		printer__free(&p);
	}
	btf_plans__free(plans);
}

char *render_btf_str(const struct btf *btf, enum printer_mode mode,
		     unsigned int limit, int type_id, const void *data,
		     size_t len, int *ret)
{
	void *copy = malloc(len ? len : 1);
	struct printer p;
	char *s;
	int r;

	cr_assert(copy);
	memcpy(copy, data, len);
	printer__init(&p, mode, limit);
	r = btf_render(&p, btf, type_id, copy, len);
	cr_assert_eq(p.depth, 0, "unbalanced output: %s", printer__str(&p));
	s = strdup(printer__str(&p));
	printer__free(&p);
	expect_planned_same(btf, mode, limit, type_id, copy, len, s, r);
	free(copy);
	if (ret)
		*ret = r;
	return s;
}

int expect_render(int type_id, const void *data, size_t len, const char *text,
		  const char *json)
{
	return expect_render_btf(fx.btf, type_id, data, len, text, json);
}

int expect_render_btf(const struct btf *btf, int type_id, const void *data,
		      size_t len, const char *text, const char *json)
{
	int rt, rj;
	char *t =
	    render_btf_str(btf, PRINTER_TEXT, 32, type_id, data, len, &rt);
	char *j =
	    render_btf_str(btf, PRINTER_JSON, 32, type_id, data, len, &rj);

	cr_expect_str_eq(t, text);
	cr_expect_str_eq(j, json);
	cr_expect(json_valid(j), "not JSON: %s", j);
	cr_expect_eq(rt, rj);
	free(t);
	free(j);
	return rt;
}

void put16(unsigned char *p, unsigned int v)
{
	unsigned short x = v;

	memcpy(p, &x, 2);
}

void put32(unsigned char *p, unsigned int v)
{
	memcpy(p, &v, 4);
}

void put64(unsigned char *p, unsigned long long v)
{
	memcpy(p, &v, 8);
}

void rec_fill(unsigned char v[176])
{
	unsigned long long bits;

	memset(v, 0, 176);
	v[0] = 200;
	v[1] = 0x80;
	put16(v + 2, 65535);
	put16(v + 4, (unsigned int)-2);
	v[6] = 'A';
	put32(v + 8, 4000000000U);
	put32(v + 12, (unsigned int)-7);
	put64(v + 16, ~0ULL);
	put64(v + 24, 1ULL << 63);
	put32(v + 32, 42);
	put32(v + 36, 7);
	put32(v + 40, 1);		      /* GREEN */
	put32(v + 44, 0xffffffff);	      /* NEG */
	put64(v + 48, 0xffffffff00000000ULL); /* BIG_B */
	memcpy(v + 56, "bash", 5);
	memcpy(v + 72, "cst", 4);
	memcpy(v + 80, "ab\0c", 4);
	memcpy(v + 84, "\x0a\x00\x00\x01", 4);
	for (int i = 0; i < 6; i++)
		put16(v + 88 + 2 * i, i + 1);
	memcpy(v + 100, "ab\0\0\0\0xyz\0\0\0", 12);
	put16(v + 112, 513);
	v[114] = 0xff;
	memcpy(v + 115, "hi", 3);
	put32(v + 120, 0x01020304);
	put16(v + 124, 5);
	put16(v + 126, 6);
	put64(v + 128, 0x7ffd5a1c2e40ULL);
	put64(v + 136, 5);
	put64(v + 144, 1);
	memset(v + 152, 0xff, 16);
	bits = 5 | 0x1fULL << 3 | 0xabcULL << 8 | 0x123456789ULL << 20 |
	       2ULL << 53;
	put64(v + 168, bits);
}
