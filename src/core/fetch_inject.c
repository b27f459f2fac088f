// SPDX-License-Identifier: MIT
/*
 * --btf=inject: the tracee itself runs, as one chain in one ptrace stop
 * (src/inject/chain.h):
 *
 *   0  bpf(BPF_OBJ_GET_INFO_BY_FD, map fd)        map info, btf_id
 *   1  bpf(BPF_BTF_GET_FD_BY_ID, btf_id from 0)   a BTF fd
 *   2  bpf(BPF_OBJ_GET_INFO_BY_FD, fd from 1)     the BTF blob, in scratch
 *   3  close(fd from 1)                           fd table as it was
 *
 * Map info needs no privilege: the tracee holds the fd.  BTF_GET_FD_BY_ID
 * needs CAP_SYS_ADMIN in the caller; when the tracee lacks it (EPERM), the
 * tracer fetches the BTF id itself, as BTF ids are global; when the tracer
 * lacks it too, a BTF fd the tracee holds (a libbpf program keeps its
 * object's) with that id gives the blob to its holder: step 2 alone, on
 * that fd, which is the tracee's own and is not closed.  A blob larger
 * than the scratch room is fetched again, once, with the size the kernel
 * reported (libbpf's two-step sizing).
 */
#include <bpf/btf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/fetch.h"
#include "core/log.h"
#include "core/mm_table.h"
#include "core/proc.h"
#include "core/procns.h"
#include "core/task.h"
#include "decode/bpf_attr.h"
#include "inject/chain.h"

/* The scratch data as the chain uses it. */
#define MAP_ATTR_OFF 0		/* OBJ_GET_INFO_BY_FD attr, map fd */
#define BTF_ID_ATTR_OFF 16	/* BTF_GET_FD_BY_ID attr */
#define BTF_ATTR_OFF 32		/* OBJ_GET_INFO_BY_FD attr, BTF fd */
#define TABLE_OFF 64		/* 4 steps of 96 bytes */
#define MAP_INFO_OFF 512	/* struct bpf_map_info (newer kernels: more) */
#define BTF_INFO_OFF 768	/* struct bpf_btf_info */
#define BLOB_OFF 1024
#define BLOB_HEAD 8192		/* read with the results: most BTF fits */
#define FIRST_DATA_SIZE (256 * 1024)
#define MAX_BTF_SIZE (64U << 20)	/* vmlinux is ~6 MiB */

enum { STEP_MAP_INFO, STEP_BTF_FD, STEP_BTF_INFO, STEP_CLOSE, NSTEPS };

/*
 * The scratch data up to the blob, written in one go before the chain
 * runs and read back in one go after it, with the head of the blob.
 */
struct fetch_image {
	struct bpf_info_attr map_attr;
	struct bpf_obj_id_attr btf_id_attr;
	struct bpf_info_attr btf_attr;
	char pad0[TABLE_OFF - BTF_ATTR_OFF - sizeof(struct bpf_info_attr)];
	struct inj_chain_step steps[NSTEPS];
	char pad1[MAP_INFO_OFF - TABLE_OFF - NSTEPS * sizeof(struct inj_chain_step)];
	/*
	 * Zeroed: since Linux 6.18 the kernel reads the info buffer first
	 * (map hash request) and leaves fields it does not set, such as
	 * btf_id of a map without BTF, as they were.
	 */
	union {
		struct bpf_map_info map;
		char room[BTF_INFO_OFF - MAP_INFO_OFF];
	} map_info;
	struct bpf_btf_info btf_info;
	char pad2[BLOB_OFF - BTF_INFO_OFF - sizeof(struct bpf_btf_info)];
	char blob_head[BLOB_HEAD];
};

_Static_assert(offsetof(struct fetch_image, map_attr) == MAP_ATTR_OFF, "");
_Static_assert(offsetof(struct fetch_image, btf_id_attr) == BTF_ID_ATTR_OFF,
	       "");
_Static_assert(offsetof(struct fetch_image, btf_attr) == BTF_ATTR_OFF, "");
_Static_assert(offsetof(struct fetch_image, steps) == TABLE_OFF, "");
_Static_assert(offsetof(struct fetch_image, map_info) == MAP_INFO_OFF, "");
_Static_assert(offsetof(struct fetch_image, btf_info) == BTF_INFO_OFF, "");
_Static_assert(offsetof(struct fetch_image, blob_head) == BLOB_OFF, "");

