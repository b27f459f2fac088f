// SPDX-License-Identifier: MIT
/*
 * Render plans: which types get one, and when a value takes btf_render()
 * instead.  That a plan prints what btf_render() prints is checked by
 * every render of these tests (check.c) and by the render fuzzer.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "check.h"
#include "decode/btf_render.h"

TestSuite(plan, .init = fx_setup_plans, .fini = fx_teardown_plans);

/*
 * Renders through the plans, nest levels deep in the output, and checks
 * the output against btf_render()'s.  Returns whether a plan ran.
 */
static bool planned(enum printer_mode mode, unsigned int limit, int type_id,
		    const void *data, size_t len, unsigned int nest)
{
	unsigned long runs = btf_plans__runs(fx_plans);
	struct printer want, got;
	int want_ret, got_ret;

	printer__init(&want, mode, limit);
	printer__init(&got, mode, limit);
	for (unsigned int i = 0; i < nest; i++) {
		pr_struct_begin(&want);
		pr_field(&want, "v");
		pr_struct_begin(&got);
		pr_field(&got, "v");
	}
	want_ret = btf_render(&want, fx.btf, type_id, data, len);
	got_ret =
	    btf_render_planned(&got, fx.btf, fx_plans, type_id, data, len);
	cr_expect_str_eq(printer__str(&got), printer__str(&want));
	cr_expect_eq(got_ret, want_ret);
	printer__free(&want);
	printer__free(&got);
	return btf_plans__runs(fx_plans) > runs;
}

static bool planned_both(int type_id, const void *data, size_t len)
{
	bool text = planned(PRINTER_TEXT, 32, type_id, data, len, 0);
	bool json = planned(PRINTER_JSON, 32, type_id, data, len, 0);

	cr_expect_eq(text, json, "type %d: text and JSON differ", type_id);
	return text && json;
}

Test(plan, plain_layouts_run_by_plan)
{
	unsigned char v[64];

	for (size_t i = 0; i < sizeof(v); i++)
		v[i] = i * 7 + 1;
	/* ints through typedefs and modifiers, enums, pointers */
	cr_expect(planned_both(fx.u32, v, 4));
	cr_expect(planned_both(fx.td_u32_t, v, 4));
	cr_expect(planned_both(fx.cv_u32, v, 4));
	cr_expect(planned_both(fx.color, v, 4));
	cr_expect(planned_both(fx.ptr, v, 8));
	/* structs of them, arrays of numbers, floats and a bool */
	cr_expect(planned_both(fx.pc, v, 12));
	cr_expect(planned_both(fx.u32_arr3, v, 12));
	cr_expect(planned_both(fx.flt, v, 40));
	/* made once: running it again compiles nothing new */
	cr_expect(planned_both(fx.pc, v, 16));
}

Test(plan, a_value_of_a_plain_layout_prints_as_c)
{
	unsigned char v[12];
	struct printer p;

	put64(v, 5);
	put32(v + 8, -1);
	for (int again = 0; again < 2; again++) {
		printer__init(&p, PRINTER_TEXT, 32);
		btf_render_planned(&p, fx.btf, fx_plans, fx.pc, v, sizeof(v));
		cr_expect_str_eq(printer__str(&p), "{cnt=5, delta=-1}");
		printer__free(&p);
	}
	cr_expect_eq(btf_plans__runs(fx_plans), 2);
}

Test(plan, strings_and_bitfields_run_in_plans)
{
	unsigned char v[12] = { 7, 0, 0, 0, 'b', 'a', 's', 'h' };

	/* a char array: a string, as its bytes say, or numbers */
	cr_expect(planned_both(fx.key, v, 12));
	v[5] = 0x80;
	cr_expect(planned_both(fx.key, v, 12));
	cr_expect(planned_both(fx.inner, v, 8));
	/* bitfields */
	cr_expect(planned_both(fx.tail, v, 5));
}

