// SPDX-License-Identifier: MIT
/*
 * injtrace --bench, the decoding rows (docs/benchmarks.md):
 *   btf_fetch_cold  the whole fetch for a map never seen: map info, BTF fd,
 *                   blob, close, run in the tracee as one chain, parsed
 *   fetch_calls     the same calls and parse made by the tracer itself on
 *                   its own fd of the map, no stop: with inject_syscall
 *                   they are the floor of btf_fetch_cold (one injection
 *                   and its calls; bench/overhead.sh prints it)
 *   decode_cached   a lookup on a cached map: fd revalidation (fdinfo),
 *                   attr and key read (one process_vm_readv, as in a
 *                   loop that looks up from one buffer), value read,
 *                   typed text rendered
 *   decode_calls    decode_cached's three reads made by the tracer as
 *                   they are, nothing decoded: its floor
 *   getfd_info      pidfd_getfd + local BPF_OBJ_GET_INFO_BY_FD + close
 *   fdinfo_read     the map id of an fd from /proc/PID/fdinfo/FD, as the
 *                   cache revalidates it (pread of a kept-open file)
 * Every sample checks its result.  The map is made by the child (forked:
 * its statics sit at the same addresses as ours, so we know where its
 * attr is without asking).
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <time.h>

#include "core/bench_int.h"
#include "core/fetch.h"
#include "core/map_view.h"
#include "core/maps.h"
#include "core/proc.h"
#include "core/task.h"

struct bench_value {
	uint64_t slots[4];
	char comm[16];
};

/* The child's: the map fd and a lookup attr, key and value buffers. */
static int child_map_fd = -1;
static union bpf_attr child_attr;
static uint32_t child_key = 7;
static struct bench_value child_value;

struct bench_maps {
	struct map_view view;
	bool view_ready;	/* view initialised: bench_btf_fini() frees it */
	struct task task;
	int map_fd;
	uint32_t map_id;
	int own_map_fd;		/* ours, of the child's map (pidfd_getfd) */
	int fdinfo, mem;	/* decode_calls': the child's fdinfo and mem */
	char blob[64 * 1024];	/* fetch_calls' BTF blob */
};

/* In the child: struct bench_value typed by BTF, one element. */
void bench_btf_child_setup(void)
{
	struct btf *btf = btf__new_empty();
	struct bench_value v = { .slots = { 0, 0, 3, 1 }, .comm = "bench" };

	if (!btf)
		return;
	btf__add_int(btf, "__u32", 4, 0);			/* 1 */
	btf__add_int(btf, "__u64", 8, 0);			/* 2 */
	btf__add_int(btf, "char", 1, BTF_INT_CHAR);		/* 3 */
	btf__add_array(btf, 1, 2, 4);				/* 4 */
	btf__add_array(btf, 1, 3, 16);				/* 5 */
	btf__add_struct(btf, "bench_value", sizeof(v));		/* 6 */
	btf__add_field(btf, "slots", 4, 0, 0);
	btf__add_field(btf, "comm", 5, 32 * 8, 0);
	if (!btf__load_into_kernel(btf)) {
		LIBBPF_OPTS(bpf_map_create_opts, o, .btf_fd = btf__fd(btf),
			    .btf_key_type_id = 1, .btf_value_type_id = 6);

		child_map_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "bench", 4,
					      sizeof(v), 16, &o);
	}
	btf__free(btf);
	if (child_map_fd < 0 ||
	    bpf_map_update_elem(child_map_fd, &child_key, &v, BPF_ANY))
		return;
	child_attr.map_fd = child_map_fd;
	child_attr.key = (uintptr_t)&child_key;
	child_attr.value = (uintptr_t)&child_value;
	/* what the lookup would have written: the value at exit */
	child_value = v;
}