/* A fetch's state, on the stack (9 KiB): no allocation per fetch. */
struct fetch {
	struct inj_task *it;
	struct fetch_image img;
};

static void step(struct inj_chain_step *s, long nr, const uint64_t *args,
		 unsigned int nargs, bool stop_on_error)
{
	memset(s, 0, sizeof(*s));
	s->nr = nr;
	memcpy(s->args, args, nargs * sizeof(*args));
	s->stop_on_error = stop_on_error;
}

static void copy_before(struct inj_chain_step *s, size_t len, size_t src,
			size_t dst)
{
	s->copy_len = len;
	s->copy_src = src;
	s->copy_dst = dst;
}

/*
 * Builds the chain from step first (STEP_MAP_INFO with a map fd, or
 * STEP_BTF_FD with a known btf_id, or STEP_BTF_INFO alone on btf_fd, a
 * BTF fd of the tracee's own) and the image it works on.
 */
static void build(struct fetch *f, int map_fd, uint32_t btf_id, int btf_fd,
		  uint32_t blob_room)
{
	uint64_t data = f->it->mm->data;
	uint64_t a[3];

	memset(&f->img, 0, BLOB_OFF);
	f->img.map_attr = (struct bpf_info_attr){
		.bpf_fd = map_fd,
		.info_len = sizeof(f->img.map_info.map),
		.info = data + MAP_INFO_OFF,
	};
	f->img.btf_id_attr.id = btf_id;
	f->img.btf_attr = (struct bpf_info_attr){
		.bpf_fd = btf_fd,
		.info_len = sizeof(f->img.btf_info),
		.info = data + BTF_INFO_OFF,
	};
	f->img.btf_info.btf = data + BLOB_OFF;
	f->img.btf_info.btf_size = blob_room;

	a[0] = BPF_OBJ_GET_INFO_BY_FD, a[1] = data + MAP_ATTR_OFF;
	a[2] = sizeof(struct bpf_info_attr);
	step(&f->img.steps[STEP_MAP_INFO], __NR_bpf, a, 3, true);

	a[0] = BPF_BTF_GET_FD_BY_ID, a[1] = data + BTF_ID_ATTR_OFF;
	a[2] = sizeof(struct bpf_obj_id_attr);
	step(&f->img.steps[STEP_BTF_FD], __NR_bpf, a, 3, true);
	if (map_fd >= 0)	/* btf_id from the map info */
		copy_before(&f->img.steps[STEP_BTF_FD], 4,
			    MAP_INFO_OFF + offsetof(struct bpf_map_info, btf_id),
			    BTF_ID_ATTR_OFF + offsetof(struct bpf_obj_id_attr, id));

	a[0] = BPF_OBJ_GET_INFO_BY_FD, a[1] = data + BTF_ATTR_OFF;
	a[2] = sizeof(struct bpf_info_attr);
	step(&f->img.steps[STEP_BTF_INFO], __NR_bpf, a, 3, false);
	if (btf_fd < 0)		/* the fd step 1 opened */
		copy_before(&f->img.steps[STEP_BTF_INFO], 4,
			    INJ_CHAIN_FIELD(TABLE_OFF, STEP_BTF_FD, ret),
			    BTF_ATTR_OFF + offsetof(struct bpf_info_attr, bpf_fd));

	a[0] = 0;
	step(&f->img.steps[STEP_CLOSE], __NR_close, a, 1, false);
	copy_before(&f->img.steps[STEP_CLOSE], 8,
		    INJ_CHAIN_FIELD(TABLE_OFF, STEP_BTF_FD, ret),
		    INJ_CHAIN_FIELD(TABLE_OFF, STEP_CLOSE, args[0]));
}

/*
 * Runs steps first..last of the chain: one write of the image, one stop,
 * one read of the results, the infos and the head of the blob.
 */
