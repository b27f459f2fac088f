// SPDX-License-Identifier: MIT
#include "core/maps.h"
#include "core/procns.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "decode/bpf_attr.h"	/* offsetofend */
#include "decode/btf_render.h"


/* Bounds: a tracer following thousands of maps keeps its memory flat. */
#define MAX_FDS 1024		/* each holds an open fdinfo file, */
#define FDS_RESERVE 64		/* leaving these of RLIMIT_NOFILE free */
#define MAX_MAPS 4096
/*
 * Parsed BTFs, bounded by their bytes: one of a BPF object is a few KiB,
 * vmlinux's (struct_ops values) ~6 MiB.  A count alone had to be small for
 * the large ones and made a tracee using more small ones than it fetch a
 * BTF at every call (100 maps of their own BTF each, looked up in turn:
 * 92 us a call against 40).
 */
#define MAX_BTFS 1024
#define MAX_BTF_BYTES (16u << 20)
/* what a parsed BTF holds beside its raw bytes: struct btf, type index */
#define BTF_OVERHEAD 512

struct fd_entry {
	struct lru_node node;	/* key: tgid << 32 | fd */
	int fdinfo;		/* open /proc/TID/fdinfo/FD */
	uint16_t map_id_at;	/* where its map_id line was last time */
};

struct btf_entry {
	struct lru_node node;	/* key: btf id */
	struct btf *btf;
	struct btf_plans *plans;	/* NULL: no memory for them */
};

static void release_fd(struct lru_node *node)
{
	struct fd_entry *e = lru_entry(node, struct fd_entry, node);

	close(e->fdinfo);
	free(e);
}

static void release_map(struct lru_node *node)
{
	free(lru_entry(node, struct map_entry, node));
}

static void release_btf(struct lru_node *node)
{
	struct btf_entry *e = lru_entry(node, struct btf_entry, node);

	btf_plans__free(e->plans);
	btf__free(e->btf);
	free(e);
}

int maps__init(struct maps *m)
{
	int cpus = libbpf_num_possible_cpus();

	struct rlimit nofile;
	unsigned int max_fds = MAX_FDS;

	m->nr_cpus = cpus > 0 ? cpus : 1;
	/* the tracer's own fds: output, /proc files, pidfds, libbpf's */
	if (!getrlimit(RLIMIT_NOFILE, &nofile) &&
	    nofile.rlim_cur < MAX_FDS + FDS_RESERVE)
		max_fds = nofile.rlim_cur > 2 * FDS_RESERVE ?
				  nofile.rlim_cur - FDS_RESERVE : FDS_RESERVE;
	if (lru__init(&m->fds, max_fds, SIZE_MAX, release_fd))
		return -ENOMEM;
	if (lru__init(&m->infos, MAX_MAPS, SIZE_MAX, release_map)) {
		lru__free(&m->fds);
		return -ENOMEM;
	}
	if (lru__init(&m->btfs, MAX_BTFS, MAX_BTF_BYTES, release_btf)) {
		lru__free(&m->infos);
		lru__free(&m->fds);
		return -ENOMEM;
	}
	return 0;
}

void maps__free(struct maps *m)
{
	lru__free(&m->fds);
	lru__free(&m->infos);
	lru__free(&m->btfs);
}

static uint64_t fd_key(pid_t tgid, int fd)
{
	return (uint64_t)(uint32_t)tgid << 32 | (uint32_t)fd;
}

static int open_fdinfo(struct maps *m, pid_t tid, int fd)
{
	char path[64], file[32];
	int f;

	snprintf(file, sizeof(file), "fdinfo/%d", fd);
	f = procns_path(path, sizeof(path), tid, file);
	if (f)
		return f;
	f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0 && (errno == EMFILE || errno == ENFILE) &&
	    m->fds.head.prev != &m->fds.head) {
		/* out of fds after all: one cached file makes room */
		lru__remove(&m->fds, m->fds.head.prev);
		f = open(path, O_RDONLY | O_CLOEXEC);
	}
	return f < 0 ? -errno : f;
}

