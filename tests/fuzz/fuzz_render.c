// SPDX-License-Identifier: MIT
/*
 * Fuzz target (b): the typed renderer.  A raw BTF blob parsed by libbpf
 * (anything libbpf accepts is what a tracee can load into the kernel and
 * injtrace then fetches), a type id and data bytes, rendered in text and
 * JSON by btf_render() and as map keys and values by map_data (per-CPU
 * strides, fd maps, bpftool's JSON element).  JSON output must be valid.
 *
 * Input: u32 type id, u32 key type id, u32 map type, u32 key size,
 * u32 value size, u8 cpus, u64 elem flags, u16 blob length, blob, then
 * the data (the first key-size bytes are also the key).
 */
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "decode/btf_render.h"
#include "decode/map_data.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void render(const struct btf *btf, uint32_t id, const void *bytes,
		   size_t len, enum printer_mode mode, unsigned int limit)
{
	struct printer p;

	printer__init(&p, mode, limit);
	btf_render(&p, btf, id, bytes, len);
	if (mode == PRINTER_JSON)
		fuzz_check_json(p.buf ? p.buf : "", p.len,
				"btf_render: invalid JSON");
	printer__free(&p);
}

static void map_data(const struct map_desc *m, uint64_t elem_flags,
		     const uint8_t *bytes, size_t len, enum printer_mode mode)
{
	struct printer p;
	size_t key_len = m->key_size < len ? m->key_size : len;
	size_t value_len = map_data_value_buf_size(m, elem_flags);

	if (value_len > len)
		value_len = len;
	printer__init(&p, mode, 32);
	if (mode == PRINTER_JSON) {
		pr_struct_begin(&p);
		map_data_print_json(&p, m, elem_flags, bytes, key_len, bytes,
				    value_len);
		pr_struct_end(&p);
		fuzz_check_json(p.buf, p.len, "map_data: invalid JSON");
	} else {
		pr_struct_begin(&p);
		pr_field(&p, "key");
		map_data_print_key(&p, m, bytes, key_len);
		pr_field(&p, "value");
		map_data_print_value(&p, m, elem_flags, bytes, value_len);
		pr_struct_end(&p);
	}
	printer__free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint32_t type_id = fuzz_u32(&in);
	struct map_desc m = {
		.key_type_id = fuzz_u32(&in),
		.map_type = fuzz_u32(&in) % 40,
		.key_size = fuzz_u32(&in) % 4096,
		.value_size = fuzz_u32(&in) % 4096,
		.nr_cpus = fuzz_u8(&in) % 8 + 1,
	};
	uint64_t elem_flags = fuzz_u64(&in);
	size_t blob_len, len;
	const uint8_t *blob = fuzz_bytes(&in, fuzz_u16(&in), &blob_len);
	const uint8_t *tail = fuzz_bytes(&in, in.len, &len);
	struct btf *btf;
	/* as injtrace reads tracee bytes: into a buffer of their own */
	uint8_t *bytes;

	/* what libbpf rejects is logged, not a finding */
	libbpf_set_print(NULL);
	btf = btf__new(blob, blob_len);
	if (!btf)
		return 0;
	bytes = malloc(len + 1);
	memcpy(bytes, tail, len);
	render(btf, type_id, bytes, len, PRINTER_TEXT, 32);
	render(btf, type_id, bytes, len, PRINTER_JSON, 32);
	btf_render_is_scalar(btf, type_id);

	m.btf = btf;
	m.value_type_id = type_id;
	map_data(&m, elem_flags, bytes, len, PRINTER_TEXT);
	map_data(&m, elem_flags, bytes, len, PRINTER_JSON);
	m.btf = NULL;
	map_data(&m, elem_flags, bytes, len, PRINTER_JSON);
	btf__free(btf);
	free(bytes);
	return 0;
}