static int run(struct fetch *f, unsigned int first, unsigned int last,
	       uint32_t blob_room)
{
	struct inj_mm *mm = f->it->mm;
	size_t head = blob_room < BLOB_HEAD ? blob_room : BLOB_HEAD;
	int err;

	/* shared scratch data: the blob is parsed where it is */
	if (inj_mem_local(mm, mm->data + BLOB_OFF, blob_room))
		head = 0;

	for (unsigned int i = 0; i < NSTEPS; i++)
		f->img.steps[i].ret = -ECANCELED;
	err = inj_mem_write(f->it->mm, f->it->mm->data, &f->img, BLOB_OFF);
	if (err)
		return err;
	/* a chain starting later still finds its steps at their offsets */
	err = inj_session__chain_run(f->it, last + 1 - first,
				     TABLE_OFF +
					     first * sizeof(f->img.steps[0]));
	if (err)
		return err;
	return inj_mem_read(f->it->mm, f->it->mm->data + TABLE_OFF,
			    f->img.steps, BLOB_OFF + head - TABLE_OFF);
}

static struct btf *read_blob(struct fetch *f, int *err)
{
	struct inj_mm *mm = f->it->mm;
	uint32_t size = f->img.btf_info.btf_size;
	const void *local = inj_mem_local(mm, mm->data + BLOB_OFF, size);
	struct btf *btf;
	char *blob;

	if (local) {
		/* btf__new() parses its own copy: the tracee's threads may
		 * write there meanwhile */
		btf = btf__new(local, size);
		*err = btf ? 0 : -errno;
		return btf;
	}
	if (size <= BLOB_HEAD) {	/* came with the results */
		btf = btf__new(f->img.blob_head, size);
		*err = btf ? 0 : -errno;
		return btf;
	}
	blob = malloc(size);
	if (!blob) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(blob, f->img.blob_head, BLOB_HEAD);
	*err = inj_mem_read(f->it->mm, f->it->mm->data + BLOB_OFF + BLOB_HEAD,
			    blob + BLOB_HEAD, size - BLOB_HEAD);
	btf = *err ? NULL : btf__new(blob, size);
	if (!*err && !btf)
		*err = -errno;
	free(blob);
	return btf;
}

/*
 * The BTF steps' outcome: the parsed BTF, or NULL with *err (-EPERM when
 * the tracee may not open BTF by id, -ENOSPC when the blob did not fit).
 * own_fd: step 2 ran alone on a BTF fd of the tracee's.
 */
static struct btf *btf_result(struct fetch *f, bool own_fd, uint32_t room,
			      int *err)
{
	int64_t fd = f->img.steps[STEP_BTF_FD].ret;
	int64_t info = f->img.steps[STEP_BTF_INFO].ret;

	if (!own_fd && fd < 0) {
		*err = (int)fd;
		return NULL;
	}
	if (!own_fd && f->img.steps[STEP_CLOSE].ret < 0)
		log_error("closing BTF fd %lld injected into %d: %s",
			  (long long)fd, f->it->tid,
			  strerror((int)-f->img.steps[STEP_CLOSE].ret));
	if (info < 0) {
		*err = (int)info;
		return NULL;
	}
	if (f->img.btf_info.btf_size > room) {
		*err = -ENOSPC;
		return NULL;
	}
	return read_blob(f, err);
}

/* The BTF did not fit: once more, without the map info, with room for it. */
static struct btf *refetch_bigger(struct fetch *f, uint32_t btf_id,
				  int btf_fd, int *err)
{
	uint32_t size = f->img.btf_info.btf_size;

	if (size > MAX_BTF_SIZE) {
		*err = -E2BIG;
		return NULL;
	}
	*err = inj_scratch__ensure(f->it, BLOB_OFF + size);
	if (*err)
		return NULL;
	build(f, -1, btf_id, btf_fd, size);
	*err = btf_fd < 0 ? run(f, STEP_BTF_FD, STEP_CLOSE, size) :
			    run(f, STEP_BTF_INFO, STEP_BTF_INFO, size);
	return *err ? NULL : btf_result(f, btf_fd >= 0, size, err);
}

