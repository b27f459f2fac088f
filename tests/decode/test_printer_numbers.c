// SPDX-License-Identifier: MIT
/*
 * The printer formats numbers itself (no printf on the hot path): every
 * form must be what printf's would be, "%#llx" keeping its quirk that 0
 * has no "0x".  Checked against snprintf on edges and on a spread of
 * values.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>

#include "decode/printer.h"

static const uint64_t edges[] = {
	0, 1, 9, 10, 15, 16, 255, 256, 0x7fffffff, 0x80000000, 0xffffffff,
	0x100000000ULL, 0x7ffd12345678ULL, INT64_MAX, (uint64_t)INT64_MAX + 1,
	UINT64_MAX,
};

typedef void (*print_fn)(struct printer *p, uint64_t v);

static void check(enum printer_mode mode, print_fn fn, const char *fmt,
		  uint64_t v)
{
	struct printer p;
	char want[64];

	printer__init(&p, mode, 0);
	pr_raw(&p, "<");
	fn(&p, v);
	pr_raw(&p, ">");
	snprintf(want, sizeof(want), fmt, v);
	cr_expect_str_eq(printer__str(&p), want, "value %#" PRIx64, v);
	printer__free(&p);
}

static void int_of(struct printer *p, uint64_t v)
{
	pr_int(p, (int64_t)v);
}

static void each(void (*fn)(uint64_t v))
{
	uint64_t v = 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		fn(edges[i]);
	for (int i = 0; i < 2000; i++) {
		v ^= v << 13;
		v ^= v >> 7;
		v ^= v << 17;
		fn(v >> (i % 64));
	}
}

static void text_forms(uint64_t v)
{
	check(PRINTER_TEXT, pr_hex, "<%#" PRIx64 ">", v);
	check(PRINTER_TEXT, pr_uint, "<%" PRIu64 ">", v);
	check(PRINTER_TEXT, int_of, "<%" PRId64 ">", v);
	if (v)
		check(PRINTER_TEXT, pr_addr, "<%#" PRIx64 ">", v);
}

static void json_forms(uint64_t v)
{
	check(PRINTER_JSON, pr_hex, "<%" PRIu64 ">", v);
	if (v)
		check(PRINTER_JSON, pr_addr, "<\"%#" PRIx64 "\">", v);
}

Test(printer_numbers, text_as_printf)
{
	each(text_forms);
}

Test(printer_numbers, json_as_printf)
{
	each(json_forms);
}

Test(printer_numbers, null_address)
{
	struct printer p;

	printer__init(&p, PRINTER_TEXT, 0);
	pr_addr(&p, 0);
	cr_expect_str_eq(printer__str(&p), "NULL");
	printer__free(&p);
	printer__init(&p, PRINTER_JSON, 0);
	pr_addr(&p, 0);
	cr_expect_str_eq(printer__str(&p), "null");
	printer__free(&p);
}
