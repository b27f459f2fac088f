// SPDX-License-Identifier: MIT
/* Keys and values of maps: typed, raw, per-CPU, fd-holding, bpftool JSON. */
#include <criterion/criterion.h>
#include <bpf/btf.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode/btf_render.h"
#include "decode/map_data.h"
#include "json_check.h"

/* the descs render through plans, as injtrace's do */
TestSuite(map_data, .init = fx_setup_plans, .fini = fx_teardown_plans);

enum which { KEY, VALUE, JSON_ELEM };

static char *print(enum printer_mode mode, const struct map_desc *m,
		   enum which w, uint64_t flags, const void *data, size_t len)
{
	struct printer p;
	char *s;

	printer__init(&p, mode, 32);
	if (w == KEY) {
		map_data_print_key(&p, m, data, len);
	} else if (w == VALUE) {
		map_data_print_value(&p, m, flags, data, len);
	} else {
		pr_struct_begin(&p);
		map_data_print_json(&p, m, flags, "\x07\0\0\0", 4, data, len);
		pr_struct_end(&p);
	}
	cr_assert_eq(p.depth, 0);
	s = strdup(printer__str(&p));
	printer__free(&p);
	return s;
}

static void expect(const struct map_desc *m, enum which w, uint64_t flags,
		   const void *data, size_t len, const char *text,
		   const char *json)
{
	char *t = print(PRINTER_TEXT, m, w, flags, data, len);
	char *j = print(PRINTER_JSON, m, w, flags, data, len);

	if (text)
		cr_expect_str_eq(t, text);
	cr_expect_str_eq(j, json);
	cr_expect(json_valid(j), "not JSON: %s", j);
	free(t);
	free(j);
}

static struct map_desc hash_desc(void)
{
	return (struct map_desc){
	    .map_type = BPF_MAP_TYPE_HASH,
	    .key_size = 4,
	    .value_size = 12,
	    .btf = fx.btf,
	    .plans = fx_plans,
	    .key_type_id = fx.td_u32,
	    .value_type_id = fx.key,
	    .nr_cpus = 2,
	};
}

Test(map_data, scalar_key_in_brackets_as_spec)
{
	struct map_desc m = hash_desc();

	expect(&m, KEY, 0, "\x07\0\0\0", 4, "[7]", "7");
	m.key_type_id = fx.key;
	expect(&m, KEY, 0, "\x07\0\0\0bash\0\0\0\0", 12,
	       "{pid=7, comm=\"bash\"}", "{\"pid\": 7, \"comm\": \"bash\"}");
}

Test(map_data, no_btf_is_bytes)
{
	struct map_desc m = hash_desc();
	unsigned char big[40];

	m.btf = NULL;
	expect(&m, KEY, 0, "\x07\0\0\0", 4, "\"\\x07\\x00\\x00\\x00\"",
	       "[\"0x07\", \"0x00\", \"0x00\", \"0x00\"]");
	/* cut at -s in text; bpftool's JSON has every byte */
	memset(big, 0xab, sizeof(big));
	char *t = print(PRINTER_TEXT, &m, KEY, 0, big, sizeof(big));

	cr_expect(strstr(t, "\\xab\"...") && strlen(t) == 2 + 32 * 4 + 3, "%s",
		  t);
	free(t);
}

Test(map_data, typed_value_and_scalar_value)
{
	struct map_desc m = hash_desc();

	expect(&m, VALUE, 0, "\x07\0\0\0sh\0\0\0\0\0\0", 12,
	       "{pid=7, comm=\"sh\"}", "{\"pid\": 7, \"comm\": \"sh\"}");
	m.value_type_id = fx.color;
	m.value_size = 4;
	expect(&m, VALUE, 0, "\x02\0\0\0", 4, "[BLUE]", "\"BLUE\"");
}