/* BTF btf_id through the tracee: opened by id, or its own fd btf_fd. */
static struct btf *fetch_btf(struct fetch *f, uint32_t btf_id, int btf_fd,
			     int *err)
{
	uint32_t room = f->it->mm->data_size - BLOB_OFF;
	struct btf *btf;

	build(f, -1, btf_id, btf_fd, room);
	*err = btf_fd < 0 ? run(f, STEP_BTF_FD, STEP_CLOSE, room) :
			    run(f, STEP_BTF_INFO, STEP_BTF_INFO, room);
	if (*err)
		return NULL;
	btf = btf_result(f, btf_fd >= 0, room, err);
	if (*err == -ENOSPC)
		btf = refetch_bigger(f, btf_id, btf_fd, err);
	return btf;
}

/*
 * BTF whose opening by id in the tracee failed with err: when refused,
 * the tracer's own try by id, then (f: inside a session that can still
 * inject) the tracee's own BTF fds of that id.  The note says what was
 * tried when nothing worked.
 */
static struct btf *fallback(struct fetch *f, uint32_t btf_id, int err,
			    bool seccomp, char *note, size_t note_len)
{
	struct btf *btf = NULL;
	size_t n;
	int fd;

	/* say which privilege is missing, and what refused it */
	if (err == -EPERM)
		n = snprintf(note, note_len, "btf: BTF id %u: opening BTF by "
			     "id needs CAP_SYS_ADMIN; in the tracee: %s",
			     btf_id, seccomp ? "its seccomp filter denies "
					       "bpf()" : strerror(-err));
	else
		n = snprintf(note, note_len, "btf: BTF id %u: %s", btf_id,
			     strerror(-err));
	if (err != -EPERM || !btf_id)
		return NULL;
	btf = fetch_btf_by_id(btf_id);
	if (btf) {
		note[0] = '\0';
		return btf;
	}
	n += snprintf(note + n, n < note_len ? note_len - n : 0,
		      ", by injtrace: %s", strerror(errno));
	if (!f || seccomp)
		return NULL;
	fd = fetch_find_btf_fd(f->it->tid, btf_id);
	if (fd >= 0)
		btf = fetch_btf(f, btf_id, fd, &err);
	else
		err = fd;
	if (btf) {
		note[0] = '\0';
		return btf;
	}
	snprintf(note + n, n < note_len ? note_len - n : 0,
		 ", its BTF fds: %s",
		 err == -ENOENT ? "none of that id" : strerror(-err));
	return NULL;
}

int fetch_map_session(struct inj_task *it, int fd, struct bpf_map_info *info,
		      size_t *info_len, struct btf **btf, char *note,
		      size_t note_len)
{
	struct fetch fetch, *f = &fetch;	/* build() sets what is read */
	uint32_t room, btf_id;
	int err, btf_err = 0;

	*btf = NULL;
	f->it = it;
	err = inj_scratch__ensure(it, FIRST_DATA_SIZE);
	room = err ? 0 : it->mm->data_size - BLOB_OFF;
	if (!err) {
		build(f, fd, 0, -1, room);
		err = run(f, STEP_MAP_INFO, STEP_CLOSE, room);
	}
	if (!err && f->img.steps[STEP_MAP_INFO].ret < 0)
		err = (int)f->img.steps[STEP_MAP_INFO].ret;
	if (err)
		return err;
	/* before a second chain reuses the image */
	memset(info, 0, sizeof(*info));
	memcpy(info, &f->img.map_info.map, sizeof(*info));
	*info_len = sizeof(*info);
	btf_id = info->btf_id;
	if (btf_id) {
		*btf = btf_result(f, false, room, &btf_err);
		if (btf_err == -ENOSPC)
			*btf = refetch_bigger(f, btf_id, -1, &btf_err);
		if (!*btf)
			*btf = fallback(f, btf_id, btf_err,
					it->seccomp_denied, note, note_len);
	}
	return err;
}

struct btf *fetch_btf_session(struct inj_task *it, uint32_t btf_id,
			      char *note, size_t note_len)
{
	struct fetch fetch, *f = &fetch;	/* build() sets what is read */
	struct btf *btf = NULL;
	int err;

	f->it = it;
	err = inj_scratch__ensure(it, FIRST_DATA_SIZE);
	if (!err)
		btf = fetch_btf(f, btf_id, -1, &err);
	if (!btf)
		btf = fallback(f, btf_id, err, it->seccomp_denied, note,
			       note_len);
	if (!btf)
		errno = -err;
	return btf;
}

