// SPDX-License-Identifier: MIT
/* Map commands against strace 6.1's output for the same attrs. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "fake_env.h"

#define ATTR 0x10000
#define KEY 0x20000
static struct fake f;
static union {
	unsigned char b[256];
	uint32_t u32[64];
	uint64_t u64[32];
} a;
static char name[] = "0123456789abcdef";

static void setup(void)
{
	fake_init(&f, PRINTER_TEXT);
	memset(&a, 0, sizeof(a));
	fake_map(&f, ATTR, &a, sizeof(a));
}

static void teardown(void)
{
	fake_free(&f);
}

TestSuite(map, .init = setup, .fini = teardown);

static void map_create_attr(void)
{
	a.u32[0] = 1;		/* hash */
	a.u32[1] = 4;
	a.u32[2] = 8;
	a.u32[3] = 16;
	memcpy(&a.b[28], "probe", 5);
}

Test(map, create)
{
	map_create_attr();
	cr_expect_str_eq(fake_call(&f, 0, ATTR, 72, 3),
		"BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4, "
		"value_size=8, max_entries=16, map_flags=0, inner_map_fd=0, "
		"map_name=\"probe\", map_ifindex=0, btf_fd=0, "
		"btf_key_type_id=0, btf_value_type_id=0, "
		"btf_vmlinux_value_type_id=0, map_extra=0}");
	cr_expect_str_eq(fake_call(&f, 0, ATTR, 20, 3),
		"BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4, "
		"value_size=8, max_entries=16, map_flags=0}");
	cr_expect_str_eq(fake_call(&f, 0, ATTR, 4, -EINVAL),
		"BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=0, "
		"value_size=0, max_entries=0}");
}

Test(map, create_newer_fields)
{
	map_create_attr();
	a.u32[19] = 5;		/* map_token_fd, Linux 6.9 */
	cr_expect_str_eq(fake_call(&f, 0, ATTR, 144, 3),
		"BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4, "
		"value_size=8, max_entries=16, map_flags=0, inner_map_fd=0, "
		"map_name=\"probe\", map_ifindex=0, btf_fd=0, "
		"btf_key_type_id=0, btf_value_type_id=0, "
		"btf_vmlinux_value_type_id=0, map_extra=0, "
		"value_type_btf_obj_fd=0, map_token_fd=5, excl_prog_hash=NULL, "
		"excl_prog_hash_size=0}");
	a.b[100] = 1;
	cr_expect(strstr(fake_call(&f, 0, ATTR, 144, 3),
			 "excl_prog_hash_size=0, ...}"));
}

Test(map, create_odd_values)
{
	map_create_attr();
	a.u32[0] = 77;
	a.u32[4] = 4 | 1 | 0x80000000;	/* NUMA_NODE|NO_PREALLOC|unknown */
	a.u32[5] = -1;
	a.u32[6] = -1;
	memcpy(&a.b[28], name, 16);
	a.u32[12] = -1;		/* btf_fd */
	a.u64[8] = 0x1234;	/* map_extra */
	cr_expect_str_eq(fake_call(&f, 0, ATTR, 72, -EINVAL),
		"BPF_MAP_CREATE, {map_type=0x4d /* BPF_MAP_TYPE_??? */, "
		"key_size=4, value_size=8, max_entries=16, "
		"map_flags=BPF_F_NO_PREALLOC|BPF_F_NUMA_NODE|0x80000000, "
		"inner_map_fd=-1, numa_node=4294967295 /* NUMA_NO_NODE */, "
		"map_name=\"0123456789abcde\"..., map_ifindex=0, btf_fd=-1, "
		"btf_key_type_id=0, btf_value_type_id=0, "
		"btf_vmlinux_value_type_id=0, map_extra=4660}");
	a.u32[4] = 0x80000000;
	a.b[30] = 1;
	a.b[31] = '7';
	a.b[33] = 0;
	cr_expect_str_eq(fake_call(&f, 0, ATTR, 35, -EINVAL),
		"BPF_MAP_CREATE, {map_type=0x4d /* BPF_MAP_TYPE_??? */, "
		"key_size=4, value_size=8, max_entries=16, "
		"map_flags=0x80000000 /* BPF_F_??? */, inner_map_fd=-1, "
		"map_name=\"01\\00174\"}");
}