Test(map_data, percpu_values_with_kernel_stride)
{
	struct map_desc m = hash_desc();
	unsigned char v[32] = {0};

	m.map_type = BPF_MAP_TYPE_PERCPU_HASH;
	m.value_type_id = fx.pc; /* 12 bytes: stride 16 */
	put64(v, 5);
	put32(v + 8, -1);
	put64(v + 16, 6);
	put32(v + 24, 2);
	cr_expect_eq(map_data_value_buf_size(&m, 0), 32);
	cr_expect(map_data_value_is_list(&m, 0));
	expect(&m, VALUE, 0, v, 32,
	       "[{cpu=0, v={cnt=5, delta=-1}}, {cpu=1, v={cnt=6, delta=2}}]",
	       "[{\"cpu\": 0, \"value\": {\"cnt\": 5, \"delta\": -1}}, "
	       "{\"cpu\": 1, \"value\": {\"cnt\": 6, \"delta\": 2}}]");
	/* short buffer: what fits, a note, valid JSON */
	expect(&m, VALUE, 0, v, 20,
	       "[{cpu=0, v={cnt=5, delta=-1}}, {cpu=1, v={...} "
	       "/* truncated: 4 of 12 bytes */}]",
	       "[{\"cpu\": 0, \"value\": {\"cnt\": 5, \"delta\": -1}}, "
	       "{\"cpu\": 1, \"value\": {\"...\": \"truncated\"}}]");
	/* BPF_F_CPU: one slot of value_size */
	cr_expect_eq(map_data_value_buf_size(&m, MAP_DATA_F_CPU | 1ULL << 32),
		     12);
	expect(&m, VALUE, MAP_DATA_F_CPU, v, 12, "{cnt=5, delta=-1}",
	       "{\"cnt\": 5, \"delta\": -1}");
}

Test(map_data, percpu_without_btf)
{
	struct map_desc m = {.map_type = BPF_MAP_TYPE_PERCPU_ARRAY,
			     .key_size = 4,
			     .value_size = 2,
			     .nr_cpus = 2};

	expect(&m, VALUE, 0, "\x01\x02\0\0\0\0\0\0\x03\x04", 10,
	       "[{cpu=0, v=\"\\x01\\x02\"}, {cpu=1, v=\"\\x03\\x04\"}]",
	       "[{\"cpu\": 0, \"value\": [\"0x01\", \"0x02\"]}, "
	       "{\"cpu\": 1, \"value\": [\"0x03\", \"0x04\"]}]");
}

Test(map_data, fd_and_id_maps)
{
	struct map_desc m = {.map_type = BPF_MAP_TYPE_PROG_ARRAY,
			     .key_size = 4,
			     .value_size = 4,
			     .nr_cpus = 2};

	expect(&m, VALUE, 0, "\x05\0\0\0", 4, "[5]",
	       "[\"0x05\", \"0x00\", \"0x00\", \"0x00\"]");
	/* an index key prints as one, beside the fd value */
	expect(&m, KEY, 0, "\x01\0\0\0", 4, "[1]",
	       "[\"0x01\", \"0x00\", \"0x00\", \"0x00\"]");
	/* hash-keyed: the key is bytes, so is the value */
	m.map_type = BPF_MAP_TYPE_HASH_OF_MAPS;
	expect(&m, KEY, 0, "\x01\0\0\0", 4, "\"\\x01\\x00\\x00\\x00\"",
	       "[\"0x01\", \"0x00\", \"0x00\", \"0x00\"]");
	expect(&m, VALUE, 0, "\x2a\0\0\0", 4, "\"\\x2a\\x00\\x00\\x00\"",
	       "[\"0x2a\", \"0x00\", \"0x00\", \"0x00\"]");
	m.map_type = BPF_MAP_TYPE_SOCKMAP;
	m.value_size = 8;
	expect(&m, VALUE, 0, "\x01\0\0\0\x01\0\0\0", 8, "[4294967297]",
	       "[\"0x01\", \"0x00\", \"0x00\", \"0x00\", \"0x01\", "
	       "\"0x00\", \"0x00\", \"0x00\"]");
	m.map_type = BPF_MAP_TYPE_DEVMAP;
	expect(&m, VALUE, 0, "\x03\0\0\0\x09\0\0\0", 8,
	       "{ifindex=3, bpf_prog=9}",
	       "[\"0x03\", \"0x00\", \"0x00\", \"0x00\", \"0x09\", \"0x00\", "
	       "\"0x00\", \"0x00\"]");
	m.map_type = BPF_MAP_TYPE_CPUMAP;
	expect(&m, VALUE, 0, "\x00\x01\0\0\0\0\0\0", 8,
	       "{qsize=256, bpf_prog=0}",
	       "[\"0x00\", \"0x01\", \"0x00\", \"0x00\", \"0x00\", \"0x00\", "
	       "\"0x00\", \"0x00\"]");
}

