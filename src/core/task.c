// SPDX-License-Identifier: MIT
/* Task table: a chained hash table that grows with the number of tasks. */
#include "core/task.h"

#include <errno.h>
#include <stdlib.h>

#include "core/proc.h"

static unsigned int bucket(const struct task_table *t, pid_t tid)
{
	return ((unsigned int)tid * 2654435761u) & (t->nbuckets - 1);
}

int task_table__init(struct task_table *t)
{
	t->nbuckets = 64;
	t->count = 0;
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	return t->buckets ? 0 : -ENOMEM;
}

static void task_free(struct task *task)
{
	call_map__reset(&task->cmap);
	printer__free(&task->line);
	free(task->call);
	free(task);
}

void task_table__free(struct task_table *t)
{
	for (unsigned int i = 0; i < t->nbuckets; i++) {
		while (t->buckets[i]) {
			struct task *task = t->buckets[i];

			t->buckets[i] = task->next;
			task_free(task);
		}
	}
	free(t->buckets);
	t->buckets = NULL;
	t->count = 0;
}

struct task *task_table__find(struct task_table *t, pid_t tid)
{
	for (struct task *task = t->buckets[bucket(t, tid)]; task;
	     task = task->next)
		if (task->tid == tid)
			return task;
	return NULL;
}

static void grow(struct task_table *t)
{
	unsigned int old_n = t->nbuckets;
	struct task **old = t->buckets;
	struct task **buckets = calloc(old_n * 2, sizeof(*buckets));

	if (!buckets)
		return;		/* keep the longer chains */
	t->buckets = buckets;
	t->nbuckets = old_n * 2;
	for (unsigned int i = 0; i < old_n; i++) {
		while (old[i]) {
			struct task *task = old[i];
			unsigned int b = bucket(t, task->tid);

			old[i] = task->next;
			task->next = t->buckets[b];
			t->buckets[b] = task;
		}
	}
	free(old);
}

struct task *task_table__add(struct task_table *t, pid_t tid, pid_t tgid)
{
	struct task *task = task_table__find(t, tid);

	if (task)
		return task;
	task = calloc(1, sizeof(*task));
	if (!task)
		return NULL;
	task->tid = tid;
	task->tgid = tgid;
	if (t->count >= t->nbuckets * 2)
		grow(t);
	unsigned int b = bucket(t, tid);

	task->next = t->buckets[b];
	t->buckets[b] = task;
	t->count++;
	return task;
}

void task_table__remove(struct task_table *t, pid_t tid)
{
	for (struct task **link = &t->buckets[bucket(t, tid)]; *link;
	     link = &(*link)->next) {
		if ((*link)->tid == tid) {
			struct task *task = *link;

			*link = task->next;
			task_free(task);
			t->count--;
			return;
		}
	}
}

void task_table__for_each(struct task_table *t,
			  void (*fn)(struct task *task, void *arg), void *arg)
{
	for (unsigned int i = 0; i < t->nbuckets; i++) {
		struct task *task = t->buckets[i];

		while (task) {
			struct task *next = task->next;

			fn(task, arg);
			task = next;
		}
	}
}

int task__read_mem(void *task, uint64_t addr, void *buf, size_t len)
{
	return proc_read_mem(((struct task *)task)->tid, addr, buf, len);
}
