// SPDX-License-Identifier: MIT
/* Map keys and values, typed or raw, text or bpftool JSON: see map_data.h. */
#include "decode/map_data.h"

#include <ctype.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>

#include "decode/bpf_xlat.h"
#include "decode/btf_render.h"

bool map_data_percpu(const struct map_desc *m)
{
	switch (m->map_type) {
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return true;
	default:
		return false;
	}
}

bool map_data_value_is_list(const struct map_desc *m, uint64_t elem_flags)
{
	return map_data_percpu(m) &&
	       !(elem_flags & (MAP_DATA_F_CPU | MAP_DATA_F_ALL_CPUS));
}

/* The kernel copies per-CPU values 8-byte aligned (bpf_percpu_*_copy). */
static size_t percpu_stride(const struct map_desc *m)
{
	return ((size_t)m->value_size + 7) & ~(size_t)7;
}

static unsigned int nr_cpus(const struct map_desc *m)
{
	return m->nr_cpus ? m->nr_cpus : 1;
}

size_t map_data_value_buf_size(const struct map_desc *m, uint64_t elem_flags)
{
	if (!map_data_value_is_list(m, elem_flags))
		return m->value_size;
	return percpu_stride(m) * nr_cpus(m);
}

void map_data_print_bytes(struct printer *p, const void *data, size_t len)
{
	const unsigned char *s = data;
	size_t i;

	if (!printer__json(p)) {
		pr_quoted(p, data, len, QUOTE_FORCE_HEX);
		return;
	}
	pr_array_begin(p);
	for (i = 0; i < len; i++) {
		pr_elem(p);
		pr_printf(p, "\"0x%02x\"", s[i]);
	}
	pr_array_end(p);
}

static uint64_t load_u32(const unsigned char *s)
{
	uint32_t v;

	memcpy(&v, s, sizeof(v));
	return v;
}

/*
 * Maps whose values are fds on the way in and ids (or cookies) on the way
 * out, indexed by a u32: the kernel refuses BTF for all of them
 * (map_check_no_btf), so the layout is fixed by the uapi, key and value.
 * Their hash-keyed kin (HASH_OF_MAPS, SOCKHASH, DEVMAP_HASH) have keys of
 * any layout: those print as bytes, and so do their values, so that a line
 * never shows a decoded value beside a key it could not decode.
 */
static bool is_fd_array(const struct map_desc *m)
{
	if (m->key_size != 4)
		return false;
	switch (m->map_type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_CPUMAP:
		return true;
	default:
		return false;
	}
}

/* Text only: bpftool's JSON has raw bytes. */
static bool print_fd_value(struct printer *p, const struct map_desc *m,
			   const unsigned char *s, size_t len)
{
	const char *first;
	uint64_t v64;

	if (printer__json(p) || len < m->value_size || !is_fd_array(m))
		return false;
	switch (m->map_type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_XSKMAP:
		if (m->value_size != 4)
			return false;
		pr_printf(p, "[%llu]", (unsigned long long)load_u32(s));
		return true;
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		/* u32 or u64 fd in; u64 socket cookie out */
		if (m->value_size == 4) {
			v64 = load_u32(s);
		} else if (m->value_size == 8) {
			memcpy(&v64, s, sizeof(v64));
		} else {
			return false;
		}
		pr_printf(p, "[%llu]", (unsigned long long)v64);
		return true;
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_CPUMAP:
		/* struct bpf_devmap_val / bpf_cpumap_val (5.9+): prog fd/id */
		first = m->map_type == BPF_MAP_TYPE_CPUMAP ? "qsize" :
								"ifindex";
		if (m->value_size == 4) {
			pr_printf(p, "[%llu]", (unsigned long long)load_u32(s));
			return true;
		}
		if (m->value_size != 8)
			return false;
		pr_struct_begin(p);
		pr_field(p, first);
		pr_uint(p, load_u32(s));
		pr_field(p, "bpf_prog");
		pr_uint(p, load_u32(s + 4));
		pr_struct_end(p);
		return true;
	default:
		return false;
	}
}

/* Typed by BTF when possible; text wraps a scalar pointee as strace: [7]. */
static void print_typed(struct printer *p, const struct map_desc *m,
			uint32_t type_id, const void *data, size_t len,
			bool bracket)
{
	bracket = bracket && !printer__json(p) &&
		  btf_render_planned_is_scalar(p, m->btf, m->plans, type_id);
	if (bracket)
		pr_raw(p, "[");
	btf_render_planned(p, m->btf, m->plans, type_id, data, len);
	if (bracket)
		pr_raw(p, "]");
}