/* decode_calls' files, kept open as the decoding keeps its own. */
static int open_decode_files(struct bench *b, struct bench_maps *m)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", b->child,
		 m->map_fd);
	m->fdinfo = open(path, O_RDONLY | O_CLOEXEC);
	if (m->fdinfo < 0)
		return -errno;
	snprintf(path, sizeof(path), "/proc/%d/mem", b->child);
	m->mem = open(path, O_RDONLY | O_CLOEXEC);
	return m->mem < 0 ? -errno : 0;
}

int bench_btf_init(struct bench *b)
{
	struct bench_maps *m = calloc(1, sizeof(*m));
	int err;

	if (!m)
		return -ENOMEM;
	m->own_map_fd = m->fdinfo = m->mem = -1;
	b->maps = m;
	err = proc_read_mem(b->child, (uintptr_t)&child_map_fd, &m->map_fd,
			  sizeof(m->map_fd));
	if (err)
		return err;
	if (m->map_fd < 0)
		return -EPERM;	/* the child could not make its map */
	m->own_map_fd = fetch_getfd(b->child, m->map_fd);
	if (m->own_map_fd < 0)
		return m->own_map_fd;
	err = open_decode_files(b, m);
	if (err)
		return err;
	err = map_view__init(&m->view, BTF_MODE_INJECT, NULL, 0);
	if (err)
		return err;
	m->view_ready = true;
	m->task.tid = m->task.tgid = b->child;
	printer__init(&m->task.line, PRINTER_TEXT, 32);
	call_map__reset(&m->task.cmap);
	m->task.call = calloc(1, sizeof(*m->task.call));
	return m->task.call ? 0 : -ENOMEM;
}

void bench_btf_fini(struct bench *b)
{
	struct bench_maps *m = b->maps;

	if (!m)
		return;
	if (m->own_map_fd >= 0)
		close(m->own_map_fd);
	if (m->fdinfo >= 0)
		close(m->fdinfo);
	if (m->mem >= 0)
		close(m->mem);
	call_map__reset(&m->task.cmap);
	printer__free(&m->task.line);
	free(m->task.call);
	if (m->view_ready)
		map_view__free(&m->view);
	free(m);
	b->maps = NULL;
}

int bench_btf_fetch_cold(struct bench *b, uint64_t *ns)
{
	struct bench_maps *m = b->maps;
	struct bpf_map_info info;
	struct btf *btf = NULL;
	char note[96];
	size_t len;
	uint64_t t0;
	int err;

	/* at the getpid exit stop, where a fetch for a lookup would be */
	err = bench_step(b);
	if (err)
		return err;
	m->task.stop = INJ_STOP_SYSCALL_EXIT;
	t0 = bench_now_ns();
	err = fetch_map_inject(&m->view.inject, &m->task, m->map_fd, &info, &len, &btf,
			       note, sizeof(note));
	*ns = bench_now_ns() - t0;
	if (!err && (!btf || !info.btf_id || strcmp(info.name, "bench")))
		err = -EPROTO;
	m->map_id = info.id;
	btf__free(btf);
	return err ? err : bench_step(b);
}

int bench_fetch_calls(struct bench *b, uint64_t *ns)
{
	struct bench_maps *m = b->maps;
	struct bpf_map_info info = { 0 };
	struct bpf_btf_info btf_info = {
		.btf = (uintptr_t)m->blob,
		.btf_size = sizeof(m->blob),
	};
	__u32 len = sizeof(info);
	struct btf *btf = NULL;
	uint64_t t0 = bench_now_ns();
	int btf_fd = -1, err = 0;

	if (bpf_obj_get_info_by_fd(m->own_map_fd, &info, &len))
		err = -errno;
	if (!err && (btf_fd = bpf_btf_get_fd_by_id(info.btf_id)) < 0)
		err = -errno;
	len = sizeof(btf_info);
	if (!err && bpf_obj_get_info_by_fd(btf_fd, &btf_info, &len))
		err = -errno;
	if (btf_fd >= 0)
		close(btf_fd);
	if (!err && !(btf = btf__new(m->blob, btf_info.btf_size)))
		err = -errno;
	*ns = bench_now_ns() - t0;
	if (!err && strcmp(info.name, "bench"))
		err = -EPROTO;
	btf__free(btf);
	return err;
}

