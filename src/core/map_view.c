// SPDX-License-Identifier: MIT
#include "core/map_view.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fetch.h"
#include "core/maps.h"
#include "core/proc.h"
#include "core/summary.h"
#include "core/task.h"
#include "decode/bpf_attr.h"
#include "decode/bpf_xlat.h"

/* A tracee asking for a billion elements gets the first ones shown. */
#define MAX_ELEMS 256
#define MAX_BYTES (1U << 20)

static void note(struct task *task, const char *fmt, const char *reason)
{
	snprintf(task->cmap.note, sizeof(task->cmap.note), fmt, reason);
}

/*
 * The map's info could not be fetched (seccomp, a dying thread...): fdinfo
 * still tells its sizes, so keys and values print as bytes, with a note.
 * A lasting failure is cached; one of this stop only (-EAGAIN) is not.
 */
static struct map_entry *fetch_failed(struct map_view *mv, struct task *task,
				      int fd, int err)
{
	struct call_map *cm = &task->cmap;

	/* map info needs no privilege: EPERM is the tracee's filter */
	if (err == -EPERM && proc_seccomp(task->tid) == 2)
		note(task, "btf: map info: %s", "the tracee's seccomp filter "
		     "denies bpf() and pidfd_getfd was refused");
	else
		note(task, "btf: map info: %s", strerror(-err));
	if (maps__fdinfo_entry(&mv->maps, task->tid, fd, &cm->fallback))
		return NULL;
	snprintf(cm->fallback.btf_note, sizeof(cm->fallback.btf_note), "%s",
		 cm->note);
	if (err != -EAGAIN && err != -ESRCH && err != -EINTR)
		return maps__add_entry(&mv->maps, &cm->fallback);
	cm->use_fallback = true;
	return &cm->fallback;
}

/*
 * Info of a map never seen, through the tracee (with its BTF, in the same
 * stop) or pidfd_getfd (BTF later, by id).
 */
static struct map_entry *fetch_map(struct map_view *mv, struct task *task,
				   int fd)
{
	struct bpf_map_info info;
	struct btf *btf = NULL;
	struct map_entry *e;
	char btf_note[sizeof(e->btf_note)] = "";
	size_t info_len;
	int err;

	mv->fetches++;
	if (mv->btf == BTF_MODE_INJECT) {
		err = fetch_map_inject(&mv->inject, task, fd, &info, &info_len, &btf,
				       btf_note, sizeof(btf_note));
		/*
		 * Injection refused (the tracee's seccomp denies bpf(), no
		 * syscall instruction...): what the tracer may do itself.
		 * The BTF then comes by id (fetch_btf()).
		 */
		if (err && err != -ESRCH &&
		    !fetch_info_getfd(task->tgid, fd, &info, &info_len))
			err = 0;
	} else {
		err = fetch_info_getfd(task->tgid, fd, &info, &info_len);
	}
	if (err)
		return fetch_failed(mv, task, fd, err);
	e = maps__add(&mv->maps, &info, info_len);
	if (!e) {
		btf__free(btf);
		return NULL;
	}
	memcpy(e->btf_note, btf_note, sizeof(btf_note));
	if (btf && !maps__find_btf(&mv->maps, e->btf_id, NULL))
		maps__add_btf(&mv->maps, e->btf_id, btf);
	else
		btf__free(btf);
	return e;
}

/* e's BTF, from the cache or fetched; its render plans in e->desc. */
static struct btf *fetch_btf(struct map_view *mv, struct task *task,
			     struct map_entry *e)
{
	struct btf *btf = maps__find_btf(&mv->maps, e->btf_id, &e->desc.plans);

