// SPDX-License-Identifier: MIT
/*
 * Waiting for a thread's stops: what kind of stop a wait status is, and
 * the queue of other children's statuses that a wait on any child
 * consumed (inject.h, struct inj_waitq).
 *
 * The queue grows rather than stopping at a size: a wait that could not
 * queue would have to wait on its thread alone, and a killed group leader
 * reports nothing until its other threads are reaped, so that wait would
 * never end.  Room for one more status is made before each wait that may
 * consume one; when memory runs out the wait fails with -ENOMEM instead.
 * A traced thread has at most a stop and then its exit to report before
 * the caller resumes it, so the queue stays within twice the number of
 * traced threads.
 */
#include "inject/inject.h"
#include "inject/remote_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

/* The first allocation, in statuses: small, so that tests see it grow. */
#define WAITQ_FIRST 16

enum inj_stop inj_stop_kind(pid_t tid, int status,
			    struct __ptrace_syscall_info *info)
{
	struct __ptrace_syscall_info own;
	bool seccomp = (unsigned int)status >> 16 == PTRACE_EVENT_SECCOMP;

	if (!info)
		info = &own;
	info->op = PTRACE_SYSCALL_INFO_NONE;
	if (!seccomp && WSTOPSIG(status) != (SIGTRAP | 0x80))
		return INJ_STOP_SIGNAL;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(*info), info) <= 0)
		info->op = PTRACE_SYSCALL_INFO_NONE;
	if (seccomp)
		return INJ_STOP_SECCOMP;
	switch (info->op) {
	case PTRACE_SYSCALL_INFO_ENTRY:
		return INJ_STOP_SYSCALL_ENTRY;
	case PTRACE_SYSCALL_INFO_EXIT:
		return INJ_STOP_SYSCALL_EXIT;
	default:
		return INJ_STOP_SIGNAL; /* gone before it was asked */
	}
}

void inj_waitq__init(struct inj_waitq *q)
{
	memset(q, 0, sizeof(*q));
}

void inj_waitq__free(struct inj_waitq *q)
{
	free(q->v);
	memset(q, 0, sizeof(*q));
}

bool inj_waitq__take(struct inj_waitq *q, pid_t *pid, int *status)
{
	if (q->head == q->len)
		return false;
	*pid = q->v[q->head].pid;
	*status = q->v[q->head].status;
	if (++q->head == q->len)
		q->head = q->len = 0;
	return true;
}

/* Room for one more status: 0, or -ENOMEM. */
static int waitq_reserve(struct inj_waitq *q)
{
	struct inj_waitq_entry *v;
	unsigned int cap;

	if (q->len < q->cap)
		return 0;
	if (q->head) {
		/* the taken ones at the front make the room */
		memmove(q->v, q->v + q->head,
			(q->len - q->head) * sizeof(*q->v));
		q->len -= q->head;
		q->head = 0;
		return 0;
	}
	cap = q->cap ? q->cap * 2 : WAITQ_FIRST;
	v = realloc(q->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	q->v = v;
	q->cap = cap;
	return 0;
}

int inj_waitq__drain(struct inj_waitq *q, unsigned int max)
{
	unsigned int n = 0, exits = 0;

	while (n < max) {
		struct inj_waitq_entry e;
		unsigned int first;
		int ret = waitq_reserve(q);

		if (ret)
			return n ? (int)n : ret;
		/* where the drained ones begin (the reserve may move them) */
		first = q->len - n;
		e.pid = waitpid(-1, &e.status, __WALL | WNOHANG);
		if (e.pid < 0 && errno == EINTR)
			continue;
		if (e.pid < 0)
			return n ? (int)n : -errno;	/* the next call says */
		if (e.pid == 0)
			break;
		if (WIFEXITED(e.status) || WIFSIGNALED(e.status)) {
			/* after the exits queued so far, ahead of the stops */
			memmove(q->v + first + exits + 1, q->v + first + exits,
				(n - exits) * sizeof(e));
			q->v[first + exits++] = e;
		} else {
			q->v[first + n] = e;
		}
		q->len++;
		n++;
	}
	return n;
}

int inj_wait_thread(struct inj_task *t, int *status)
{
	for (;;) {
		pid_t pid;
		int ret;

		if (t->waitq) {
			ret = waitq_reserve(t->waitq);
			if (ret)
				return ret;
		}
		pid = waitpid(t->waitq ? -1 : t->tid, status, __WALL);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			return -errno;
		if (pid == t->tid)
			return 0;
		/*
		 * Another thread on its way out (the process may be dying,
		 * and the leader we wait for with it): let it go at once,
		 * its exit comes next.  The tracer only resumes there too.
		 */
		if (WIFSTOPPED(*status) &&
		    (unsigned int)*status >> 16 == PTRACE_EVENT_EXIT) {
			ptrace(PTRACE_CONT, pid, 0, 0);
			continue;
		}
		t->waitq->v[t->waitq->len].pid = pid;
		t->waitq->v[t->waitq->len].status = *status;
		t->waitq->len++;
	}
}
