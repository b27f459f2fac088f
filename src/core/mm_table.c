// SPDX-License-Identifier: MIT
#include "core/mm_table.h"
#include "core/procns.h"

#include <errno.h>
#include <stdlib.h>

/* Sized for a few processes; doubles when chains average two entries. */
#define MM_TABLE_MIN_BUCKETS 16

struct mm_table_entry {
	struct mm_table_entry *next;	/* hash chain */
	pid_t tgid;
	struct inj_mm mm;
};

static unsigned int mm_table_bucket(unsigned int nbuckets, pid_t tgid)
{
	return ((unsigned int)tgid * 2654435761u) & (nbuckets - 1);
}

int mm_table__init(struct mm_table *t)
{
	t->nbuckets = MM_TABLE_MIN_BUCKETS;
	t->count = 0;
	t->tracer_filter = false;
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	return t->buckets ? 0 : -ENOMEM;
}

void mm_table__free(struct mm_table *t)
{
	for (unsigned int i = 0; t->buckets && i < t->nbuckets; i++) {
		while (t->buckets[i]) {
			struct mm_table_entry *e = t->buckets[i];

			t->buckets[i] = e->next;
			inj_mm__free(&e->mm);
			free(e);
		}
	}
	free(t->buckets);
	t->buckets = NULL;
	t->count = 0;
	t->tracer_filter = false;
}

static struct mm_table_entry **mm_table_link(struct mm_table *t, pid_t tgid)
{
	struct mm_table_entry **link =
		&t->buckets[mm_table_bucket(t->nbuckets, tgid)];

	while (*link && (*link)->tgid != tgid)
		link = &(*link)->next;
	return link;
}

struct inj_mm *mm_table__find(struct mm_table *t, pid_t tgid)
{
	struct mm_table_entry *e = *mm_table_link(t, tgid);

	return e ? &e->mm : NULL;
}

/* Doubles the buckets; on allocation failure the chains just get longer. */
static void mm_table_grow(struct mm_table *t)
{
	unsigned int n = t->nbuckets * 2;
	struct mm_table_entry **buckets = calloc(n, sizeof(*buckets));

	if (!buckets)
		return;
	for (unsigned int i = 0; i < t->nbuckets; i++) {
		while (t->buckets[i]) {
			struct mm_table_entry *e = t->buckets[i];
			unsigned int b = mm_table_bucket(n, e->tgid);

			t->buckets[i] = e->next;
			e->next = buckets[b];
			buckets[b] = e;
		}
	}
	free(t->buckets);
	t->buckets = buckets;
	t->nbuckets = n;
}

struct inj_mm *mm_table__get(struct mm_table *t, pid_t tgid)
{
	struct mm_table_entry *e = *mm_table_link(t, tgid);

	if (e)
		return &e->mm;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->tgid = tgid;
	inj_mm__init(&e->mm, tgid);
	e->mm.proc_pid = procns_pid(tgid);
	e->mm.ptrace_opts = t->ptrace_opts;
	if (t->count >= t->nbuckets * 2)
		mm_table_grow(t);

	struct mm_table_entry **head =
		&t->buckets[mm_table_bucket(t->nbuckets, tgid)];

	e->next = *head;
	*head = e;
	t->count++;
	return &e->mm;
}

void mm_table__remove(struct mm_table *t, pid_t tgid)
{
	struct mm_table_entry **link = mm_table_link(t, tgid);
	struct mm_table_entry *e = *link;

	if (!e)
		return;
	*link = e->next;
	inj_mm__free(&e->mm);
	free(e);
	t->count--;
}