	if (btf)
		return btf;
	if (mv->btf == BTF_MODE_INJECT)
		btf = fetch_btf_inject(&mv->inject, task, e->btf_id, e->btf_note,
				       sizeof(e->btf_note));
	else
		btf = fetch_btf_getfd(task->tgid, e->btf_id, e->btf_note,
				      sizeof(e->btf_note));
	if (!btf) {
		if (!e->btf_note[0])
			snprintf(e->btf_note, sizeof(e->btf_note),
				 "btf: BTF id %u: %s", e->btf_id,
				 strerror(errno));
		return NULL;
	}
	if (!maps__add_btf(&mv->maps, e->btf_id, btf))
		return NULL;
	return maps__find_btf(&mv->maps, e->btf_id, &e->desc.plans);
}

/* Points e->desc.btf at the BTF to render with, or notes why there is none. */
static void attach_btf(struct map_view *mv, struct task *task,
		       struct map_entry *e)
{
	e->desc.btf = NULL;
	e->desc.plans = NULL;
	if (mv->btf == BTF_MODE_OFF) {
		note(task, "%s", "btf: off");
		return;
	}
	if (e->btf_note[0]) {
		/* a fetch that failed once fails again: do not retry */
		note(task, "%s", e->btf_note);
		return;
	}
	if (e->desc.map_type == BPF_MAP_TYPE_STRUCT_OPS &&
	    e->vmlinux_value_type_id) {
		/* struct_ops values are typed by vmlinux BTF, as bpftool */
		e->desc.btf = fetch_vmlinux_btf();
		e->desc.value_type_id = e->vmlinux_value_type_id;
		if (!e->desc.btf)
			snprintf(e->btf_note, sizeof(e->btf_note),
				 "btf: no vmlinux BTF");
		return;
	}
	if (!e->btf_id)
		return;	/* nothing failed: keys and values are bytes, no note */
	e->desc.btf = fetch_btf(mv, task, e);
	if (!e->desc.btf)
		note(task, "%s", e->btf_note);
}

/* The map behind the tracee's fd now, with its BTF attached; NULL: none. */
static struct map_entry *resolve(struct map_view *mv, struct task *task, int fd)
{
	struct call_map *cm = &task->cmap;
	struct map_entry *e;
	uint32_t id;

	if (cm->fd != fd || !cm->id) {
		cm->fd = fd;
		cm->id = 0;
		cm->entry = NULL;
		cm->use_fallback = false;
		if (maps__fd_map_id(&mv->maps, task->tgid, task->tid, fd, &id))
			return NULL;
		cm->id = id;
	}
	if (cm->use_fallback)
		return &cm->fallback;
	if (cm->entry && cm->entry_drops == maps__drops(&mv->maps))
		return cm->entry;
	e = maps__find(&mv->maps, cm->id);
	if (!e)
		e = fetch_map(mv, task, fd);
	if (e && !cm->use_fallback) {
		attach_btf(mv, task, e);
		cm->entry = e;
		cm->entry_drops = maps__drops(&mv->maps);
	}
	return e;
}

static void hook_print_fd(void *opaque, struct printer *p, int fd)
{
	struct task *task = opaque;
	struct map_entry *e;

	pr_int(p, fd);
	/* JSON too: the call's "map" member comes from this; --plain with
	 * -c: the summary's map column */
	e = resolve(task->cmap.view, task, fd);
	if (!e || printer__json(p) || task->cmap.view->plain)
		return;
	/* every typed call prints this: no printf */
	if (e->name[0]) {
		pr_raw(p, "<map:");
		pr_rawn(p, e->name, strnlen(e->name, sizeof(e->name)));
	} else {
		pr_raw(p, "<map:#");
		pr_uint(p, e->id);
	}
	pr_raw(p, ">");
}

static void print_elem(struct printer *p, const struct map_entry *e,
		       enum bpf_map_buf which, uint64_t flags, const void *data,
		       size_t len)
{
	if (which == BPF_MAP_BUF_KEY)
		map_data_print_key(p, &e->desc, data, len);
	else
		map_data_print_value(p, &e->desc, flags, data, len);
}

