/* SPDX-License-Identifier: MIT */
/*
 * The tracer's side of typed map data: which map a tracee's fd is (cached,
 * revalidated per call), the fetch of its info and BTF when it is new, and
 * the decode hooks that print "4<map:hists>" and typed keys/values (text)
 * or stash the bytes for the JSON members "map", "key", "value",
 * "formatted" and "elements".
 */
#ifndef INJTRACE_CORE_MAP_VIEW_H
#define INJTRACE_CORE_MAP_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/maps.h"
#include "decode/bpf_decode.h"
#include "decode/printer.h"

struct tracer;
struct task;

/* Bytes of keys or values read for one call (JSON output). */
struct map_bytes {
	void *data;
	size_t len;		/* bytes read */
	uint32_t count;		/* elements */
};

/* The map state of the call in flight of a task. */
struct call_map {
	int fd;			/* -1: none resolved */
	uint32_t id;		/* 0: the fd is no map */
	char note[96];		/* "btf: ..." reason, or "" */
	/* what fdinfo told when the map's info could not be fetched */
	struct map_entry fallback;
	bool use_fallback;
	struct map_bytes keys, values, next_key;
};

/* Fills env with the hooks that reach task's maps through tr. */
void map_view_env(struct tracer *tr, struct task *task,
		  struct bpf_decode_env *env);
/* Forgets the per-call state (at entry of a new call). */
void call_map__reset(struct call_map *cm);

/*
 * -e map=: is this call on one of the named maps?  Resolves the map fd of
 * the attr (entry stop).  True when no map filter is set.
 */
bool map_view_selected(struct tracer *tr, struct task *task);

/* " /" "* btf: reason *" "/" after the line, or NULL. */
const char *map_view_note(const struct task *task);
/* "4<map:hists>" for the return of a successful BPF_MAP_CREATE. */
void map_view_print_ret(struct tracer *tr, struct task *task,
			struct printer *p);
/* JSON: the members after "attr" ("map", "key", ...), or nothing. */
void map_view_json(struct tracer *tr, struct task *task, struct printer *p);

#endif
