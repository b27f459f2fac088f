/* SPDX-License-Identifier: MIT */
/*
 * What the tracer knows about the tracees' maps, all bounded (LRU):
 *  - (process, fd) -> map id, revalidated on every use by a pread() of a
 *    kept-open /proc/TID/fdinfo/FD: an fd closed and reused for another
 *    map is never decoded with the old map's types;
 *  - map id -> map info (name, type, sizes, BTF ids);
 *  - BTF id -> parsed BTF (BTF objects never change; ids are global).
 */
#ifndef INJTRACE_CORE_MAPS_H
#define INJTRACE_CORE_MAPS_H

#include <linux/bpf.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/lru.h"
#include "decode/map_data.h"

struct btf;

struct map_entry {
	struct lru_node node;		/* key: map id */
	uint32_t id;
	char name[BPF_OBJ_NAME_LEN + 1];
	uint32_t max_entries;
	uint32_t btf_id;
	uint32_t vmlinux_value_type_id;	/* struct_ops maps */
	struct map_desc desc;		/* desc.btf is set at each use */
	/* why the map has no usable BTF ("" when it has): a text note */
	char btf_note[192];
};

struct maps {
	struct lru fds;
	struct lru infos;
	struct lru btfs;
	unsigned int nr_cpus;
};

int maps__init(struct maps *m) __attribute__((warn_unused_result));
void maps__free(struct maps *m);

/*
 * The id of the map the fd of process tgid (seen through thread tid) refers
 * to now: 0, -ENOENT when the fd is closed or not a map, -errno else.
 */
int maps__fd_map_id(struct maps *m, pid_t tgid, pid_t tid, int fd,
		    uint32_t *id) __attribute__((warn_unused_result));

/*
 * What /proc/TID/fdinfo/FD tells of a map (id, type, sizes, flags: no
 * name, no BTF), into e: for printing bytes when the info fetch failed.
 */
int maps__fdinfo_entry(struct maps *m, pid_t tid, int fd,
		       struct map_entry *e) __attribute__((warn_unused_result));

/* The cached info of map id, or NULL. */
struct map_entry *maps__find(struct maps *m, uint32_t id);
/* Caches info (from BPF_OBJ_GET_INFO_BY_FD); NULL on allocation failure. */
struct map_entry *maps__add(struct maps *m, const struct bpf_map_info *info,
			    size_t info_len);

/* Caches a copy of an entry made otherwise (maps__fdinfo_entry()). */
struct map_entry *maps__add_entry(struct maps *m, const struct map_entry *src);

/*
 * The parsed BTF of btf_id, or NULL; its render plans (btf_render.h) in
 * *plans when plans is given (NULL: none).
 */
struct btf *maps__find_btf(struct maps *m, uint32_t btf_id,
			   struct btf_plans **plans);
/*
 * Takes ownership of btf (freed on eviction, with the plans made for it);
 * returns it, NULL on failure.
 */
struct btf *maps__add_btf(struct maps *m, uint32_t btf_id, struct btf *btf);

/*
 * Map info and BTF dropped so far: a map_entry (and the BTF its desc points
 * at) found while this was N is still there as long as it is N.
 */
static inline uint64_t maps__drops(const struct maps *m)
{
	return m->infos.drops + m->btfs.drops;
}

/*
 * The members "id", "name", "type" (bpftool's name), "key_size",
 * "value_size", "max_entries", "btf_id" of e, into the object p has open.
 */
void maps_print_entry(struct printer *p, const struct map_entry *e);

/* Drops what is per process (fd entries) at its exec or exit. */
void maps__forget_process(struct maps *m, pid_t tgid);

#endif
