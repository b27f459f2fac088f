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

#include <sys/types.h>

#include "core/cli.h"
#include "core/fetch.h"
#include "core/maps.h"
#include "decode/bpf_decode.h"
#include "decode/printer.h"

struct task;

/*
 * The map side of the tracer, handed to every call that needs it as
 * compel hands its parasite_ctl: the caches of map identities and BTF,
 * the engine's per-process states and its queue of the stops it consumed
 * (the tracer's loop takes them from inject.waitq first), the BTF mode
 * and the -e map= filter.  The tracer owns one; nothing in it points back
 * to the tracer.
 */
struct map_view {
	struct maps maps;	/* map ids, info and BTF of the tracees */
	struct fetch_ctx inject;	/* the engine's states and wait queue */
	enum btf_mode btf;	/* --btf= */
	const char *const *names;	/* -e map=NAME, nnames of them */
	unsigned int nnames;
	const uint32_t *ids;	/* -e map=#ID, nids of them (none: all) */
	unsigned int nids;
	/* --plain: fds print as numbers, keys and values as addresses; the
	 * hooks still resolve maps and count bytes, for -c */
	bool plain;
	unsigned long fetches;	/* map infos fetched (cache misses) */
};

/* Bytes of keys or values read for one call (JSON output). */
struct map_bytes {
	void *data;
	size_t len;		/* bytes read */
	uint32_t count;		/* elements */
};

/* The map state of the call in flight of a task. */
struct call_map {
	struct map_view *view;	/* the hooks' context (map_view__env()) */
	int fd;			/* -1: none resolved */
	uint32_t id;		/* 0: the fd is no map */
	/* the fd's map with its BTF attached, while the caches' drops are
	 * entry_drops (maps__drops()): the call's later hooks skip the
	 * lookups */
	struct map_entry *entry;
	uint64_t entry_drops;
	char note[192];		/* "btf: ..." reason, or "" */
	/* what fdinfo told when the map's info could not be fetched */
	struct map_entry fallback;
	bool use_fallback;
	struct map_bytes keys, values, next_key;
	/* bytes of keys and values the call moved (-c) */
	uint64_t key_bytes, value_bytes;
};

struct summary_map;

int map_view__init(struct map_view *mv, enum btf_mode btf,
		   const char *const *names, unsigned int nnames)
	__attribute__((warn_unused_result));
void map_view__free(struct map_view *mv);
/*
 * Process tgid exec'd (its scratch page died with its mm) or is gone (its
 * engine state goes too); its fd entries go either way.
 */
void map_view__forget_process(struct map_view *mv, pid_t tgid, bool exec);

/*
 * Fills env with the hooks that reach the task's maps through mv, for the
 * call in flight (after call_map__reset()).
 */
void map_view__env(struct map_view *mv, struct task *task,
		   struct bpf_decode_env *env);
/* Forgets the per-call state (at entry of a new call). */
void call_map__reset(struct call_map *cm);

/*
 * -e map=: is this call on one of the named maps?  Resolves the map fd of
 * the attr (entry stop).  True when no map filter is set.
 */
bool map_view__selected(struct map_view *mv, struct task *task);

/* " /" "* btf: reason *" "/" after the line, or NULL. */
const char *call_map__note(const struct call_map *cm);
/* "4<map:hists>" for the return of a successful BPF_MAP_CREATE. */
void map_view__print_ret(struct map_view *mv, struct task *task,
			 struct printer *p);
/* -c: the map the call worked on (or made), as the trace names it. */
void map_view__summary_map(struct map_view *mv, struct task *task,
			   struct summary_map *out);
/* JSON: the members after "attr" ("map", "key", ...), or nothing. */
void map_view__json(struct map_view *mv, struct task *task,
		    struct printer *p);

#endif
