/* SPDX-License-Identifier: MIT */
/*
 * What --dump writes, one map at a time and streamed: a map's head, its
 * elements chunk by chunk, its end.
 *
 * Text, typed as the trace prints keys and values:
 *   pid 1234 fd 3<map:hists>: id=42, name="hists", type=hash,
 *       key_size=4, value_size=32, max_entries=64, btf_id=50,
 *       map_flags=0, key_type="__u32", value_type="struct rec"
 *   \tkey=[7], value={pid=1007, ...}
 *   \t/\* 20 elements *\/
 * JSON, one line per map: {"pid", "fd", "id", "name", "type", "key_size",
 * "value_size", "max_entries", "btf_id", "elements": [bpftool map dump -j
 * entries], "map_flags", "key_type", "value_type", "btf_error", "error"}
 * ("elements" left out when the map was not read: "error" says why).
 */
#ifndef INJTRACE_CORE_DUMP_PRINT_H
#define INJTRACE_CORE_DUMP_PRINT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/maps.h"
#include "decode/printer.h"

struct dump_out {
	FILE *file;
	struct printer p;
	bool json;
	/* the map being written */
	const struct map_entry *e;
	const char *btf_note;
	bool elements_open;
	unsigned long count;
};

void dump_out__init(struct dump_out *o, FILE *file, bool json,
		    unsigned int string_limit);
void dump_out__free(struct dump_out *o);

/* The map's head; btf_note: why it has no types ("" or NULL: none). */
void dump_out__map_begin(struct dump_out *o, pid_t pid, int fd,
			 const struct map_entry *e, const char *btf_note);
/* n elements: keys key_size apart, values one value buffer apart. */
void dump_out__elements(struct dump_out *o, const void *keys,
			const void *values, unsigned int n, size_t key_size,
			size_t value_size);
/* The map's end; error: why it was not read (whole), or NULL. */
void dump_out__map_end(struct dump_out *o, const char *error);

#endif