static struct map_bytes *stash_for(struct call_map *cm, enum bpf_map_buf which,
				   bool exiting, uint64_t cmd)
{
	if (which == BPF_MAP_BUF_VALUE)
		return &cm->values;
	/* GET_NEXT_KEY: the key at entry, then next_key at exit */
	if (cmd == BPF_MAP_GET_NEXT_KEY && exiting)
		return &cm->next_key;
	return &cm->keys;
}

/*
 * Map data at exit.  A single lookup's value or next key, which the kernel
 * wrote whole, goes through the /proc/PID/mem the injection engine keeps
 * open, when it has one.  A batch's buffers are read as the tracee sees
 * them: past what the kernel filled they may be unreadable to it.
 */
static int read_exit(struct map_view *mv, struct task *task, uint64_t addr,
		     void *buf, size_t len)
{
	struct inj_mm *mm = bpf_call__is_batch(task->call) ? NULL :
			    mm_table__find(&mv->inject.mms, task->tgid);
	int err = mm ? inj_mem_read_output(mm, addr, buf, len) : -EBADF;

	if (err == -EBADF)
		err = proc_read_mem(task->tid, addr, buf, len);
	return err;
}

/* Map data at entry; a key brings the value the call passes in along. */
static int read_entry(struct task *task, const struct map_entry *e,
		      enum bpf_map_buf which, uint64_t flags, uint64_t addr,
		      void *buf, size_t len)
{
	uint64_t value = bpf_call__entry_value(task->call);

	if (which != BPF_MAP_BUF_KEY || !value ||
	    bpf_call__is_batch(task->call))
		return task__read_entry_data(task, which, addr, buf, len);
	return task__read_entry_key(task, addr, buf, len, value,
				    map_data_value_buf_size(&e->desc, flags));
}

static bool hook_print_map_data(void *opaque, struct printer *p, int map_fd,
				enum bpf_map_buf which, uint64_t addr,
				uint32_t count)
{
	struct task *task = opaque;
	struct map_entry *e = resolve(task->cmap.view, task, map_fd);
	uint64_t flags = bpf_call__elem_flags(task->call);
	size_t elem, n;
	void *buf;
	/* aligned for any scalar the renderer loads */
	_Alignas(16) unsigned char small[256];

	if (!e || !addr || !count)
		return false;
	elem = which == BPF_MAP_BUF_KEY ?
		       e->desc.key_size :
		       map_data_value_buf_size(&e->desc, flags);
	if (!elem || elem > MAX_BYTES)
		return false;
	if (which == BPF_MAP_BUF_KEY)
		task->cmap.key_bytes += (uint64_t)count * elem;
	else
		task->cmap.value_bytes += (uint64_t)count * elem;
	if (task->cmap.view->plain)
		return false;	/* counted for -c; --plain prints addresses */
	n = count < MAX_ELEMS ? count : MAX_ELEMS;
	if (n * elem > MAX_BYTES)
		n = MAX_BYTES / elem;
	/* text prints and forgets: a small element needs no allocation */
	buf = !printer__json(p) && n * elem <= sizeof(small) ? small :
							      malloc(n * elem);
	if (!buf || (task->call->exiting ?
			     read_exit(task->cmap.view, task, addr, buf,
				       n * elem) :
			     read_entry(task, e, which, flags, addr, buf,
					n * elem))) {
		if (buf != small)
			free(buf);
		return false;	/* unreadable: the address is printed */
	}
	if (printer__json(p)) {
		struct map_bytes *b = stash_for(&task->cmap, which,
						task->call->exiting,
						task->call->cmd);

		free(b->data);
		*b = (struct map_bytes){ buf, n * elem, n };
		return false;	/* the attr keeps the address */
	}
	if (!bpf_call__is_batch(task->call)) {
		print_elem(p, e, which, flags, buf, elem);
	} else {
		pr_array_begin(p);
		for (size_t i = 0; i < n; i++) {
			pr_elem(p);
			print_elem(p, e, which, flags, (char *)buf + i * elem,
				   elem);
		}
		if (n < count)
			pr_more(p);
		pr_array_end(p);
	}
	if (buf != small)
		free(buf);
	return true;
}

