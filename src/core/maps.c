// SPDX-License-Identifier: MIT
#include "core/maps.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef offsetofend
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))
#endif

/* Bounds: a tracer following thousands of maps keeps its memory flat. */
#define MAX_FDS 1024		/* each holds an open fdinfo file */
#define MAX_MAPS 4096
#define MAX_BTFS 64		/* a parsed BTF can be megabytes (vmlinux) */

struct fd_entry {
	struct lru_node node;	/* key: tgid << 32 | fd */
	int fdinfo;		/* open /proc/TID/fdinfo/FD */
};

struct btf_entry {
	struct lru_node node;	/* key: btf id */
	struct btf *btf;
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

	btf__free(e->btf);
	free(e);
}

int maps__init(struct maps *m)
{
	int cpus = libbpf_num_possible_cpus();

	m->nr_cpus = cpus > 0 ? cpus : 1;
	if (lru__init(&m->fds, MAX_FDS, release_fd))
		return -ENOMEM;
	if (lru__init(&m->infos, MAX_MAPS, release_map)) {
		lru__free(&m->fds);
		return -ENOMEM;
	}
	if (lru__init(&m->btfs, MAX_BTFS, release_btf)) {
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

static int open_fdinfo(pid_t tid, int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", tid, fd);
	int f = open(path, O_RDONLY | O_CLOEXEC);

	return f < 0 ? -errno : f;
}

/* map_id from the text of an fdinfo file; -ENOENT if it is no map. */
static int parse_map_id(const char *text, uint32_t *id)
{
	const char *line = strstr(text, "\nmap_id:");

	if (!line)
		return -ENOENT;
	*id = strtoul(line + strlen("\nmap_id:"), NULL, 10);
	return 0;
}

static int read_map_id(int fdinfo, uint32_t *id)
{
	char text[1024];
	ssize_t n = pread(fdinfo, text, sizeof(text) - 1, 0);

	if (n < 0)
		return -errno;
	text[n] = '\0';
	return parse_map_id(text, id);
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
		err = read_map_id(e->fdinfo, id);
		if (err != -ENOENT && err != -ESRCH)
			return err;
		/* closed, not a map, or the thread it was opened through
		 * is gone: look again through this thread */
		lru__remove(&m->fds, node);
	}
	int f = open_fdinfo(tid, fd);

	if (f < 0)
		return f == -ENOENT ? -ENOENT : f;
	err = read_map_id(f, id);
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

struct btf *maps__find_btf(struct maps *m, uint32_t btf_id)
{
	struct lru_node *node = lru__get(&m->btfs, btf_id);

	return node ? lru_entry(node, struct btf_entry, node)->btf : NULL;
}

struct btf *maps__add_btf(struct maps *m, uint32_t btf_id, struct btf *btf)
{
	struct btf_entry *e = calloc(1, sizeof(*e));

	if (!e) {
		btf__free(btf);
		return NULL;
	}
	e->node.key = btf_id;
	e->btf = btf;
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
