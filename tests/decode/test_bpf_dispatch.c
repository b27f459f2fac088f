// SPDX-License-Identifier: MIT
/* The rules common to every command: sizes, unknown commands, extra data. */
#include <criterion/criterion.h>
#include <string.h>

#include "decode/bpf_decode.h"
#include "fake_env.h"
#include "json_check.h"

#define ATTR 0x10000
static struct fake f;
static unsigned char attr[8192];

static void setup(void)
{
	fake_init(&f, PRINTER_TEXT);
	memset(attr, 0, sizeof(attr));
	fake_map(&f, ATTR, attr, sizeof(attr));
}

static void teardown(void)
{
	fake_free(&f);
}

TestSuite(dispatch, .init = setup, .fini = teardown);

Test(dispatch, names)
{
	cr_expect_str_eq(bpf_cmd_name(0), "BPF_MAP_CREATE");
	cr_expect_str_eq(bpf_cmd_name(35), "BPF_PROG_BIND_MAP");
	cr_expect_str_eq(bpf_cmd_name(38), "BPF_PROG_ASSOC_STRUCT_OPS");
	cr_expect_null(bpf_cmd_name(39));
	cr_expect_eq(bpf_cmd_parse("BPF_MAP_LOOKUP_ELEM"), 1);
	cr_expect_eq(bpf_cmd_parse("map_lookup_elem"), 1);
	cr_expect_eq(bpf_cmd_parse("token_create"), 36);
	cr_expect_eq(bpf_cmd_parse("map_lookup"), -1);
	cr_expect_eq(bpf_cmd_parse("BPF_"), -1);
}

Test(dispatch, unknown_cmd)
{
	cr_expect_str_eq(fake_call(&f, 0x63, ATTR, 16, -22),
			 "0x63 /* BPF_??? */, 0x10000");
	cr_expect_str_eq(fake_call(&f, 0x10063, ATTR, 16, -22),
			 "0x10063 /* BPF_??? */, 0x10000");
	cr_expect_str_eq(fake_call(&f, 0x63, 0, 16, -22),
			 "0x63 /* BPF_??? */, NULL");
}

Test(dispatch, common_attrs_flag)
{
	cr_expect_str_eq(fake_call(&f, 22 | (1U << 16), ATTR, 4, 0),
			 "BPF_MAP_FREEZE|BPF_COMMON_ATTRS, {map_fd=0}");
}

Test(dispatch, upper_bits_ignored)
{
	/* the kernel takes int cmd, unsigned int size */
	cr_expect_str_eq(fake_call(&f, 0xffffffff00000016ULL, ATTR,
				   0x100000004ULL, 0),
			 "BPF_MAP_FREEZE, {map_fd=0}");
}

Test(dispatch, bad_size)
{
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 0, -22),
			 "BPF_MAP_FREEZE, 0x10000");
	cr_expect_str_eq(fake_call(&f, 0, ATTR, 8192, -7),
			 "BPF_MAP_CREATE, 0x10000");
	cr_expect_str_eq(fake_call(&f, 0, ATTR, 4097, -7),
			 "BPF_MAP_CREATE, 0x10000");
}

Test(dispatch, size_page_is_read)
{
	attr[100] = 1;
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 4096, -22),
			 "BPF_MAP_FREEZE, {map_fd=0, ...}");
}

Test(dispatch, unreadable_attr)
{
	cr_expect_str_eq(fake_call(&f, 22, 0x8, 4, -14),
			 "BPF_MAP_FREEZE, 0x8");
	/* the attr runs past the readable memory */
	cr_expect_str_eq(fake_call(&f, 22, ATTR + sizeof(attr) - 4, 8, -14),
			 "BPF_MAP_FREEZE, 0x11ffc");
}

Test(dispatch, partial_size)
{
	/* strace copies MIN(size, known): map_fd=0x12345 cut to 2 bytes */
	uint32_t fd = 0x12345;

	memcpy(attr, &fd, 4);
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 2, -9),
			 "BPF_MAP_FREEZE, {map_fd=9029}");
}

Test(dispatch, extra_data)
{
	attr[4] = 0;
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 24, -22),
			 "BPF_MAP_FREEZE, {map_fd=0}");
	attr[20] = 7;
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 24, -22),
			 "BPF_MAP_FREEZE, {map_fd=0, ...}");
	f.env.verbose = true;
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 24, -22),
			 "BPF_MAP_FREEZE, {map_fd=0, extra_data=\"\\x00\\x00"
			 "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
			 "\\x00\\x00\\x00\\x00\\x07\\x00\\x00\\x00\" "
			 "/* bytes 4..23 */}");
}

Test(dispatch, fd_annotation)
{
	uint32_t fd = 3;

	memcpy(attr, &fd, 4);
	f.annotate_fds = true;
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 4, 0),
			 "BPF_MAP_FREEZE, {map_fd=3<fake>}");
}

Test(dispatch, json)
{
	fake_free(&f);
	fake_init(&f, PRINTER_JSON);
	fake_map(&f, ATTR, attr, sizeof(attr));
	attr[20] = 7;
	cr_expect_str_eq(fake_call(&f, 22, ATTR, 24, -22),
			 "{\"map_fd\": 0}");
	cr_expect(fake_json_valid(printer__str(&f.p) + f.attr_at));
	cr_expect_str_eq(fake_call(&f, 0x63, ATTR, 16, -22),
			 "\"0x10000\"");
	cr_expect(fake_json_valid(printer__str(&f.p) + f.attr_at));
	cr_expect_str_eq(fake_call(&f, 0x63, 0, 16, -22),
			 "null");
	cr_expect(json_valid("{\"a\": [1, 2.5e3, \"x\\u0001\"]}"));
	cr_expect(!json_valid("{\"a\": 0x10}"));
	cr_expect(!json_valid("{\"a\": 1,}"));
}
