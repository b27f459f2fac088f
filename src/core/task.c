// SPDX-License-Identifier: MIT
/* Task table: a chained hash table that grows with the number of tasks. */
#include "core/task.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

int task__read_mem(void *opaque, uint64_t addr, void *buf, size_t len)
{
	struct task *task = opaque;
	struct task_prefetch *pf = &task->pf;
	struct proc_span spans[3] = { { addr, buf, len } };
	unsigned int n = 1, slot[3];
	int got;

	if (!pf->armed)
		return proc_read_mem(task->tid, addr, buf, len);
	pf->armed = false;
	for (unsigned int i = 0; i < 2; i++) {
		pf->span[i].ok = false;
		if (!pf->span[i].len)
			continue;
		slot[n] = i;
		spans[n++] = (struct proc_span){ pf->span[i].addr,
						 pf->span[i].buf,
						 pf->span[i].len };
	}
	if (n == 1 || !len)
		return proc_read_mem(task->tid, addr, buf, len);
	got = proc_read_spans(task->tid, spans, n);
	if (got < 0)
		return got;
	for (int i = 1; i < got; i++)
		pf->span[slot[i]].ok = true;
	return 0;
}

void task__arm_prefetch(struct task *task)
{
	task->pf.armed = true;
}

int task__read_entry_data(struct task *task, enum bpf_map_buf which,
			  uint64_t addr, void *buf, size_t len)
{
	struct task_span *s = &task->pf.span[which];
	int err;

	if (s->ok && s->addr == addr && s->len == len) {
		memcpy(buf, s->buf, len);
		return 0;
	}
	s->ok = false;
	err = proc_read_mem(task->tid, addr, buf, len);
	/* the next call likely reads the same buffer: along with its attr */
	s->len = !err && len <= TASK_PREFETCH_MAX ? (uint32_t)len : 0;
	s->addr = addr;
	return err;
}

int task__read_entry_key(struct task *task, uint64_t addr, void *buf,
			 size_t len, uint64_t value_addr, size_t value_len)
{
	struct task_span *k = &task->pf.span[BPF_MAP_BUF_KEY];
	struct task_span *v = &task->pf.span[BPF_MAP_BUF_VALUE];
	struct proc_span spans[2] = {
		{ addr, buf, len },
		{ value_addr, v->buf, value_len },
	};
	int got;

	if ((k->ok && k->addr == addr && k->len == len) || !value_addr ||
	    !value_len || value_len > TASK_PREFETCH_MAX ||
	    (v->ok && v->addr == value_addr && v->len == value_len))
		return task__read_entry_data(task, BPF_MAP_BUF_KEY, addr, buf,
					     len);
	k->ok = false;
	got = proc_read_spans(task->tid, spans, 2);
	/* both remembered for the next call, as task__read_entry_data() */
	k->addr = addr;
	k->len = got >= 1 && len <= TASK_PREFETCH_MAX ? (uint32_t)len : 0;
	v->addr = value_addr;
	v->ok = got >= 2;
	v->len = v->ok ? (uint32_t)value_len : 0;
	if (got < 0)
		return got;
	return got >= 1 ? 0 : -EFAULT;
}

/*
 * A seized thread that gets a SIGCONT reports it at its next resume, as a
 * PTRACE_EVENT_STOP of SIGTRAP, before it takes any pending signal.  A
 * stop signal the tracer sent again (an injection took it before the
 * SIGCONT came) and still pending then must not stop the thread: the
 * kernel would have dropped it (JOBCTL_STOP_DEQUEUED).  Gone already (a
 * SIGCONT after the send flushed it): nothing to cancel.
 */
void task__resent_stop_continued(struct task *task)
{
	if (!task->resent_stop)
		return;
	if (proc_signal_pending(task->tid, task->resent_stop))
		task->resent_stop_canceled = true;
	else
		task->resent_stop = 0;
}

/* What to deliver at a signal-delivery stop of sig: 0 for a canceled one. */
int task__signal_to_deliver(struct task *task, int sig)
{
	bool canceled = task->resent_stop_canceled;

	if (sig != task->resent_stop)
		return sig;
	task->resent_stop = 0;
	task->resent_stop_canceled = false;
	return canceled ? 0 : sig;
}
