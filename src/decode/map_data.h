/* SPDX-License-Identifier: MIT */
/*
 * Map keys and values as injtrace(1) prints them: typed by the map's BTF
 * (btf_render), or raw bytes; per-CPU values with the kernel's stride;
 * fd/id-holding maps as the number they hold.
 *
 * Text: key=[7] (strace's pointer-to-scalar), value={a=1, ...},
 * per-CPU value=[{cpu=0, v=...}, ...], no BTF "\x07\x00\x00\x00" cut at -s.
 * JSON: bpftool 7.1 `map dump -j` shapes: "key": ["0x07", ...], per-CPU
 * "values": [{"cpu": 0, "value": ...}], "formatted": {"key": 7, ...}.
 */
#ifndef INJTRACE_DECODE_MAP_DATA_H
#define INJTRACE_DECODE_MAP_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/printer.h"

struct btf;
struct btf_plans;

/* What the renderer needs to know about a map (from BPF_OBJ_GET_INFO_BY_FD). */
struct map_desc {
	uint32_t map_type;	/* enum bpf_map_type */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t map_flags;
	/*
	 * NULL: bytes only.  For struct_ops maps pass vmlinux BTF and
	 * btf_vmlinux_value_type_id as value_type_id (as bpftool does).
	 */
	const struct btf *btf;
	/* btf's render plans (btf_render.h), owned with it; NULL: none */
	struct btf_plans *plans;
	uint32_t key_type_id;	/* 0: key untyped (bpftool omits it) */
	uint32_t value_type_id;	/* 0: nothing typed, no "formatted" */
	unsigned int nr_cpus;	/* libbpf_num_possible_cpus() */
};

/* Elem flags of kernel 6.19+, not in bookworm's <linux/bpf.h>. */
#define MAP_DATA_F_CPU (1ULL << 3)	/* cpu number in flags >> 32 */
#define MAP_DATA_F_ALL_CPUS (1ULL << 4)

/* PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH, PERCPU_CGROUP_STORAGE. */
bool map_data_percpu(const struct map_desc *m);
/*
 * Bytes of one value buffer of a call with these elem flags:
 * round_up(value_size, 8) x nr_cpus for per-CPU maps, value_size when
 * BPF_F_CPU / BPF_F_ALL_CPUS select a single slot or the map is not per-CPU.
 */
size_t map_data_value_buf_size(const struct map_desc *m, uint64_t elem_flags);

/* bpftool's name of a map type: "hash", "percpu_array"; unknown: a number. */
void map_data_print_type(struct printer *p, uint32_t type);

/* Text "\x07\x00..." cut at string_limit; JSON ["0x07","0x00",...] whole. */
void map_data_print_bytes(struct printer *p, const void *data, size_t len);

/*
 * A key (len bytes read from the tracee).  Text: typed when the map has a
 * key type (scalars in brackets: [7]), else bytes.  JSON: the "formatted"
 * key when typed, else the bytes array.
 */
void map_data_print_key(struct printer *p, const struct map_desc *m,
			const void *data, size_t len);

/*
 * A value buffer of len bytes (map_data_value_buf_size() when fully read).
 * Text: typed / fd-or-id number / bytes; per-CPU maps
 * [{cpu=0, v=...}, ...].  JSON: the "formatted" value when typed (per-CPU:
 * [{"cpu": 0, "value": ...}]), else bytes (per-CPU: the same list of raw
 * arrays).  Name the member "values" when map_data_value_is_list().
 */
void map_data_print_value(struct printer *p, const struct map_desc *m,
			  uint64_t elem_flags, const void *data, size_t len);
/* The value prints as a per-CPU list (bpftool's "values"). */
bool map_data_value_is_list(const struct map_desc *m, uint64_t elem_flags);

/*
 * JSON only: the members of one bpftool `map dump -j` element, into the
 * object the caller has open:
 *   "key": [...], "value": [...] | "values": [{"cpu": N, "value": [...]}],
 *   "formatted": {"key": ..., "value": ... | "values": [...]}
 * key or value NULL (not read, or not filled by the kernel): left out;
 * "formatted" only when the map has a value type, as in bpftool.
 */
void map_data_print_json(struct printer *p, const struct map_desc *m,
			 uint64_t elem_flags, const void *key, size_t key_len,
			 const void *value, size_t value_len);

#endif