Test(plan, what_a_plan_cannot_hold_takes_the_renderer)
{
	unsigned char v[176] = "ab";

	/* anonymous members (text inlines them), variables of a section */
	cr_expect_not(planned_both(fx.rec, v, 176));
	cr_expect_not(planned_both(fx.data_sec, v, 16));
	/* and what cannot render: no layout, a cycle, a bad id */
	cr_expect_not(planned_both(fx.fwd, v, 8));
	cr_expect_not(planned_both(fx.loop, v, 8));
	cr_expect_not(planned_both(fx.td_cycle, v, 8));
	cr_expect_not(planned_both(1000000, v, 8));
	/* too big to plan: a gigabyte array */
	cr_expect_not(planned_both(fx.huge, v, sizeof(v)));
}

Test(plan, a_short_value_takes_the_renderer)
{
	unsigned char v[12] = {5};

	cr_expect(planned_both(fx.pc, v, 12));
	/* cut: "truncated" marker and comment, from btf_render() */
	cr_expect_not(planned_both(fx.pc, v, 11));
	cr_expect_not(planned_both(fx.pc, v, 0));
	cr_expect_not(planned_both(fx.pc, NULL, 12));
}

Test(plan, the_text_limit_is_part_of_the_plan)
{
	unsigned char v[12] = {1, 0, 0, 0, 2, 0, 0, 0, 3};
	struct printer p;

	printer__init(&p, PRINTER_TEXT, 2);
	btf_render_planned(&p, fx.btf, fx_plans, fx.u32_arr3, v, sizeof(v));
	cr_expect_str_eq(printer__str(&p), "[1, 2, ...]");
	printer__free(&p);
	printer__init(&p, PRINTER_TEXT, 32);
	btf_render_planned(&p, fx.btf, fx_plans, fx.u32_arr3, v, sizeof(v));
	cr_expect_str_eq(printer__str(&p), "[1, 2, 3]");
	printer__free(&p);
	cr_expect_eq(btf_plans__runs(fx_plans), 2);
	cr_expect(planned(PRINTER_TEXT, 1, fx.u32_arr3, v, sizeof(v), 0));
}

Test(plan, deep_in_the_output_takes_the_renderer)
{
	unsigned char v[12] = {0};

	/* pc nests 1 aggregate: the printer has room for it up to 60 */
	cr_expect(planned(PRINTER_TEXT, 32, fx.pc, v, 12, 60));
	cr_expect_not(planned(PRINTER_TEXT, 32, fx.pc, v, 12, 61));
	cr_expect_not(planned(PRINTER_JSON, 32, fx.pc, v, 12, 63));
	/* a scalar nests none */
	cr_expect(planned(PRINTER_JSON, 32, fx.u32, v, 4, 61));
}

Test(plan, another_btf_takes_the_renderer)
{
	struct btf *other = btf__new_empty();
	int id;
	struct printer p;

	cr_assert(other);
	id = btf__add_int(other, "int", 4, BTF_INT_SIGNED);
	cr_assert_gt(id, 0);
	printer__init(&p, PRINTER_TEXT, 32);
	btf_render_planned(&p, other, fx_plans, id, "\xff\xff\xff\xff", 4);
	cr_expect_str_eq(printer__str(&p), "-1");
	printer__free(&p);
	cr_expect_eq(btf_plans__runs(fx_plans), 0);
	btf__free(other);
}

Test(plan, scalars_are_remembered)
{
	struct printer p;

	printer__init(&p, PRINTER_TEXT, 32);
	cr_expect(
	    btf_render_planned_is_scalar(&p, fx.btf, fx_plans, fx.td_u32));
	cr_expect(btf_render_planned_is_scalar(&p, fx.btf, fx_plans, fx.color));
	cr_expect_not(
	    btf_render_planned_is_scalar(&p, fx.btf, fx_plans, fx.pc));
	cr_expect_not(btf_render_planned_is_scalar(&p, fx.btf, NULL, fx.pc));
	cr_expect(btf_render_planned_is_scalar(&p, fx.btf, NULL, fx.u32));
	printer__free(&p);
}
