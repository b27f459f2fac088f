// SPDX-License-Identifier: MIT
/*
 * Fuzz target (b): the typed renderer.  A raw BTF blob parsed by libbpf
 * (anything libbpf accepts is what a tracee can load into the kernel and
 * injtrace then fetches), a type id and data bytes, rendered in text and
 * JSON by btf_render() and as map keys and values by map_data (per-CPU
 * strides, fd maps, bpftool's JSON element).  JSON output must be valid.
 * Render plans (btf_render_planned()) must print what btf_render() prints,
 * byte for byte, with the same result: at the top of the output and deep
 * in it (where the printer's nesting bound is near), in text at two -s
 * limits and in JSON, when the plan is made and when it is run again.
 *
 * Input: u32 type id, u32 key type id, u32 map type, u32 key size,
 * u32 value size, u8 cpus, u64 elem flags, u16 blob length, blob, then
 * the data (the first key-size bytes are also the key).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "decode/btf_render.h"
#include "decode/map_data.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Opened levels before the value: the plans' nesting guard is near. */
#define DEEP (PRINTER_MAX_DEPTH - 8)

/*
 * The value as one member, nest levels deep, by btf_render() or through
 * plans (non-NULL); p is left holding the output.
 */
static int render_at(struct printer *p, const struct btf *btf,
		     struct btf_plans *plans, uint32_t id, const void *bytes,
		     size_t len, unsigned int nest)
{
	int err;

	for (unsigned int i = 0; i < nest; i++) {
		pr_struct_begin(p);
		pr_field(p, "v");
	}
	err = plans ? btf_render_planned(p, btf, plans, id, bytes, len)
		    : btf_render(p, btf, id, bytes, len);
	printer__close_to(p, 0);
	return err;
}

static void render(const struct btf *btf, struct btf_plans *plans, uint32_t id,
		   const void *bytes, size_t len, enum printer_mode mode,
		   unsigned int limit)
{
	static const unsigned int nests[] = {0, DEEP};

	for (size_t n = 0; n < sizeof(nests) / sizeof(nests[0]); n++) {
		struct printer want, got;
		int err = 0, got_err;

		printer__init(&want, mode, limit);
		err = render_at(&want, btf, NULL, id, bytes, len, nests[n]);
		if (mode == PRINTER_JSON && !nests[n])
			fuzz_check_json(want.buf ? want.buf : "", want.len,
					"btf_render: invalid JSON");
		/* made by the first render, run as made by the second */
		for (int again = 0; again < 2; again++) {
			printer__init(&got, mode, limit);
			got_err = render_at(&got, btf, plans, id, bytes, len,
					    nests[n]);
			if (got_err != err || got.len != want.len ||
			    memcmp(got.buf, want.buf, want.len)) {
				fprintf(stderr,
					"render plan differs (type %u, %s, "
					"-s %u, nested %u):\n"
					"btf_render  %d: %s\n"
					"planned     %d: %s\n",
					id,
					mode == PRINTER_JSON ? "JSON" : "text",
					limit, nests[n], err, want.buf, got_err,
					got.buf);
				abort();
			}
			printer__free(&got);
		}
		printer__free(&want);
	}
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
	struct fuzz_in in = {data, size};
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
	struct btf_plans *plans;
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
	plans = btf_plans__new(btf);
	render(btf, plans, type_id, bytes, len, PRINTER_TEXT, 32);
	render(btf, plans, type_id, bytes, len, PRINTER_TEXT, 2);
	render(btf, plans, type_id, bytes, len, PRINTER_JSON, 32);
	if (btf_render_planned_is_scalar(&(struct printer){0}, btf, plans,
					 type_id) !=
	    btf_render_is_scalar(btf, type_id)) {
		fprintf(stderr, "render plan: is_scalar differs\n");
		abort();
	}

	m.btf = btf;
	m.plans = plans;
	m.value_type_id = type_id;
	map_data(&m, elem_flags, bytes, len, PRINTER_TEXT);
	map_data(&m, elem_flags, bytes, len, PRINTER_JSON);
	m.btf = NULL;
	m.plans = NULL;
	map_data(&m, elem_flags, bytes, len, PRINTER_JSON);
	btf_plans__free(plans);
	btf__free(btf);
	free(bytes);
	return 0;
}