/* The number after "\nkey:" in an fdinfo text, or -1. */
static long long fdinfo_field(const char *text, const char *key)
{
	char pattern[32];
	const char *line;

	snprintf(pattern, sizeof(pattern), "\n%s:", key);
	line = strstr(text, pattern);
	return line ? strtoll(line + strlen(pattern), NULL, 0) : -1;
}

#define MAP_ID_FIELD "\nmap_id:"

/* The fdinfo text of a map fd: 0, -ENOENT if it is no map, or -errno. */
static int read_fdinfo(int fdinfo, char *text, size_t size,
		       const char **map_id)
{
	ssize_t n = pread(fdinfo, text, size - 1, 0);

	if (n < 0)
		return -errno;
	text[n] = '\0';
	*map_id = strstr(text, MAP_ID_FIELD);
	return *map_id ? 0 : -ENOENT;
}

/*
 * Per call on a cached fd (the revalidation): one pread, and the map_id
 * line looked for first where it was last time (*hint: the lines before
 * it keep their length while the fd is the same map), then everywhere.
 */
static int read_map_id(int fdinfo, uint32_t *id, uint16_t *hint)
{
	char text[1024];
	const char *at;
	uint64_t v = 0;
	ssize_t n = pread(fdinfo, text, sizeof(text) - 1, 0);

	if (n < 0)
		return -errno;
	text[n] = '\0';
	if ((size_t)*hint + strlen(MAP_ID_FIELD) <= (size_t)n &&
	    !memcmp(text + *hint, MAP_ID_FIELD, strlen(MAP_ID_FIELD))) {
		at = text + *hint;
	} else {
		at = strstr(text, MAP_ID_FIELD);
		if (!at)
			return -ENOENT;
		*hint = at - text;
	}
	/* "map_id:\t%u\n", as the kernel prints it (bpf_map_show_fdinfo()) */
	for (at += strlen(MAP_ID_FIELD); *at == '\t' || *at == ' ';)
		at++;
	if (*at < '0' || *at > '9')
		return -ENOENT;
	for (; *at >= '0' && *at <= '9'; at++)
		v = v * 10 + (*at - '0');
	*id = v > UINT32_MAX ? 0 : (uint32_t)v;
	return 0;
}

int maps__fdinfo_entry(struct maps *m, pid_t tid, int fd,
		       struct map_entry *e)
{
	char text[1024];
	const char *at;
	int f = open_fdinfo(m, tid, fd);
	int err;

	if (f < 0)
		return f;
	err = read_fdinfo(f, text, sizeof(text), &at);
	close(f);
	if (err)
		return err;
	memset(e, 0, sizeof(*e));
	e->id = fdinfo_field(text, "map_id");
	e->max_entries = fdinfo_field(text, "max_entries");
	e->desc = (struct map_desc){
		.map_type = fdinfo_field(text, "map_type"),
		.key_size = fdinfo_field(text, "key_size"),
		.value_size = fdinfo_field(text, "value_size"),
		.map_flags = fdinfo_field(text, "map_flags"),
		.nr_cpus = m->nr_cpus,
	};
	return 0;
}

int maps__fd_map_id(struct maps *m, pid_t tgid, pid_t tid, int fd,
		    uint32_t *id)
{
	struct lru_node *node;
	struct fd_entry *e;
	int err;

	if (fd < 0)
		return -ENOENT;
	node = lru__get(&m->fds, fd_key(tgid, fd));
	if (node) {
		e = lru_entry(node, struct fd_entry, node);
		/* the kept-open file reads the fd as it is now */
		err = read_map_id(e->fdinfo, id, &e->map_id_at);
		if (err != -ENOENT && err != -ESRCH)
			return err;
		/* closed, not a map, or the thread it was opened through
		 * is gone: look again through this thread */
		lru__remove(&m->fds, node);
	}
	int f = open_fdinfo(m, tid, fd);
	uint16_t at = 0;

	if (f < 0)
		return f;
	err = read_map_id(f, id, &at);
	if (err) {
		close(f);
		return err;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		close(f);
		return 0;	/* the id is right, just not cached */
	}
	e->node.key = fd_key(tgid, fd);
	e->fdinfo = f;
	e->map_id_at = at;
	lru__put(&m->fds, &e->node);
	return 0;
}