int fetch_ctx__init(struct fetch_ctx *ctx)
{
	inj_waitq__init(&ctx->waitq);
	return mm_table__init(&ctx->mms);
}

void fetch_ctx__free(struct fetch_ctx *ctx)
{
	mm_table__free(&ctx->mms);
	inj_waitq__free(&ctx->waitq);
}

/*
 * May the engine inject memfd_create to share the scratch data?  Only
 * when no seccomp filter but the tracer's can see it: a filter made for a
 * program that never calls memfd_create may kill it for one.
 */
static bool may_share(const struct mm_table *mms, const struct task *task)
{
	pid_t tgid;
	int filters;

	if (task->own_filter || proc_status(task->tid, &tgid, &filters))
		return false;
	return filters == (mms->tracer_filter ? 1 : 0);
}

static int begin(struct fetch_ctx *ctx, struct task *task,
		 struct inj_task *it)
{
	struct inj_mm *mm = mm_table__get(&ctx->mms, task->tgid);

	if (!mm)
		return -ENOMEM;
	/*
	 * The process's /proc files (maps, fd/, mem) through the thread that
	 * injects, which is alive: a leader that exited before its threads
	 * is a zombie whose /proc/PID files are refused.
	 */
	mm->proc_pid = procns_pid(task->tid);
	if (!mm->base)
		mm->share = may_share(&ctx->mms, task);
	inj_task__init(it, task->tid, mm);
	it->proc_tid = mm->proc_pid;	/* this thread's */
	it->waitq = &ctx->waitq;
	it->stop = task->stop;
	it->stop_status = task->stop_status;
	return inj_session__begin(it);
}

int fetch_resend_signals(struct inj_task *it, pid_t tgid, pid_t tid)
{
	int sig, sent_stop = 0;

	while ((sig = inj_task__take_signal(it))) {
		bool stop = sig == SIGSTOP || sig == SIGTSTP ||
			    sig == SIGTTIN || sig == SIGTTOU;

		if (stop && proc_signal_pending(tid, SIGCONT))
			continue;
		if (!syscall(SYS_tgkill, tgid, tid, sig) && stop)
			sent_stop = sig;
	}
	return sent_stop;
}

/*
 * Ends the session and hands what the engine took back to the tracer: a
 * signal it could not leave pending is sent again; a stop it consumed (the
 * thread died) is handled by the loop after the decoder returns.
 */
static int end(struct task *task, struct inj_task *it, int err)
{
	int end_err = inj_session__end(it);
	int stop = fetch_resend_signals(it, task->tgid, task->tid);

	if (stop) {
		task->resent_stop = stop;
		task->resent_stop_canceled = false;
	}
	if (it->taken) {
		task->taken = true;
		task->taken_status = it->taken_status;
	}
	return err ? err : end_err;
}

int fetch_map_inject(struct fetch_ctx *ctx, struct task *task, int fd,
		     struct bpf_map_info *info, size_t *info_len,
		     struct btf **btf, char *note, size_t note_len)
{
	struct inj_task it;
	int err = begin(ctx, task, &it);

	*btf = NULL;
	if (!err)
		err = fetch_map_session(&it, fd, info, info_len, btf, note,
					note_len);
	err = end(task, &it, err);
	if (err) {
		btf__free(*btf);
		*btf = NULL;
	}
	return err;
}

struct btf *fetch_btf_inject(struct fetch_ctx *ctx, struct task *task,
			     uint32_t btf_id, char *note, size_t note_len)
{
	struct inj_task it;
	struct btf *btf = NULL;
	int err = begin(ctx, task, &it);

	if (!err) {
		btf = fetch_btf_session(&it, btf_id, note, note_len);
		err = btf ? 0 : -errno;
	}
	err = end(task, &it, err);
	if (!btf && !note[0])	/* no session: the tracer's own try only */
		btf = fallback(NULL, btf_id, err, it.seccomp_denied, note,
			       note_len);
	if (!btf)
		errno = -err;
	return btf;
}
