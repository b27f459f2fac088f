/* SPDX-License-Identifier: MIT */
/* Helpers for the renderer unit tests: render, compare with literals. */
#ifndef INJTRACE_TESTS_BTF_CHECK_H
#define INJTRACE_TESTS_BTF_CHECK_H

#include <stddef.h>

#include "decode/printer.h"
#include "fixture.h"

extern struct fixture fx;

void fx_setup(void);
void fx_teardown(void);
/* The fixture and render plans for its BTF, in fx_plans. */
extern struct btf_plans *fx_plans;
void fx_setup_plans(void);
void fx_teardown_plans(void);

/*
 * Renders len bytes as type_id from a heap copy of exactly len bytes (so
 * ASan catches any over-read); returns a malloc'd string, *ret the result.
 * Asserts the printer's nesting is balanced afterwards.
 */
char *render_str(enum printer_mode mode, unsigned int limit, int type_id,
		 const void *data, size_t len, int *ret);

/* The same with another BTF than the fixture's. */
char *render_btf_str(const struct btf *btf, enum printer_mode mode,
		     unsigned int limit, int type_id, const void *data,
		     size_t len, int *ret);
int expect_render_btf(const struct btf *btf, int type_id, const void *data,
		      size_t len, const char *text, const char *json);

/* Expects both forms; returns btf_render's result (same in both modes). */
int expect_render(int type_id, const void *data, size_t len, const char *text,
		  const char *json);

void put16(unsigned char *p, unsigned int v);
void put32(unsigned char *p, unsigned int v);
void put64(unsigned char *p, unsigned long long v);

/* The rec value of fixture.c with the values tests/btf/render_*.c expect. */
void rec_fill(unsigned char v[176]);

#endif