void map_data_print_key(struct printer *p, const struct map_desc *m,
			const void *data, size_t len)
{
	if (m->btf && m->key_type_id)
		print_typed(p, m, m->key_type_id, data, len, true);
	else if (!printer__json(p) && is_fd_array(m) && len == 4)
		pr_printf(p, "[%llu]", (unsigned long long)load_u32(data));
	else
		map_data_print_bytes(p, data, len);
}

/* One value slot: typed, or an fd/id, or bytes (value_size of them). */
static void print_one_value(struct printer *p, const struct map_desc *m,
			    const unsigned char *s, size_t len, bool typed,
			    bool bracket)
{
	if (typed && m->btf && m->value_type_id)
		print_typed(p, m, m->value_type_id, s, len, bracket);
	else if (!typed || !print_fd_value(p, m, s, len))
		map_data_print_bytes(p, s, len < m->value_size ?
						   len : m->value_size);
}

/* [{cpu=0, v=...}, ...] / [{"cpu": 0, "value": ...}, ...] */
static void print_percpu(struct printer *p, const struct map_desc *m,
			 const unsigned char *s, size_t len, bool typed)
{
	unsigned int limit = printer__json(p) ? 0 : p->string_limit;
	size_t step = percpu_stride(m);
	unsigned int cpu;

	pr_array_begin(p);
	for (cpu = 0; cpu < nr_cpus(m); cpu++) {
		size_t off = (size_t)cpu * step;
		size_t n;

		if (limit && cpu >= limit) {
			/* strace abbreviates at -s elements */
			pr_more(p);
			break;
		}
		if (off >= len || (!m->value_size && cpu)) {
			pr_more(p);
			pr_comment(p, "truncated: %zu of %zu bytes", len,
				   step * nr_cpus(m));
			break;
		}
		n = len - off < m->value_size ? len - off : m->value_size;
		pr_elem(p);
		pr_struct_begin(p);
		pr_field(p, "cpu");
		pr_uint(p, cpu);
		pr_field(p, printer__json(p) ? "value" : "v");
		print_one_value(p, m, s + off, n, typed, false);
		pr_struct_end(p);
	}
	pr_array_end(p);
}

void map_data_print_value(struct printer *p, const struct map_desc *m,
			  uint64_t elem_flags, const void *data, size_t len)
{
	if (map_data_value_is_list(m, elem_flags))
		print_percpu(p, m, data, len, true);
	else
		print_one_value(p, m, data, len, true, true);
}

void map_data_print_json(struct printer *p, const struct map_desc *m,
			 uint64_t elem_flags, const void *key, size_t key_len,
			 const void *value, size_t value_len)
{
	bool list = map_data_value_is_list(m, elem_flags);
	const char *vname = list ? "values" : "value";

	if (key) {
		pr_field(p, "key");
		map_data_print_bytes(p, key, key_len);
	}
	if (value) {
		pr_field(p, vname);
		if (list)
			print_percpu(p, m, value, value_len, false);
		else
			print_one_value(p, m, value, value_len, false, false);
	}
	/* bpftool fetches BTF only for maps with a value type */
	if (!m->btf || !m->value_type_id || (!key && !value))
		return;
	pr_field(p, "formatted");
	pr_struct_begin(p);
	if (key && m->key_type_id) {
		pr_field(p, "key");
		btf_render_planned(p, m->btf, m->plans, m->key_type_id, key,
				   key_len);
	}
	if (value) {
		pr_field(p, vname);
		map_data_print_value(p, m, elem_flags, value, value_len);
	}
	pr_struct_end(p);
}

void map_data_print_type(struct printer *p, uint32_t type)
{
	const char *name = xlat_name(bpf_map_types, type);
	char lower[64];
	size_t i;

	if (!name || strncmp(name, "BPF_MAP_TYPE_", 13)) {
		pr_uint(p, type);
		return;
	}
	name += 13;
	for (i = 0; name[i] && i < sizeof(lower) - 1; i++)
		lower[i] = tolower((unsigned char)name[i]);
	lower[i] = '\0';
	pr_token(p, lower);
}