int map_view__init(struct map_view *mv, enum btf_mode btf,
		   const char *const *names, unsigned int nnames)
{
	int err;

	*mv = (struct map_view){
		.btf = btf,
		.names = names,
		.nnames = nnames,
	};
	err = maps__init(&mv->maps);
	if (err)
		return err;
	err = fetch_ctx__init(&mv->inject);
	if (err)
		maps__free(&mv->maps);
	return err;
}

void map_view__free(struct map_view *mv)
{
	fetch_ctx__free(&mv->inject);
	maps__free(&mv->maps);
}

void map_view__forget_process(struct map_view *mv, pid_t tgid, bool exec)
{
	struct inj_mm *mm = mm_table__find(&mv->inject.mms, tgid);

	maps__forget_process(&mv->maps, tgid);
	if (!mm)
		return;
	if (exec)
		inj_mm__exec(mm);	/* the scratch page died with the mm */
	else
		mm_table__remove(&mv->inject.mms, tgid);
}

void map_view__env(struct map_view *mv, struct task *task,
		   struct bpf_decode_env *env)
{
	task->cmap.view = mv;
	env->print_fd = hook_print_fd;
	env->print_map_data = hook_print_map_data;
}

void call_map__reset(struct call_map *cm)
{
	free(cm->keys.data);
	free(cm->values.data);
	free(cm->next_key.data);
	memset(cm, 0, sizeof(*cm));
	cm->fd = -1;
}

/* -e map=NAME,#ID: is the map of this name (and id, once it has one) listed? */
static bool map_listed(const struct map_view *mv, const char *name,
		       uint32_t id)
{
	for (unsigned int i = 0; i < mv->nnames; i++)
		if (!strcmp(mv->names[i], name))
			return true;
	for (unsigned int i = 0; id && i < mv->nids; i++)
		if (mv->ids[i] == id)
			return true;
	return false;
}

bool map_view__selected(struct map_view *mv, struct task *task)
{
	const struct bpf_call *call = task->call;
	struct map_entry *e;
	char name[BPF_OBJ_NAME_LEN + 1];
	int fd;

	if (!mv->nnames && !mv->nids)
		return true;
	bpf_call__read_attr(task->call);
	if (call->cmd == BPF_MAP_CREATE) {
		bpf_call__map_name(call, name);
		/* its id is not known before the kernel made it */
		return map_listed(mv, name, 0);
	}
	/* every call naming the map: its pin and info calls too */
	fd = bpf_call__object_fd(call);
	e = fd >= 0 ? resolve(mv, task, fd) : NULL;
	return e && map_listed(mv, e->name, e->id);
}

const char *call_map__note(const struct call_map *cm)
{
	return cm->note[0] ? cm->note : NULL;
}

void map_view__print_ret(struct map_view *mv, struct task *task,
			 struct printer *p)
{
	const struct bpf_call *call = task->call;
	char name[BPF_OBJ_NAME_LEN + 1];
	uint32_t id;

	if (call->cmd != BPF_MAP_CREATE || call->ret < 0)
		return;
	bpf_call__map_name(call, name);
	if (name[0]) {
		pr_printf(p, "<map:%s>", name);
		return;
	}
	if (!maps__fd_map_id(&mv->maps, task->tgid, task->tid, (int)call->ret,
			     &id))
		pr_printf(p, "<map:#%u>", id);
}

void map_view__summary_map(struct map_view *mv, struct task *task,
			   struct summary_map *out)
{
	const struct call_map *cm = &task->cmap;
	const struct bpf_call *call = task->call;
	char name[BPF_OBJ_NAME_LEN + 1];
	const struct map_entry *e = cm->use_fallback ? &cm->fallback :
				    cm->id ? maps__find(&mv->maps, cm->id) :
					     NULL;