static void elem_attr(uint64_t flags)
{
	a.u32[0] = 3;
	a.u64[1] = KEY;
	a.u64[2] = KEY + 8;
	a.u64[3] = flags;
}

Test(map, lookup)
{
	elem_attr(0);
	cr_expect_str_eq(fake_call(&f, 1, ATTR, 32, 0),
		"BPF_MAP_LOOKUP_ELEM, {map_fd=3, key=0x20000, value=0x20008, "
		"flags=BPF_ANY}");
	elem_attr(4 | 2);
	cr_expect_str_eq(fake_call(&f, 21, ATTR, 32, -EINVAL),
		"BPF_MAP_LOOKUP_AND_DELETE_ELEM, {map_fd=3, key=0x20000, "
		"value=0x20008, flags=BPF_F_LOCK|0x2}");
	cr_expect_str_eq(fake_call(&f, 1, ATTR, 24, 0),
		"BPF_MAP_LOOKUP_ELEM, {map_fd=3, key=0x20000, "
		"value=0x20008}");
	cr_expect_str_eq(fake_call(&f, 1, ATTR, 8, -EFAULT),
		"BPF_MAP_LOOKUP_ELEM, {map_fd=3, key=NULL, value=NULL}");
}

Test(map, lookup_value_at_exit_only_on_success)
{
	elem_attr(0);
	f.map_data = true;
	cr_expect_str_eq(fake_entry(&f, 1, ATTR, 32),
		"BPF_MAP_LOOKUP_ELEM, {map_fd=3, key=<key*1@0x20000>");
	cr_expect_str_eq(fake_exit(&f, 0),
		"BPF_MAP_LOOKUP_ELEM, {map_fd=3, key=<key*1@0x20000>, "
		"value=<value*1@0x20008>, flags=BPF_ANY}");
	cr_expect_str_eq(fake_call(&f, 1, ATTR, 32, -ENOENT),
		"BPF_MAP_LOOKUP_ELEM, {map_fd=3, key=<key*1@0x20000>, "
		"value=0x20008, flags=BPF_ANY}");
	a.u64[1] = 0;		/* queue pop */
	cr_expect_str_eq(fake_call(&f, 21, ATTR, 32, 0),
		"BPF_MAP_LOOKUP_AND_DELETE_ELEM, {map_fd=3, key=NULL, "
		"value=<value*1@0x20008>, flags=BPF_ANY}");
}

Test(map, update)
{
	elem_attr(1);
	cr_expect_str_eq(fake_call(&f, 2, ATTR, 32, 0),
		"BPF_MAP_UPDATE_ELEM, {map_fd=3, key=0x20000, value=0x20008, "
		"flags=BPF_NOEXIST}");
	elem_attr(6);
	cr_expect_str_eq(fake_call(&f, 2, ATTR, 32, 0),
		"BPF_MAP_UPDATE_ELEM, {map_fd=3, key=0x20000, value=0x20008, "
		"flags=0x6 /* BPF_??? */}");
	cr_expect_str_eq(fake_call(&f, 2, ATTR, 8, -EFAULT),
		"BPF_MAP_UPDATE_ELEM, {map_fd=3, key=NULL, value=NULL, "
		"flags=BPF_ANY}");
	f.map_data = true;
	elem_attr(2);
	cr_expect_str_eq(fake_entry(&f, 2, ATTR, 32),
		"BPF_MAP_UPDATE_ELEM, {map_fd=3, key=<key*1@0x20000>, "
		"value=<value*1@0x20008>, flags=BPF_EXIST}");
}

Test(map, delete_next_key_freeze)
{
	elem_attr(1);
	cr_expect_str_eq(fake_call(&f, 3, ATTR, 32, -EINVAL),
		"BPF_MAP_DELETE_ELEM, {map_fd=3, key=0x20000, ...}");
	cr_expect_str_eq(fake_call(&f, 3, ATTR, 16, 0),
		"BPF_MAP_DELETE_ELEM, {map_fd=3, key=0x20000}");
	a.u64[1] = 0;
	cr_expect_str_eq(fake_call(&f, 4, ATTR, 24, 0),
		"BPF_MAP_GET_NEXT_KEY, {map_fd=3, key=NULL, "
		"next_key=0x20008}");
	f.map_data = true;
	cr_expect_str_eq(fake_call(&f, 4, ATTR, 24, 0),
		"BPF_MAP_GET_NEXT_KEY, {map_fd=3, key=NULL, "
		"next_key=<key*1@0x20008>}");
	cr_expect_str_eq(fake_call(&f, 4, ATTR, 24, -ENOENT),
		"BPF_MAP_GET_NEXT_KEY, {map_fd=3, key=NULL, "
		"next_key=0x20008}");
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 4, 0),
		"BPF_MAP_FREEZE, {map_fd=3}");
}