Test(map_data, json_element_like_bpftool)
{
	struct map_desc m = hash_desc();

	expect(&m, JSON_ELEM, 0, "\x07\0\0\0sh\0\0\0\0\0\0", 12, NULL,
	       "{\"key\": [\"0x07\", \"0x00\", \"0x00\", \"0x00\"], "
	       "\"value\": [\"0x07\", \"0x00\", \"0x00\", \"0x00\", \"0x73\", "
	       "\"0x68\", \"0x00\", \"0x00\", \"0x00\", \"0x00\", \"0x00\", "
	       "\"0x00\"], \"formatted\": {\"key\": 7, \"value\": "
	       "{\"pid\": 7, \"comm\": \"sh\"}}}");
	/* no key type: bpftool leaves "key" out of "formatted" */
	m.key_type_id = 0;
	m.map_type = BPF_MAP_TYPE_PERCPU_ARRAY;
	m.value_type_id = fx.td_u32;
	m.value_size = 4;
	expect(&m, JSON_ELEM, 0, "\x01\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0", 16,
	       NULL,
	       "{\"key\": [\"0x07\", \"0x00\", \"0x00\", \"0x00\"], "
	       "\"values\": [{\"cpu\": 0, \"value\": [\"0x01\", \"0x00\", "
	       "\"0x00\", \"0x00\"]}, {\"cpu\": 1, \"value\": [\"0x02\", "
	       "\"0x00\", \"0x00\", \"0x00\"]}], \"formatted\": {\"values\": "
	       "[{\"cpu\": 0, \"value\": 1}, {\"cpu\": 1, \"value\": 2}]}}");
	/* no value type: no "formatted" at all */
	m.value_type_id = 0;
	expect(&m, JSON_ELEM, MAP_DATA_F_ALL_CPUS, "\x01\0\0\0", 4, NULL,
	       "{\"key\": [\"0x07\", \"0x00\", \"0x00\", \"0x00\"], "
	       "\"value\": [\"0x01\", \"0x00\", \"0x00\", \"0x00\"]}");
}

/* Any map description, any bytes, any length: the JSON stays valid. */
Test(map_data, json_always_valid)
{
	static const uint32_t types[] = {
	    BPF_MAP_TYPE_HASH,
	    BPF_MAP_TYPE_PERCPU_ARRAY,
	    BPF_MAP_TYPE_PROG_ARRAY,
	    BPF_MAP_TYPE_DEVMAP,
	    BPF_MAP_TYPE_LRU_PERCPU_HASH,
	};
	unsigned int n = btf__type_cnt(fx.btf);
	unsigned char buf[512];

	srand(2);
	for (int round = 0; round < 3000; round++) {
		struct map_desc m = {
		    .map_type = types[rand() % 5],
		    .key_size = rand() % 24,
		    .value_size = rand() % 200,
		    .btf = rand() % 4 ? fx.btf : NULL,
		    .plans = fx_plans,
		    .key_type_id = rand() % n,
		    .value_type_id = rand() % n,
		    .nr_cpus = 1 + rand() % 3,
		};
		size_t vlen = rand() % sizeof(buf);
		struct printer p;

		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = rand();
		printer__init(&p, PRINTER_JSON, 32);
		pr_struct_begin(&p);
		map_data_print_json(&p, &m, rand() % 2 ? MAP_DATA_F_CPU : 0,
				    buf, m.key_size, buf, vlen);
		pr_struct_end(&p);
		cr_assert(json_valid(printer__str(&p)), "%s", printer__str(&p));
		printer__free(&p);
	}
}
