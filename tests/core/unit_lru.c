// SPDX-License-Identifier: MIT
/* src/core/lru.c: lookup, recency, eviction, removal, release. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/lru.h"

struct item {
	struct lru_node node;
	int released;
};

static int released;		/* entries the table handed back */
static uint64_t last_released;

static void release(struct lru_node *node)
{
	released++;
	last_released = node->key;
	lru_entry(node, struct item, node)->released++;
}

static struct item items[4096];
static struct lru l;

static void put(uint64_t key)
{
	items[key].node.key = key;
	lru__put(&l, &items[key].node);
}

static void setup(void)
{
	released = 0;
	last_released = 0;
	memset(items, 0, sizeof(items));
}

TestSuite(lru, .init = setup);

Test(lru, finds_what_it_holds)
{
	cr_assert_eq(lru__init(&l, 8, SIZE_MAX, release), 0);
	for (uint64_t k = 1; k <= 5; k++)
		put(k);
	cr_expect_eq(l.count, 5);
	for (uint64_t k = 1; k <= 5; k++)
		cr_expect_eq(lru__get(&l, k), &items[k].node, "key %lu",
			     (unsigned long)k);
	cr_expect_null(lru__get(&l, 6));
	cr_expect_null(lru__get(&l, 0));
	lru__free(&l);
	cr_expect_eq(released, 5);
}

Test(lru, evicts_the_least_recently_used)
{
	cr_assert_eq(lru__init(&l, 3, SIZE_MAX, release), 0);
	put(1);
	put(2);
	put(3);
	/* a lookup makes 1 the most recent: 2 is now the oldest */
	cr_assert_not_null(lru__get(&l, 1));
	put(4);
	cr_expect_eq(released, 1);
	cr_expect_eq(last_released, 2);
	cr_expect_null(lru__get(&l, 2));
	cr_expect_not_null(lru__get(&l, 1));
	cr_expect_not_null(lru__get(&l, 3));
	cr_expect_not_null(lru__get(&l, 4));
	cr_expect_eq(l.count, 3);
	lru__free(&l);
	cr_expect_eq(released, 4);
}

Test(lru, remove_releases_once)
{
	cr_assert_eq(lru__init(&l, 4, SIZE_MAX, release), 0);
	put(1);
	put(2);
	lru__remove(&l, &items[1].node);
	cr_expect_eq(items[1].released, 1);
	cr_expect_null(lru__get(&l, 1));
	cr_expect_eq(l.count, 1);
	lru__free(&l);
	cr_expect_eq(items[1].released, 1);
	cr_expect_eq(items[2].released, 1);
}

static int odd(struct lru_node *node, void *arg)
{
	(void)arg;
	return node->key & 1;
}

Test(lru, remove_if_drops_the_matching)
{
	cr_assert_eq(lru__init(&l, 64, SIZE_MAX, release), 0);
	for (uint64_t k = 1; k <= 10; k++)
		put(k);
	lru__remove_if(&l, odd, NULL);
	cr_expect_eq(l.count, 5);
	for (uint64_t k = 1; k <= 10; k++) {
		if (k & 1)
			cr_expect_null(lru__get(&l, k));
		else
			cr_expect_not_null(lru__get(&l, k));
	}
	lru__free(&l);
	cr_expect_eq(released, 10);
}

Test(lru, a_full_table_finds_every_key)
{
	cr_assert_eq(lru__init(&l, 4096, SIZE_MAX, release), 0);
	for (uint64_t k = 0; k < 4096; k++)
		put(k);
	cr_expect_eq(released, 0);
	for (uint64_t k = 0; k < 4096; k++)
		cr_expect_eq(lru__get(&l, k), &items[k].node);
	lru__free(&l);
	cr_expect_eq(released, 4096);
}

Test(lru, weights_bound_the_table)
{
	cr_assert_eq(lru__init(&l, 64, 100, release), 0);
	for (uint64_t k = 1; k <= 4; k++) {
		items[k].node.weight = 30;
		put(k);
	}
	/* 4 x 30 > 100: the oldest went */
	cr_expect_eq(released, 1);
	cr_expect_eq(last_released, 1);
	cr_expect_eq(l.weight, 90);
	/* a heavy one evicts as many as it needs */
	items[5].node.weight = 70;
	put(5);
	cr_expect_eq(released, 3);
	cr_expect_eq(l.weight, 100);
	cr_expect_not_null(lru__get(&l, 4));
	/* one heavier than the bound is kept, alone */
	items[6].node.weight = 500;
	put(6);
	cr_expect_eq(l.count, 1);
	cr_expect_eq(l.weight, 500);
	cr_expect_not_null(lru__get(&l, 6));
	lru__remove(&l, &items[6].node);
	cr_expect_eq(l.weight, 0);
	lru__free(&l);
	cr_expect_eq(released, 6);
}

/* drops: what map_view's per-call entry pointer checks before use */
Test(lru, drops_counts_every_release_and_nothing_else)
{
	cr_assert_eq(lru__init(&l, 3, SIZE_MAX, release), 0);
	put(1);
	put(2);
	put(3);
	cr_assert_not_null(lru__get(&l, 1));
	cr_expect_null(lru__get(&l, 9));
	cr_expect_eq(l.drops, 0, "puts and gets drop nothing");
	put(4);			/* evicts 2 */
	cr_expect_eq(l.drops, 1);
	lru__remove(&l, &items[3].node);
	cr_expect_eq(l.drops, 2);
	lru__remove_if(&l, odd, NULL);	/* 1 */
	cr_expect_eq(l.drops, 3);
	cr_expect_eq(l.drops, (uint64_t)released);
	lru__free(&l);
}
