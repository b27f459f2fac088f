// SPDX-License-Identifier: MIT
/* Object, id and BTF commands against strace 6.1's output. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "fake_env.h"

#define ATTR 0x10000
#define MEM 0x20000
static struct fake f;
static union {
	unsigned char b[256];
	uint32_t u32[64];
	uint64_t u64[32];
} a;
static unsigned char mem[8192];

static void setup(void)
{
	fake_init(&f, PRINTER_TEXT);
	memset(&a, 0, sizeof(a));
	memset(mem, 0, sizeof(mem));
	fake_map(&f, ATTR, &a, sizeof(a));
	fake_map(&f, MEM, mem, sizeof(mem));
}

static void teardown(void)
{
	fake_free(&f);
}

TestSuite(obj, .init = setup, .fini = teardown);

Test(obj, pin_get)
{
	strcpy((char *)mem, "/sys/fs/bpf/x");
	a.u64[0] = MEM;
	a.u32[2] = -1;
	a.u32[3] = 8 | 16 | 0x100;
	cr_expect_str_eq(fake_call(&f, 6, ATTR, 16, -EINVAL),
		"BPF_OBJ_PIN, {pathname=\"/sys/fs/bpf/x\", bpf_fd=-1, "
		"file_flags=BPF_F_RDONLY|BPF_F_WRONLY|0x100}");
	cr_expect_str_eq(fake_call(&f, 7, ATTR, 12, -EINVAL),
		"BPF_OBJ_GET, {pathname=\"/sys/fs/bpf/x\", bpf_fd=-1}");
	cr_expect_str_eq(fake_call(&f, 7, ATTR, 8, -ENOENT),
		"BPF_OBJ_GET, {pathname=\"/sys/fs/bpf/x\", bpf_fd=0}");
	a.u32[4] = -100;	/* path_fd, Linux 6.5 */
	cr_expect_str_eq(fake_call(&f, 7, ATTR, 20, -EINVAL),
		"BPF_OBJ_GET, {pathname=\"/sys/fs/bpf/x\", bpf_fd=-1, "
		"file_flags=BPF_F_RDONLY|BPF_F_WRONLY|0x100, "
		"path_fd=AT_FDCWD}");
	a.u64[0] = 8;
	cr_expect_str_eq(fake_call(&f, 7, ATTR, 12, -EFAULT),
		"BPF_OBJ_GET, {pathname=0x8, bpf_fd=-1}");
	a.u64[0] = 0;
	cr_expect_str_eq(fake_call(&f, 7, ATTR, 12, -EFAULT),
		"BPF_OBJ_GET, {pathname=NULL, bpf_fd=-1}");
}

Test(obj, long_path_not_cut)
{
	memset(mem, 'a', 99);
	a.u64[0] = MEM;
	cr_expect(strstr(fake_call(&f, 7, ATTR, 12, -ENOENT),
			 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","));
	/* a path ending at the last readable byte, with no NUL */
	memset(mem, 'b', sizeof(mem));
	a.u64[0] = MEM + sizeof(mem) - 2;
	cr_expect_str_eq(fake_call(&f, 7, ATTR, 12, -ENOENT),
		"BPF_OBJ_GET, {pathname=\"bb\"..., bpf_fd=0}");
}

Test(obj, get_next_id)
{
	fake_entry(&f, 12, ATTR, 12);
	a.u32[1] = 109;
	cr_expect_str_eq(fake_exit(&f, 0),
		"BPF_MAP_GET_NEXT_ID, {start_id=0, next_id=0 => 109, "
		"open_flags=0}");
	a.u32[1] = 25;
	cr_expect_str_eq(fake_call(&f, 11, ATTR, 8, -ENOENT),
		"BPF_PROG_GET_NEXT_ID, {start_id=0, next_id=25}");
	a.u32[2] = 3;
	cr_expect_str_eq(fake_call(&f, 23, ATTR, 12, -EINVAL),
		"BPF_BTF_GET_NEXT_ID, {start_id=0, next_id=25, "
		"open_flags=0x3 /* BPF_F_??? */}");
	a.b[100] = 1;
	cr_expect_str_eq(fake_call(&f, 31, ATTR, 120, -EINVAL),
		"BPF_LINK_GET_NEXT_ID, {start_id=0, next_id=25, "
		"open_flags=0x3 /* BPF_F_??? */, ...}");
	/* size 4: the kernel still writes next_id, past size: not re-read */
	cr_expect_str_eq(fake_call(&f, 12, ATTR, 4, 0),
		"BPF_MAP_GET_NEXT_ID, {start_id=0, next_id=0}");
}

Test(obj, get_fd_by_id)
{
	a.u32[0] = 7;
	a.u32[1] = 3;
	cr_expect_str_eq(fake_call(&f, 13, ATTR, 4, -ENOENT),
		"BPF_PROG_GET_FD_BY_ID, {prog_id=7, next_id=0}");
	a.u32[2] = 0x55;
	cr_expect_str_eq(fake_call(&f, 14, ATTR, 12, -EINVAL),
		"BPF_MAP_GET_FD_BY_ID, {map_id=7, next_id=3, "
		"open_flags=BPF_F_WRONLY|0x45}");
	a.u32[3] = 9;
	cr_expect_str_eq(fake_call(&f, 14, ATTR, 16, -EINVAL),
		"BPF_MAP_GET_FD_BY_ID, {map_id=7, next_id=3, "
		"open_flags=BPF_F_WRONLY|0x45, ...}");
	cr_expect_str_eq(fake_call(&f, 30, ATTR, 4, -ENOENT),
		"BPF_LINK_GET_FD_BY_ID, {link_id=7}");
	cr_expect_str_eq(fake_call(&f, 30, ATTR, 12, -EINVAL),
		"BPF_LINK_GET_FD_BY_ID, {link_id=7, ...}");
	cr_expect_str_eq(fake_call(&f, 19, ATTR, 4, -ENOENT),
		"BPF_BTF_GET_FD_BY_ID, {btf_id=7}");
	a.u32[2] = 1U << 16;
	cr_expect_str_eq(fake_call(&f, 19, ATTR, 16, -EINVAL),
		"BPF_BTF_GET_FD_BY_ID, {btf_id=7, open_flags=BPF_F_TOKEN_FD, "
		"fd_by_id_token_fd=9}");
}