int bench_decode_cached(struct bench *b, uint64_t *ns)
{
	struct bench_maps *m = b->maps;
	struct task *task = &m->task;
	uint64_t t0;

	/* between samples the tracee waits at a getpid entry stop */
	task->stop = INJ_STOP_SYSCALL_ENTRY;
	t0 = bench_now_ns();
	task->env = (struct bpf_decode_env){
		.opaque = task,
		.read_mem = task__read_mem,
	};
	call_map__reset(&task->cmap);
	task__arm_prefetch(task);	/* as bpf_stop_entry() */
	map_view__env(&m->view, task, &task->env);
	bpf_call__init(task->call, BPF_MAP_LOOKUP_ELEM, (uintptr_t)&child_attr,
		       sizeof(child_attr), &task->env);
	printer__clear(&task->line);
	bpf_decode_entry(task->call, &task->line);
	task->call->exiting = true;
	task->call->ret = 0;
	bpf_decode_exit(task->call, &task->line);
	*ns = bench_now_ns() - t0;
	/* typed from the cache, never a fetch: "bench" and the string */
	if (!strstr(printer__str(&task->line), "<map:bench>") ||
	    !strstr(printer__str(&task->line), "comm=\"bench\""))
		return -EPROTO;
	return 0;
}

/*
 * The reads of decode_cached, each as its decoding makes it: the fdinfo
 * (pread of a kept-open file), the attr with the key (one
 * process_vm_readv of two spans), the value at exit (pread of /proc/PID/
 * mem).  Checked: the fdinfo names a map, the key and value are the
 * child's.
 */
int bench_decode_calls(struct bench *b, uint64_t *ns)
{
	struct bench_maps *m = b->maps;
	char text[1024];
	union bpf_attr attr;
	uint32_t key = 0;
	struct bench_value value;
	struct iovec local[2] = { { &attr, sizeof(attr) }, { &key, sizeof(key) } };
	struct iovec remote[2] = {
		{ &child_attr, sizeof(child_attr) },
		{ &child_key, sizeof(child_key) },
	};
	uint64_t t0;
	ssize_t n, got, vn;

	t0 = bench_now_ns();
	n = pread(m->fdinfo, text, sizeof(text) - 1, 0);
	got = process_vm_readv(b->child, local, 2, remote, 2, 0);
	vn = pread(m->mem, &value, sizeof(value), (off_t)(uintptr_t)&child_value);
	*ns = bench_now_ns() - t0;
	if (n < 0 || got < 0 || vn < 0)
		return -errno;
	text[n] = '\0';
	if (!strstr(text, "\nmap_id:") || got != sizeof(attr) + sizeof(key) ||
	    key != child_key || vn != sizeof(value) ||
	    strcmp(value.comm, "bench"))
		return -EPROTO;
	return 0;
}

int bench_getfd_info(struct bench *b, uint64_t *ns)
{
	struct bench_maps *m = b->maps;
	struct bpf_map_info info;
	size_t len;
	uint64_t t0 = bench_now_ns();
	int err = fetch_info_getfd(b->child, m->map_fd, &info, &len);

	*ns = bench_now_ns() - t0;
	if (!err && strcmp(info.name, "bench"))
		err = -EPROTO;
	return err;
}

int bench_fdinfo_read(struct bench *b, uint64_t *ns)
{
	struct bench_maps *m = b->maps;
	uint32_t id = 0;
	uint64_t t0 = bench_now_ns();
	int err = maps__fd_map_id(&m->view.maps, b->child, b->child, m->map_fd,
				  &id);

	*ns = bench_now_ns() - t0;
	if (!err && (!id || (m->map_id && id != m->map_id)))
		err = -EPROTO;
	return err;
}
