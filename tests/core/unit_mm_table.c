// SPDX-License-Identifier: MIT
/* src/core/mm_table.c: the engine's per-process states, grown as needed. */
#include <criterion/criterion.h>

#include "core/mm_table.h"

Test(mm_table, creates_on_first_use_and_finds_again)
{
	struct mm_table t;
	struct inj_mm *mm;

	cr_assert_eq(mm_table__init(&t), 0);
	cr_expect_null(mm_table__find(&t, 42));
	mm = mm_table__get(&t, 42);
	cr_assert_not_null(mm);
	cr_expect_eq(mm->pid, 42);
	cr_expect_eq(mm->base, 0);
	cr_expect_eq(mm->mem_fd, -1);
	cr_expect_eq(mm_table__get(&t, 42), mm);
	cr_expect_eq(mm_table__find(&t, 42), mm);
	cr_expect_eq(t.count, 1);
	mm_table__remove(&t, 42);
	cr_expect_null(mm_table__find(&t, 42));
	cr_expect_eq(t.count, 0);
	mm_table__remove(&t, 42);	/* absent: nothing happens */
	mm_table__free(&t);
}

Test(mm_table, grows_with_its_processes_and_keeps_them)
{
	struct mm_table t;
	unsigned int first;

	cr_assert_eq(mm_table__init(&t), 0);
	first = t.nbuckets;
	for (pid_t tgid = 1; tgid <= 20000; tgid++)
		cr_assert_not_null(mm_table__get(&t, tgid));
	cr_expect_gt(t.nbuckets, first);
	cr_expect_geq(t.nbuckets * 2, t.count, "chains of at most ~2");
	for (pid_t tgid = 1; tgid <= 20000; tgid++) {
		struct inj_mm *mm = mm_table__find(&t, tgid);

		cr_assert_not_null(mm, "tgid %d", tgid);
		cr_assert_eq(mm->pid, tgid);
	}
	for (pid_t tgid = 1; tgid <= 20000; tgid += 2)
		mm_table__remove(&t, tgid);
	cr_expect_eq(t.count, 10000);
	cr_expect_null(mm_table__find(&t, 1));
	cr_expect_not_null(mm_table__find(&t, 2));
	mm_table__free(&t);
	cr_expect_null(t.buckets);
}
