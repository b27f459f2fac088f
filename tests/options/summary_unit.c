// SPDX-License-Identifier: MIT
/*
 * The summary's tables, exactly: strace -c's columns and widths, blank
 * errors when none, errors by errno, the per-command totals, the JSON
 * object, and each -S order, from calls given by hand.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/summary.h"

static struct summary s;

static void add(uint32_t id, const char *name, uint64_t cmd, int64_t ret,
		int64_t ns, uint64_t kb, uint64_t vb)
{
	struct summary_call c = { .cmd = cmd, .finished = true, .ret = ret,
				  .duration_ns = ns, .key_bytes = kb,
				  .value_bytes = vb };

	c.map.id = id;
	snprintf(c.map.name, sizeof(c.map.name), "%s", name);
	cr_assert_eq(summary__add(&s, &c), 0);
}

static char *print(enum summary_sort by, bool json)
{
	struct printer p;
	char *t;

	printer__init(&p, json ? PRINTER_JSON : PRINTER_TEXT, 0);
	summary__print(&s, &p, by);
	t = strdup(printer__str(&p));
	printer__free(&p);
	return t;
}

/* 3 lookups on hists (2 ENOENT, 1 E2BIG), 1 update, 1 call on no map */
static void fill(void)
{
	summary__init(&s);
	add(42, "hists", BPF_MAP_LOOKUP_ELEM, 0, 1000, 4, 48);
	add(42, "hists", BPF_MAP_LOOKUP_ELEM, -ENOENT, 2000, 4, 0);
	add(42, "hists", BPF_MAP_LOOKUP_ELEM, -ENOENT, 3000, 4, 0);
	add(42, "hists", BPF_MAP_LOOKUP_ELEM, -E2BIG, 4000, 4, 0);
	add(7, "", BPF_MAP_UPDATE_ELEM, 0, 30000, 4, 8);
	add(0, "", BPF_PROG_LOAD, 0, 60000, 0, 0);
}

Test(summary, text_tables_as_strace)
{
	char *t;

	fill();
	t = print(SUMMARY_SORT_TIME, false);
	cr_assert_str_eq(t,
		"% time     seconds  usecs/call     calls    errors   key bytes value bytes map              command                         errors by errno\n"
		"------ ----------- ----------- --------- --------- ----------- ----------- ---------------- ------------------------------- ---------------\n"
		" 60.00    0.000060          60         1                     0           0 -                BPF_PROG_LOAD\n"
		" 30.00    0.000030          30         1                     4           8 #7               BPF_MAP_UPDATE_ELEM\n"
		" 10.00    0.000010           2         4         3          16          48 hists            BPF_MAP_LOOKUP_ELEM             ENOENT:2,E2BIG:1\n"
		"------ ----------- ----------- --------- --------- ----------- ----------- ---------------- ------------------------------- ---------------\n"
		"100.00    0.000100          16         6         3          20          56 total\n"
		"\n"
		"% time     seconds  usecs/call     calls    errors command\n"
		"------ ----------- ----------- --------- --------- ----------------\n"
		" 60.00    0.000060          60         1           BPF_PROG_LOAD\n"
		" 30.00    0.000030          30         1           BPF_MAP_UPDATE_ELEM\n"
		" 10.00    0.000010           2         4         3 BPF_MAP_LOOKUP_ELEM\n"
		"------ ----------- ----------- --------- --------- ----------------\n"
		"100.00    0.000100          16         6         3 total\n");
	free(t);
	summary__free(&s);
}

static void assert_order(enum summary_sort by, const char *first,
			 const char *second, const char *third)
{
	char *t = print(by, false);
	char *a = strstr(t, first), *b = strstr(t, second),
	     *c = strstr(t, third);

	cr_assert(a && b && c && a < b && b < c, "-S %d:\n%s", by, t);
	free(t);
}

Test(summary, sort_by)
{
	fill();
	/* calls: 4 lookups first; ties by name: "#7" < "-" (ASCII) */
	assert_order(SUMMARY_SORT_CALLS, " hists ", " #7 ", " - ");
	assert_order(SUMMARY_SORT_ERRORS, " hists ", " #7 ", " - ");
	assert_order(SUMMARY_SORT_NAME, " #7 ", " - ", " hists ");
	assert_order(SUMMARY_SORT_TIME, " - ", " #7 ", " hists ");
	summary__free(&s);
}

Test(summary, json_object)
{
	char *t;

	summary__init(&s);
	add(42, "hists", BPF_MAP_LOOKUP_ELEM, -ENOENT, 2000, 4, 0);
	add(0, "", BPF_PROG_LOAD, 0, 1000, 0, 0);
	t = print(SUMMARY_SORT_TIME, true);
	cr_assert_str_eq(t,
		"{\"summary\": [{\"map\": {\"id\": 42, \"name\": \"hists\"}, "
		"\"cmd\": \"BPF_MAP_LOOKUP_ELEM\", \"calls\": 1, \"errors\": 1, "
		"\"time_ns\": 2000, \"avg_ns\": 2000, \"key_bytes\": 4, "
		"\"value_bytes\": 0, \"errnos\": {\"ENOENT\": 1}}, "
		"{\"map\": null, \"cmd\": \"BPF_PROG_LOAD\", \"calls\": 1, "
		"\"errors\": 0, \"time_ns\": 1000, \"avg_ns\": 1000, "
		"\"key_bytes\": 0, \"value_bytes\": 0, \"errnos\": {}}], "
		"\"commands\": [{\"cmd\": \"BPF_MAP_LOOKUP_ELEM\", \"calls\": 1, "
		"\"errors\": 1, \"time_ns\": 2000, \"avg_ns\": 2000, "
		"\"key_bytes\": 4, \"value_bytes\": 0}, {\"cmd\": "
		"\"BPF_PROG_LOAD\", \"calls\": 1, \"errors\": 0, \"time_ns\": "
		"1000, \"avg_ns\": 1000, \"key_bytes\": 0, \"value_bytes\": 0}], "
		"\"total\": {\"calls\": 2, \"errors\": 1, \"time_ns\": 3000, "
		"\"avg_ns\": 1500, \"key_bytes\": 4, \"value_bytes\": 0}}\n");
	free(t);
	summary__free(&s);
}

/* strace -c prints nothing when nothing was traced; JSON still one object */
Test(summary, empty)
{
	char *t;

	summary__init(&s);
	t = print(SUMMARY_SORT_TIME, false);
	cr_assert_str_eq(t, "");
	free(t);
	t = print(SUMMARY_SORT_TIME, true);
	cr_assert_str_eq(t, "{\"summary\": [], \"commands\": [], \"total\": "
			    "{\"calls\": 0, \"errors\": 0, \"time_ns\": 0, "
			    "\"avg_ns\": 0, \"key_bytes\": 0, "
			    "\"value_bytes\": 0}}\n");
	free(t);
	summary__free(&s);
}

/* Many maps: rows grow past any first guess, and every call lands in its own */
Test(summary, many_rows)
{
	char name[16];

	summary__init(&s);
	for (int round = 0; round < 3; round++) {
		for (uint32_t id = 1; id <= 500; id++) {
			snprintf(name, sizeof(name), "m%u", id);
			add(id, name, BPF_MAP_LOOKUP_ELEM, 0, 10, 4, 4);
		}
	}
	cr_assert_eq(s.count, 500);
	for (size_t i = 0; i < s.count; i++)
		cr_assert_eq(s.rows[i].calls, 3);
	summary__free(&s);
}
