/* SPDX-License-Identifier: MIT */
/*
 * A bounded hash table with least-recently-used eviction, intrusive: an
 * entry embeds struct lru_node and is found by a 64-bit key.  Used for the
 * caches of map identities, map info and parsed BTF.
 */
#ifndef INJTRACE_CORE_LRU_H
#define INJTRACE_CORE_LRU_H

#include <stddef.h>
#include <stdint.h>

struct lru_node {
	uint64_t key;
	size_t weight;			/* counted against max_weight */
	struct lru_node *hash_next;
	struct lru_node *prev, *next;	/* recency list, most recent first */
};

struct lru {
	struct lru_node **buckets;
	unsigned int nbuckets;		/* a power of two */
	unsigned int count, max;
	size_t weight, max_weight;	/* sums of the entries' weights */
	struct lru_node head;		/* sentinel of the recency list */
	/* frees an entry the table dropped (eviction, removal, free) */
	void (*release)(struct lru_node *node);
	/* entries dropped so far: an entry found while it was N lives on
	 * as long as it is N */
	uint64_t drops;
};

/*
 * At most max entries, whose weights (node->weight, 0 unless set) sum to
 * at most max_weight: an entry heavier than that alone is kept alone.
 */
int lru__init(struct lru *l, unsigned int max, size_t max_weight,
	      void (*release)(struct lru_node *node))
	__attribute__((warn_unused_result));
void lru__free(struct lru *l);
/* The entry for key, marked most recently used; NULL if absent. */
struct lru_node *lru__get(struct lru *l, uint64_t key);
/*
 * Inserts node (node->key and node->weight set, key absent), evicting the
 * oldest entries until it fits.
 */
void lru__put(struct lru *l, struct lru_node *node);
void lru__remove(struct lru *l, struct lru_node *node);
/* Removes every entry for which drop(node, arg) is true. */
void lru__remove_if(struct lru *l, int (*drop)(struct lru_node *, void *),
		    void *arg);

#define lru_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif
