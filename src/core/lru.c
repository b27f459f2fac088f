// SPDX-License-Identifier: MIT
#include "core/lru.h"

#include <errno.h>
#include <stdlib.h>

static unsigned int bucket(const struct lru *l, uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return key & (l->nbuckets - 1);
}

int lru__init(struct lru *l, unsigned int max, size_t max_weight,
	      void (*release)(struct lru_node *node))
{
	l->nbuckets = 16;
	while (l->nbuckets < max)
		l->nbuckets *= 2;
	l->buckets = calloc(l->nbuckets, sizeof(*l->buckets));
	if (!l->buckets)
		return -ENOMEM;
	l->count = 0;
	l->max = max;
	l->weight = 0;
	l->max_weight = max_weight;
	l->head.prev = l->head.next = &l->head;
	l->release = release;
	l->drops = 0;
	return 0;
}

static void unlink_recency(struct lru_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
}

static void link_front(struct lru *l, struct lru_node *n)
{
	n->next = l->head.next;
	n->prev = &l->head;
	l->head.next->prev = n;
	l->head.next = n;
}

struct lru_node *lru__get(struct lru *l, uint64_t key)
{
	for (struct lru_node *n = l->buckets[bucket(l, key)]; n;
	     n = n->hash_next) {
		if (n->key == key) {
			unlink_recency(n);
			link_front(l, n);
			return n;
		}
	}
	return NULL;
}

void lru__remove(struct lru *l, struct lru_node *node)
{
	for (struct lru_node **link = &l->buckets[bucket(l, node->key)]; *link;
	     link = &(*link)->hash_next) {
		if (*link == node) {
			*link = node->hash_next;
			unlink_recency(node);
			l->count--;
			l->weight -= node->weight;
			l->drops++;
			l->release(node);
			return;
		}
	}
}

void lru__put(struct lru *l, struct lru_node *node)
{
	unsigned int b = bucket(l, node->key);

	while (l->head.prev != &l->head &&
	       (l->count >= l->max ||
		l->weight + node->weight > l->max_weight))
		lru__remove(l, l->head.prev);
	node->hash_next = l->buckets[b];
	l->buckets[b] = node;
	link_front(l, node);
	l->count++;
	l->weight += node->weight;
}

void lru__remove_if(struct lru *l, int (*drop)(struct lru_node *, void *),
		    void *arg)
{
	struct lru_node *n = l->head.next;

	while (n != &l->head) {
		struct lru_node *next = n->next;

		if (drop(n, arg))
			lru__remove(l, n);
		n = next;
	}
}

void lru__free(struct lru *l)
{
	while (l->head.next != &l->head)
		lru__remove(l, l->head.next);
	free(l->buckets);
	l->buckets = NULL;
}