	memset(out, 0, sizeof(*out));
	/* a MAP_CREATE counts for the map it made, not its inner_map_fd */
	if (call->cmd != BPF_MAP_CREATE) {
		if (e) {
			out->id = e->id;
			snprintf(out->name, sizeof(out->name), "%s", e->name);
		}
		return;
	}
	/* its name, its id once made */
	bpf_call__map_name(call, name);
	snprintf(out->name, sizeof(out->name), "%s", name);
	if (call->exiting && call->ret >= 0 &&
	    maps__fd_map_id(&mv->maps, task->tgid, task->tid, (int)call->ret,
			    &out->id))
		out->id = 0;	/* closed already: the name stays */
}

static void print_map_member(struct printer *p, const struct map_entry *e)
{
	pr_field(p, "map");
	pr_struct_begin(p);
	maps_print_entry(p, e);
	pr_struct_end(p);
}

static void print_elements(struct printer *p, const struct map_entry *e,
			   const struct call_map *cm, uint64_t flags)
{
	size_t ksize = e->desc.key_size;
	size_t vsize = map_data_value_buf_size(&e->desc, flags);
	uint32_t n = cm->keys.count > cm->values.count ? cm->keys.count :
							 cm->values.count;

	pr_field(p, "elements");
	pr_array_begin(p);
	for (uint32_t i = 0; i < n; i++) {
		const char *k = i < cm->keys.count ?
					(char *)cm->keys.data + i * ksize : NULL;
		const char *v = i < cm->values.count ?
					(char *)cm->values.data + i * vsize :
					NULL;

		pr_elem(p);
		pr_struct_begin(p);
		map_data_print_json(p, &e->desc, flags, k, k ? ksize : 0, v,
				    v ? vsize : 0);
		pr_struct_end(p);
	}
	pr_array_end(p);
}

/*
 * GET_NEXT_KEY has two keys and no value: bpftool's shapes, with the key
 * the kernel wrote as "next_key", raw and in "formatted".
 */
static void print_next_key(struct printer *p, const struct map_entry *e,
			   const struct call_map *cm)
{
	const struct map_bytes *keys[2] = { &cm->keys, &cm->next_key };
	const char *names[2] = { "key", "next_key" };

	for (int i = 0; i < 2; i++) {
		if (!keys[i]->data)
			continue;
		pr_field(p, names[i]);
		map_data_print_bytes(p, keys[i]->data, keys[i]->len);
	}
	if (!e->desc.btf || !e->desc.key_type_id)
		return;
	pr_field(p, "formatted");
	pr_struct_begin(p);
	for (int i = 0; i < 2; i++) {
		if (!keys[i]->data)
			continue;
		pr_field(p, names[i]);
		map_data_print_key(p, &e->desc, keys[i]->data, keys[i]->len);
	}
	pr_struct_end(p);
}

void map_view__json(struct map_view *mv, struct task *task, struct printer *p)
{
	struct call_map *cm = &task->cmap;
	struct map_entry *e = cm->use_fallback ? &cm->fallback :
			      cm->id ? maps__find(&mv->maps, cm->id) : NULL;
	uint64_t flags = bpf_call__elem_flags(task->call);

	if (!e)
		return;
	print_map_member(p, e);
	if (cm->note[0]) {
		pr_field(p, "btf_error");
		pr_quoted(p, cm->note, strlen(cm->note), QUOTE_OMIT_LIMIT);
	}
	if (bpf_call__is_batch(task->call)) {
		print_elements(p, e, cm, flags);
		return;
	}
	if (task->call->cmd == BPF_MAP_GET_NEXT_KEY) {
		print_next_key(p, e, cm);
		return;
	}
	map_data_print_json(p, &e->desc, flags, cm->keys.data, cm->keys.len,
			    cm->values.data, cm->values.len);
}