static void batch_attr(uint32_t count)
{
	a.u64[0] = 0;
	a.u64[1] = KEY + 0x100;	/* out_batch */
	a.u64[2] = KEY;		/* keys */
	a.u64[3] = KEY + 0x40;	/* values */
	a.u32[8] = count;
	a.u32[9] = 3;
}

Test(map, lookup_batch)
{
	batch_attr(4);
	fake_entry(&f, 24, ATTR, 56);
	a.u32[8] = 1;		/* the kernel found one */
	cr_expect_str_eq(fake_exit(&f, -ENOENT),
		"BPF_MAP_LOOKUP_BATCH, {batch={in_batch=NULL, "
		"out_batch=0x20100, keys=0x20000, values=0x20040, count=4, "
		"map_fd=3, elem_flags=BPF_ANY, flags=0}} => "
		"{batch={count=1}}");
	f.map_data = true;
	batch_attr(4);
	fake_entry(&f, 25, ATTR, 56);
	a.u32[8] = 2;
	cr_expect_str_eq(fake_exit(&f, 0),
		"BPF_MAP_LOOKUP_AND_DELETE_BATCH, {batch={in_batch=NULL, "
		"out_batch=0x20100, keys=<key*2@0x20000>, "
		"values=<value*2@0x20040>, count=4, map_fd=3, "
		"elem_flags=BPF_ANY, flags=0}} => {batch={count=2}}");
	batch_attr(4);
	a.u64[6] = 0x10;
	a.b[60] = 1;
	cr_expect_str_eq(fake_call(&f, 24, ATTR, 64, -EINVAL),
		"BPF_MAP_LOOKUP_BATCH, {batch={in_batch=NULL, "
		"out_batch=0x20100, keys=0x20000, values=0x20040, count=4, "
		"map_fd=3, elem_flags=BPF_ANY, flags=0x10}, ...}");
}

Test(map, update_delete_batch)
{
	batch_attr(2);
	a.u64[5] = 4;
	fake_entry(&f, 26, ATTR, 56);
	a.u32[8] = 1;
	cr_expect_str_eq(fake_exit(&f, -EINVAL),
		"BPF_MAP_UPDATE_BATCH, {batch={keys=0x20000, values=0x20040, "
		"count=2, map_fd=3, elem_flags=BPF_F_LOCK, flags=0}} => "
		"{batch={count=1}}");
	batch_attr(2);
	a.u64[5] = 0;
	f.map_data = true;
	cr_expect_str_eq(fake_call(&f, 27, ATTR, 56, 0),
		"BPF_MAP_DELETE_BATCH, {batch={keys=<key*2@0x20000>, count=2, "
		"map_fd=3, elem_flags=BPF_ANY, flags=0}}");
}

Test(map, json)
{
	fake_free(&f);
	fake_init(&f, PRINTER_JSON);
	fake_map(&f, ATTR, &a, sizeof(a));
	map_create_attr();
	a.u32[4] = 0x80000004;
	memcpy(&a.b[28], "q\"\\\001", 4);
	cr_expect(fake_json_valid(fake_call(&f, 0, ATTR, 144, 3)),
		  "%s", printer__str(&f.p));
	elem_attr(6);
	cr_expect(fake_json_valid(fake_call(&f, 2, ATTR, 32, 0)));
	cr_expect(fake_json_valid(fake_call(&f, 1, ATTR, 40, 0)));
	batch_attr(4);
	fake_entry(&f, 24, ATTR, 56);
	a.u32[8] = 1;
	cr_expect(fake_json_valid(fake_exit(&f, -ENOENT)), "%s",
		  printer__str(&f.p));
}