struct map_entry *maps__find(struct maps *m, uint32_t id)
{
	struct lru_node *node = lru__get(&m->infos, id);

	return node ? lru_entry(node, struct map_entry, node) : NULL;
}

struct map_entry *maps__add(struct maps *m, const struct bpf_map_info *info,
			    size_t info_len)
{
	struct map_entry *e = maps__find(m, info->id);

	if (e)
		lru__remove(&m->infos, &e->node);
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->node.key = info->id;
	e->id = info->id;
	memcpy(e->name, info->name, BPF_OBJ_NAME_LEN);
	e->max_entries = info->max_entries;
	e->btf_id = info->btf_id;
	/* btf_vmlinux_value_type_id: Linux 5.6, after btf_value_type_id */
	if (info_len >= offsetofend(struct bpf_map_info,
				    btf_vmlinux_value_type_id))
		e->vmlinux_value_type_id = info->btf_vmlinux_value_type_id;
	e->desc = (struct map_desc){
		.map_type = info->type,
		.key_size = info->key_size,
		.value_size = info->value_size,
		.map_flags = info->map_flags,
		.key_type_id = info->btf_key_type_id,
		.value_type_id = info->btf_value_type_id,
		.nr_cpus = m->nr_cpus,
	};
	lru__put(&m->infos, &e->node);
	return e;
}

struct map_entry *maps__add_entry(struct maps *m, const struct map_entry *src)
{
	struct map_entry *e = maps__find(m, src->id);

	if (e)
		lru__remove(&m->infos, &e->node);
	e = malloc(sizeof(*e));
	if (!e)
		return NULL;
	*e = *src;
	e->node.key = src->id;
	e->node.weight = 0;
	lru__put(&m->infos, &e->node);
	return e;
}

struct btf *maps__find_btf(struct maps *m, uint32_t btf_id,
			   struct btf_plans **plans)
{
	struct lru_node *node = lru__get(&m->btfs, btf_id);
	struct btf_entry *e =
	    node ? lru_entry(node, struct btf_entry, node) : NULL;

	if (plans)
		*plans = e ? e->plans : NULL;
	return e ? e->btf : NULL;
}

struct btf *maps__add_btf(struct maps *m, uint32_t btf_id, struct btf *btf)
{
	struct btf_entry *e = calloc(1, sizeof(*e));
	uint32_t raw = 0;

	if (!e) {
		btf__free(btf);
		return NULL;
	}
	e->node.key = btf_id;
	btf__raw_data(btf, &raw);
	e->node.weight = raw + BTF_OVERHEAD + btf_plans__max_bytes();
	e->btf = btf;
	e->plans = btf_plans__new(btf);
	lru__put(&m->btfs, &e->node);
	return btf;
}

static int same_process(struct lru_node *node, void *arg)
{
	return (pid_t)(node->key >> 32) == *(pid_t *)arg;
}

void maps__forget_process(struct maps *m, pid_t tgid)
{
	lru__remove_if(&m->fds, same_process, &tgid);
}

void maps_print_entry(struct printer *p, const struct map_entry *e)
{
	pr_field(p, "id");
	pr_uint(p, e->id);
	pr_field(p, "name");
	pr_quoted(p, e->name, strlen(e->name), QUOTE_OMIT_LIMIT);
	pr_field(p, "type");
	map_data_print_type(p, e->desc.map_type);
	pr_field(p, "key_size");
	pr_uint(p, e->desc.key_size);
	pr_field(p, "value_size");
	pr_uint(p, e->desc.value_size);
	pr_field(p, "max_entries");
	pr_uint(p, e->max_entries);
	pr_field(p, "btf_id");
	pr_uint(p, e->btf_id);
}