Test(obj, info_by_fd)
{
	a.u32[0] = 3;
	a.u32[1] = 200;
	a.u64[1] = MEM;
	fake_entry(&f, 15, ATTR, 16);
	a.u32[1] = 104;
	cr_expect_str_eq(fake_exit(&f, 0),
		"BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=200 => 104, "
		"info=0x20000}}");
	cr_expect_str_eq(fake_call(&f, 15, ATTR, 16, 0),
		"BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=104, "
		"info=0x20000}}");
	a.u64[1] = 0;
	cr_expect_str_eq(fake_call(&f, 15, ATTR, 8, -EFAULT),
		"BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=104, "
		"info=NULL}}");
	a.b[20] = 1;
	cr_expect_str_eq(fake_call(&f, 15, ATTR, 24, -EINVAL),
		"BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=104, "
		"info=NULL}, ...}");
}

Test(obj, info_by_fd_verbose_map)
{
	f.env.verbose = true;
	f.kind = BPF_FD_MAP;
	a.u32[0] = 3;
	a.u32[1] = 104;
	a.u64[1] = MEM;
	uint32_t *m = (uint32_t *)mem;

	m[0] = 2;
	m[1] = 29;
	m[2] = 4;
	m[3] = 8;
	m[4] = 4;
	strcpy((char *)&m[6], "arr");
	cr_expect_str_eq(fake_call(&f, 15, ATTR, 16, 0),
		"BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=104, "
		"info={type=BPF_MAP_TYPE_ARRAY, id=29, key_size=4, "
		"value_size=8, max_entries=4, map_flags=0, name=\"arr\", "
		"ifindex=0, btf_vmlinux_value_type_id=0, "
		"netns_dev=makedev(0, 0), netns_ino=0, btf_id=0, "
		"btf_key_type_id=0, btf_value_type_id=0, map_extra=0}}}");
	a.u32[1] = 40;
	cr_expect_str_eq(fake_call(&f, 15, ATTR, 16, 0),
		"BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=40, "
		"info={type=BPF_MAP_TYPE_ARRAY, id=29, key_size=4, "
		"value_size=8, max_entries=4, map_flags=0, name=\"arr\"}}}");
	f.kind = BPF_FD_PROG;
	cr_expect_str_eq(fake_call(&f, 15, ATTR, 16, 0),
		"BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=40, "
		"info=0x20000}}");
}

Test(obj, btf_load)
{
	memset(mem, 0x9f, 64);
	a.u64[0] = MEM;
	a.u64[1] = MEM + 0x1000;
	a.u32[4] = 64;
	a.u32[5] = 10;
	a.u32[6] = 1;
	cr_expect_str_eq(fake_call(&f, 18, ATTR, 28, -ENOSPC),
		"BPF_BTF_LOAD, {btf=\"\\237\\237\\237\\237\\237\\237\\237\\237"
		"\\237\\237\\237\\237\\237\\237\\237\\237\\237\\237\\237\\237"
		"\\237\\237\\237\\237\\237\\237\\237\\237\\237\\237\\237\\237\""
		"..., btf_log_buf=0x21000, btf_size=64, btf_log_size=10, "
		"btf_log_level=1}");
	a.u32[4] = 3;
	fake_entry(&f, 18, ATTR, 40);
	a.u32[7] = 77;
	cr_expect_str_eq(fake_exit(&f, -ENOSPC),
		"BPF_BTF_LOAD, {btf=\"\\237\\237\\237\", btf_log_buf=0x21000, "
		"btf_size=3, btf_log_size=10, btf_log_level=1, "
		"btf_log_true_size=77, btf_flags=0, btf_token_fd=0}");
	a.u64[0] = 0;
	cr_expect_str_eq(fake_call(&f, 18, ATTR, 28, -EINVAL),
		"BPF_BTF_LOAD, {btf=NULL, btf_log_buf=0x21000, btf_size=3, "
		"btf_log_size=10, btf_log_level=1}");
}

Test(obj, json)
{
	fake_free(&f);
	fake_init(&f, PRINTER_JSON);
	fake_map(&f, ATTR, &a, sizeof(a));
	fake_map(&f, MEM, mem, sizeof(mem));
	f.env.verbose = true;
	f.kind = BPF_FD_MAP;
	a.u32[0] = 3;
	a.u32[1] = 200;
	a.u64[1] = MEM;
	fake_entry(&f, 15, ATTR, 16);
	a.u32[1] = 104;
	cr_expect(fake_json_valid(fake_exit(&f, 0)), "%s", printer__str(&f.p));
	fake_entry(&f, 12, ATTR, 12);
	a.u32[1] = 5;
	cr_expect(fake_json_valid(fake_exit(&f, 0)), "%s", printer__str(&f.p));
	memset(mem, 0x9f, 64);
	a.u64[0] = MEM;
	a.u32[4] = 64;
	cr_expect(fake_json_valid(fake_call(&f, 18, ATTR, 40, 0)), "%s",
		  printer__str(&f.p));
	strcpy((char *)mem, "/sys/fs/bpf/\"x\"");
	cr_expect(fake_json_valid(fake_call(&f, 7, ATTR, 20, 0)), "%s",
		  printer__str(&f.p));
}
