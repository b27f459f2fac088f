// SPDX-License-Identifier: MIT
/*
 * Program and link commands.  Expected strings are strace's output for the
 * same attrs (6.1 where it decodes the field, later strace's src/bpf.c for
 * newer fields; the "strace 6.1:" comments of tests/golden/prog_*.c and
 * link_*.c list where 6.1 differs).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fake_env.h"

#define ATTR 0x10000
#define STR 0x20000	/* strings the attr points to */
#define ARR 0x30000	/* arrays the attr points to */
#define BUF 0x40000	/* an output buffer */
static struct fake f;
static union {
	unsigned char b[256];
	uint32_t u32[64];
	uint64_t u64[32];
} a;
static char str[4096];
static uint32_t arr[64];
static char buf[64];

static void setup(void)
{
	fake_init(&f, PRINTER_TEXT);
	memset(&a, 0, sizeof(a));
	memset(arr, 0, sizeof(arr));
	memset(buf, 0, sizeof(buf));
	strcpy(str, "GPL");
	fake_map(&f, ATTR, &a, sizeof(a));
	fake_map(&f, STR, str, sizeof(str));
	fake_map(&f, ARR, arr, sizeof(arr));
	fake_map(&f, BUF, buf, sizeof(buf));
}

static void teardown(void)
{
	fake_free(&f);
}

TestSuite(prog, .init = setup, .fini = teardown);
TestSuite(link, .init = setup, .fini = teardown);

/* A socket filter as a program built by hand loads it. */
static void prog_load_attr(void)
{
	a.u32[0] = 1;			/* BPF_PROG_TYPE_SOCKET_FILTER */
	a.u32[1] = 2;
	a.u64[1] = 0xdead0;		/* insns */
	a.u64[2] = STR;			/* license */
	a.u32[7] = 64;			/* log_size */
	a.u64[4] = BUF;			/* log_buf */
	memcpy(&a.b[48], "test_prog", 9);
}

#define PROG_LOAD_HEAD                                                     \
	"BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SOCKET_FILTER, insn_cnt=2, " \
	"insns=0xdead0, license=\"GPL\", log_level=0, log_size=64, "          \
	"log_buf=\"\", kern_version=KERNEL_VERSION(0, 0, 0), prog_flags=0"

#define PROG_LOAD_MID                                                      \
	", prog_name=\"test_prog\", prog_ifindex=0, "                          \
	"expected_attach_type=BPF_CGROUP_INET_INGRESS, prog_btf_fd=0, "       \
	"func_info_rec_size=0, func_info=NULL, func_info_cnt=0, "              \
	"line_info_rec_size=0, line_info=NULL, line_info_cnt=0, "              \
	"attach_btf_id=0, attach_prog_fd=0"

Test(prog, load_sizes)
{
	prog_load_attr();
	/* libbpf 1.1's size: offsetofend(fd_array) */
	cr_expect_str_eq(fake_call(&f, 5, ATTR, 128, 3),
			 PROG_LOAD_HEAD PROG_LOAD_MID ", fd_array=NULL}");
	cr_expect_str_eq(fake_call(&f, 5, ATTR, 120, 3),
			 PROG_LOAD_HEAD PROG_LOAD_MID "}");
	cr_expect_str_eq(fake_call(&f, 5, ATTR, 48, 3), PROG_LOAD_HEAD "}");
	/* prog_name cut by the size: strace shows size - 1 bytes, "..." */
	cr_expect_str_eq(fake_call(&f, 5, ATTR, 60, 3),
			 PROG_LOAD_HEAD ", prog_name=\"test_prog\"}");
	memcpy(&a.b[48], "0123456789abcdef", 16);
	cr_expect_str_eq(fake_call(&f, 5, ATTR, 60, 3),
			 PROG_LOAD_HEAD ", prog_name=\"0123456789a\"...}");
	cr_expect_str_eq(fake_call(&f, 5, ATTR, 50, 3),
			 PROG_LOAD_HEAD ", prog_name=\"0\"...}");
	cr_expect_str_eq(fake_call(&f, 5, ATTR, 24, 3),
			 "BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SOCKET_FILTER, "
			 "insn_cnt=2, insns=0xdead0, license=\"GPL\"}");
}

Test(prog, load_bookworm_size_then_exit)
{
	prog_load_attr();
	/* sizeof(union bpf_attr) of 6.1 headers reaches log_true_size */
	cr_expect_str_eq(fake_entry(&f, 5, ATTR, 144),
			 PROG_LOAD_HEAD PROG_LOAD_MID
			 ", core_relo_cnt=0, fd_array=NULL, core_relos=NULL, "
			 "core_relo_rec_size=0");
	a.u32[35] = 1234;		/* the kernel writes log_true_size */
	cr_expect_str_eq(fake_exit(&f, 3),
			 PROG_LOAD_HEAD PROG_LOAD_MID
			 ", core_relo_cnt=0, fd_array=NULL, core_relos=NULL, "
			 "core_relo_rec_size=0, log_true_size=1234}");
}

Test(prog, load_newest)
{
	prog_load_attr();
	a.u32[36] = 7;			/* prog_token_fd, Linux 6.9 */
	a.u32[37] = 2;			/* fd_array_cnt, Linux 6.14 */
	a.u64[19] = STR;		/* signature, Linux 6.18 */
	a.u32[40] = 3;			/* signature_size */
	a.u32[41] = -1;			/* keyring_id */
	cr_expect(strstr(fake_call(&f, 5, ATTR, 168, 3),
			 "core_relo_rec_size=0, log_true_size=0, "
			 "prog_token_fd=7, fd_array_cnt=2, "
			 "signature=\"\\x47\\x50\\x4c\", signature_size=3, "
			 "keyring_id=-1}"));
	a.b[170] = 1;
	cr_expect(strstr(fake_call(&f, 5, ATTR, 176, 3), "keyring_id=-1, ...}"));
}

Test(prog, load_odd_values)
{
	prog_load_attr();
	a.u32[0] = 99;
	a.u64[2] = 8;			/* unreadable license */
	a.u32[6] = 1;
	a.u32[7] = 10;
	memset(buf, 'x', sizeof(buf));	/* log without a NUL in 10 bytes */
	a.u32[10] = 0x050a03;
	a.u32[11] = 0x101;
	a.u32[16] = 1;			/* prog_ifindex: lo */
	a.u32[17] = 200;
	cr_expect_str_eq(fake_call(&f, 5, ATTR, 72, -EINVAL),
		"BPF_PROG_LOAD, {prog_type=0x63 /* BPF_PROG_TYPE_??? */, "
		"insn_cnt=2, insns=0xdead0, license=0x8, log_level=1, "
		"log_size=10, log_buf=\"xxxxxxxxxx\"..., "
		"kern_version=KERNEL_VERSION(5, 10, 3), "
		"prog_flags=BPF_F_STRICT_ALIGNMENT|0x100, "
		"prog_name=\"test_prog\", prog_ifindex=if_nametoindex(\"lo\"), "
		"expected_attach_type=0xc8 /* BPF_??? */}");
	/* log_size 0 with a buffer: "" without "..." */
	a.u32[7] = 0;
	a.u32[11] = 0x100;
	cr_expect(strstr(fake_call(&f, 5, ATTR, 48, -EINVAL),
			 "log_size=0, log_buf=\"\", kern_version="
			 "KERNEL_VERSION(5, 10, 3), "
			 "prog_flags=0x100 /* BPF_F_??? */}"));
	/* a license longer than -s */
	strcpy(str, "0123456789012345678901234567890123456789");
	a.u64[2] = STR;
	cr_expect(strstr(fake_call(&f, 5, ATTR, 24, -EINVAL),
			 "license=\"01234567890123456789012345678901\"...}"));
}

Test(prog, test_run)
{
	a.u32[0] = 3;
	a.u32[2] = 64;
	a.u32[3] = 64;
	a.u64[2] = BUF;
	a.u64[3] = BUF + 8;
	a.u32[8] = 1;
	const char *head = "BPF_PROG_TEST_RUN, {test={prog_fd=3, retval=0, "
		"data_size_in=64, data_size_out=64, data_in=0x40000, "
		"data_out=0x40008, repeat=1, duration=0";
	char want[512];

	snprintf(want, sizeof(want), "%s}}", head);
	cr_expect_str_eq(fake_call(&f, 10, ATTR, 40, 0), want);
	a.u32[16] = 9;			/* flags: RUN_ON_CPU|unknown */
	a.u32[17] = 1;
	snprintf(want, sizeof(want),
		 "%s, ctx_size_in=0, ctx_size_out=0, ctx_in=NULL, ctx_out=NULL, "
		 "flags=BPF_F_TEST_RUN_ON_CPU|0x8, cpu=1, batch_size=0}}", head);
	cr_expect_str_eq(fake_call(&f, 10, ATTR, 80, -EINVAL), want);
	a.b[77] = 1;			/* past the known struct */
	snprintf(want, sizeof(want),
		 "%s, ctx_size_in=0, ctx_size_out=0, ctx_in=NULL, ctx_out=NULL, "
		 "flags=BPF_F_TEST_RUN_ON_CPU|0x8, cpu=1, batch_size=0}, ...}",
		 head);
	cr_expect_str_eq(fake_call(&f, 10, ATTR, 80, -EINVAL), want);
}

Test(prog, attach_detach)
{
	a.u32[0] = 4;
	a.u32[1] = 3;
	a.u32[2] = 1;			/* BPF_CGROUP_INET_EGRESS */
	a.u32[3] = 2 | 4;		/* ALLOW_MULTI|REPLACE */
	a.u32[4] = 5;
	cr_expect_str_eq(fake_call(&f, 8, ATTR, 20, 0),
		"BPF_PROG_ATTACH, {target_fd=4, attach_bpf_fd=3, "
		"attach_type=BPF_CGROUP_INET_EGRESS, "
		"attach_flags=BPF_F_ALLOW_MULTI|BPF_F_REPLACE, replace_bpf_fd=5}");
	/* strace 6.1 shows only target_fd and attach_type of a detach */
	cr_expect_str_eq(fake_call(&f, 9, ATTR, 16, 0),
		"BPF_PROG_DETACH, {target_fd=4, attach_bpf_fd=3, "
		"attach_type=BPF_CGROUP_INET_EGRESS, "
		"attach_flags=BPF_F_ALLOW_MULTI|BPF_F_REPLACE}");
	/* Linux 6.6: XDP targets an ifindex, BPF_F_ID a relative id */
	a.u32[0] = 1;
	a.u32[2] = 37;			/* BPF_XDP */
	a.u32[3] = 1 << 5;
	a.u32[5] = 42;
	a.u64[3] = 7;
	cr_expect_str_eq(fake_call(&f, 8, ATTR, 144, 0),
		"BPF_PROG_ATTACH, {target_ifindex=if_nametoindex(\"lo\"), "
		"attach_bpf_fd=3, attach_type=BPF_XDP, attach_flags=BPF_F_ID, "
		"replace_bpf_fd=5, relative_id=42, expected_revision=7}");
	a.u32[3] = 0;
	a.u32[2] = 46;			/* BPF_TCX_INGRESS */
	cr_expect(strstr(fake_call(&f, 8, ATTR, 32, 0),
			 "attach_type=BPF_TCX_INGRESS, attach_flags=0, "
			 "replace_bpf_fd=5, relative_fd=42, "
			 "expected_revision=7}"));
}

Test(prog, query)
{
	a.u32[0] = 4;
	a.u32[1] = 1;
	a.u32[2] = 1;			/* BPF_F_QUERY_EFFECTIVE */
	a.u64[2] = ARR;
	a.u32[6] = 4;
	const char *entry = "BPF_PROG_QUERY, {query={target_fd=4, "
		"attach_type=BPF_CGROUP_INET_EGRESS, "
		"query_flags=BPF_F_QUERY_EFFECTIVE, attach_flags=0";

	cr_expect_str_eq(fake_entry(&f, 16, ATTR, 32), entry);
	a.u32[6] = 2;
	arr[0] = 17;
	arr[1] = 18;
	cr_expect(strstr(fake_exit(&f, 0), ", prog_ids=[17, 18], "
			 "prog_cnt=4 => 2}}"));
	/* at exit of a failure, strace fetches no array */
	fake_entry(&f, 16, ATTR, 32);
	cr_expect(strstr(fake_exit(&f, -ENOSPC),
			 ", prog_ids=0x30000, prog_cnt=2}}"));
	/* Linux 6.0 and 6.6 outputs */
	a.u64[4] = ARR + 8;
	a.u64[5] = ARR + 16;
	a.u64[6] = 0;
	a.u64[7] = 3;
	arr[2] = 2;
	arr[3] = 0x40;
	fake_entry(&f, 16, ATTR, 64);
	cr_expect(strstr(fake_exit(&f, 0),
			 ", prog_ids=[17, 18], prog_cnt=2, "
			 "prog_attach_flags=[BPF_F_ALLOW_MULTI, 0x40 /* BPF_F_??? */], "
			 "link_ids=[0, 0], link_attach_flags=NULL, "
			 "revision=0x3}}"));
}

Test(prog, query_arrays)
{
	a.u64[2] = ARR;
	a.u32[6] = 40;
	for (int i = 0; i < 40; i++)
		arr[i] = i;
	fake_entry(&f, 16, ATTR, 32);
	/* at most -s elements */
	cr_expect(strstr(fake_exit(&f, 0),
			 "29, 30, 31, ...], prog_cnt=40}}"));
	/* the array runs into unreadable memory */
	a.u64[2] = ARR + sizeof(arr) - 8;
	fake_entry(&f, 16, ATTR, 32);
	cr_expect(strstr(fake_exit(&f, 0),
			 "prog_ids=[0, 0, ... /* 0x30100 */], prog_cnt=40}}"));
	a.u32[6] = 0;
	fake_entry(&f, 16, ATTR, 32);
	cr_expect(strstr(fake_exit(&f, 0), "prog_ids=[], prog_cnt=0}}"));
}

Test(prog, raw_tracepoint_open)
{
	strcpy(str, "sys_enter");
	a.u64[0] = STR;
	a.u32[2] = 5;
	cr_expect_str_eq(fake_call(&f, 17, ATTR, 16, 6),
		"BPF_RAW_TRACEPOINT_OPEN, {raw_tracepoint={name=\"sys_enter\", "
		"prog_fd=5}}");
	a.u64[2] = 0x1234;		/* cookie, Linux 6.10 */
	cr_expect_str_eq(fake_call(&f, 17, ATTR, 24, 6),
		"BPF_RAW_TRACEPOINT_OPEN, {raw_tracepoint={name=\"sys_enter\", "
		"prog_fd=5, cookie=0x1234}}");
	a.u64[0] = 8;
	cr_expect_str_eq(fake_call(&f, 17, ATTR, 16, -EFAULT),
		"BPF_RAW_TRACEPOINT_OPEN, {raw_tracepoint={name=0x8, "
		"prog_fd=5}}");
}

Test(prog, task_fd_query)
{
	a.u32[0] = 1234;
	a.u32[1] = 6;
	a.u32[3] = 32;
	a.u64[2] = BUF;
	cr_expect_str_eq(fake_entry(&f, 20, ATTR, 48),
		"BPF_TASK_FD_QUERY, {task_fd_query={pid=1234, fd=6, flags=0, "
		"buf_len=32");
	a.u32[3] = 9;
	memcpy(buf, "sys_enter", 10);
	a.u32[6] = 98;
	cr_expect_str_eq(fake_exit(&f, 0),
		"BPF_TASK_FD_QUERY, {task_fd_query={pid=1234, fd=6, flags=0, "
		"buf_len=32 => 9, buf=\"sys_enter\"..., prog_id=98, "
		"fd_type=BPF_FD_TYPE_RAW_TRACEPOINT, probe_offset=0, "
		"probe_addr=0}}");
	/* ENOSPC: the kernel wrote what fits and the length it needs */
	a.u32[3] = 4;
	memcpy(buf, "sys", 4);
	fake_entry(&f, 20, ATTR, 48);
	a.u32[3] = 9;
	a.u32[7] = 9;
	cr_expect(strstr(fake_exit(&f, -ENOSPC),
			 "buf_len=4 => 9, buf=\"sys\", prog_id=98, "
			 "fd_type=0x9 /* BPF_FD_TYPE_??? */"));
}

Test(prog, small_commands)
{
	a.u32[0] = 3;
	a.u32[1] = 4;
	a.u32[2] = 0;
	cr_expect_str_eq(fake_call(&f, 35, ATTR, 12, 0),
		"BPF_PROG_BIND_MAP, {prog_bind_map={prog_fd=3, map_fd=4, "
		"flags=0}}");
	cr_expect_str_eq(fake_call(&f, 38, ATTR, 12, -EINVAL),
		"BPF_PROG_ASSOC_STRUCT_OPS, {prog_assoc_struct_ops={map_fd=3, "
		"prog_fd=4, flags=0}}");
	a.u32[2] = 0x100;
	cr_expect_str_eq(fake_call(&f, 36, ATTR, 16, -EINVAL),
		"BPF_TOKEN_CREATE, {token_create={flags=0x3, bpffs_fd=4}, ...}");
}

Test(prog, stream_read)
{
	a.u64[0] = BUF;
	a.u32[2] = 64;
	a.u32[3] = 2;			/* BPF_STREAM_STDERR */
	a.u32[4] = 3;
	memcpy(buf, "hello", 5);
	/* nothing at entry: the buffer is an output */
	cr_expect_str_eq(fake_entry(&f, 37, ATTR, 20),
			 "BPF_PROG_STREAM_READ_BY_FD, ");
	cr_expect_str_eq(fake_exit(&f, 5),
		"BPF_PROG_STREAM_READ_BY_FD, {prog_stream_read={"
		"stream_buf=\"hello\", stream_buf_len=64, stream_id=2, "
		"prog_fd=3}}");
	fake_entry(&f, 37, ATTR, 20);
	cr_expect(strstr(fake_exit(&f, -EBADF), "stream_buf=0x40000, "));
}

Test(prog, json)
{
	fake_free(&f);
	fake_init(&f, PRINTER_JSON);
	fake_map(&f, ATTR, &a, sizeof(a));
	fake_map(&f, BUF, buf, sizeof(buf));
	a.u32[0] = 1234;
	a.u32[1] = 6;
	a.u32[3] = 32;
	a.u64[2] = BUF;
	fake_entry(&f, 20, ATTR, 48);
	a.u32[3] = 9;
	memcpy(buf, "sys_enter", 10);
	const char *s = fake_exit(&f, 0);

	cr_expect(fake_json_valid(s), "%s", s);
	cr_expect(strstr(s, "\"buf_len\": 32, \"buf_len_out\": 9"), "%s", s);
}

Test(link, create_cgroup)
{
	a.u32[0] = 3;
	a.u32[1] = 4;
	a.u32[2] = 1;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 16, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=4, "
		"attach_type=BPF_CGROUP_INET_EGRESS, flags=0}}");
	/* the union is printed from the attach type, only when set here */
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=4, "
		"attach_type=BPF_CGROUP_INET_EGRESS, flags=0}}");
	a.u32[4] = 7;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=4, "
		"attach_type=BPF_CGROUP_INET_EGRESS, flags=0, "
		"target_btf_id=7}}");
	/* Linux 6.17: before/after another program */
	a.u32[3] = (1 << 3) | (1 << 5);
	a.u64[3] = 2;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=4, "
		"attach_type=BPF_CGROUP_INET_EGRESS, flags=BPF_F_BEFORE|BPF_F_ID, "
		"cgroup={relative_id=7, expected_revision=0x2}}}");
	a.u32[3] = 0;
	cr_expect(strstr(fake_call(&f, 28, ATTR, 64, 5),
			 "flags=0, target_btf_id=7}, ...}"));
}

Test(link, create_by_attach_type)
{
	a.u32[0] = 3;
	a.u32[2] = 41;			/* BPF_PERF_EVENT */
	a.u64[2] = 0xdead;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=0, "
		"attach_type=BPF_PERF_EVENT, flags=0, "
		"perf_event={bpf_cookie=0xdead}}}");
	a.u32[2] = 24;			/* BPF_TRACE_FENTRY */
	a.u32[4] = 5;
	a.u64[3] = 0xbeef;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=0, "
		"attach_type=BPF_TRACE_FENTRY, flags=0, "
		"tracing={target_btf_id=5, cookie=0xbeef}}}");
	a.u32[2] = 37;			/* BPF_XDP: nothing in the union */
	a.u32[1] = 1;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, "
		"target_ifindex=if_nametoindex(\"lo\"), attach_type=BPF_XDP, "
		"flags=0}, ...}");
	memset(&a.b[16], 0, 48);
	a.u32[2] = 47;			/* BPF_TCX_EGRESS */
	a.u32[4] = 9;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, "
		"target_ifindex=if_nametoindex(\"lo\"), "
		"attach_type=BPF_TCX_EGRESS, flags=0, "
		"tcx={relative_fd=9, expected_revision=0}}}");
	a.u32[2] = 45;			/* BPF_NETFILTER */
	a.u32[4] = 2;
	a.u32[5] = 1;
	a.u32[6] = -128;
	a.u32[7] = 1;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=1, "
		"attach_type=BPF_NETFILTER, flags=0, netfilter={pf=2, "
		"hooknum=1, priority=-128, flags=BPF_F_NETFILTER_IP_DEFRAG}}}");
}

Test(link, create_iter)
{
	a.u32[0] = 3;
	a.u32[2] = 28;			/* BPF_TRACE_ITER */
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=0, "
		"attach_type=BPF_TRACE_ITER, flags=0, iter_info=NULL, "
		"iter_info_len=0}}");
	/* one union bpf_iter_link_info of iter_info_len bytes */
	arr[0] = 4;
	a.u64[2] = ARR;
	a.u32[6] = 16;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, 5),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=0, "
		"attach_type=BPF_TRACE_ITER, flags=0, "
		"iter_info={map={map_fd=4}}, iter_info_len=16}}");
}

Test(link, create_multi_probes)
{
	static uint64_t ptrs[4];

	fake_map(&f, 0x50000, ptrs, sizeof(ptrs));
	strcpy(str, "do_sys_open");
	ptrs[0] = STR;
	ptrs[1] = 8;
	a.u32[0] = 3;
	a.u32[2] = 42;			/* BPF_TRACE_KPROBE_MULTI */
	a.u32[4] = 1;			/* BPF_F_KPROBE_MULTI_RETURN */
	a.u32[5] = 2;
	a.u64[3] = 0x50000;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, -EINVAL),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=0, "
		"attach_type=BPF_TRACE_KPROBE_MULTI, flags=0, kprobe_multi={"
		"flags=BPF_F_KPROBE_MULTI_RETURN, cnt=2, "
		"syms=[\"do_sys_open\", 0x8], addrs=NULL, cookies=NULL}}}");
	memset(&a, 0, sizeof(a));
	strcpy(str, "/bin/true");
	ptrs[0] = 0x10;
	ptrs[1] = 0x20;
	a.u32[0] = 3;
	a.u32[2] = 48;			/* BPF_TRACE_UPROBE_MULTI */
	a.u64[2] = STR;
	a.u64[3] = 0x50000;
	a.u32[12] = 2;
	a.u32[14] = 99;
	cr_expect_str_eq(fake_call(&f, 28, ATTR, 64, -EINVAL),
		"BPF_LINK_CREATE, {link_create={prog_fd=3, target_fd=0, "
		"attach_type=BPF_TRACE_UPROBE_MULTI, flags=0, uprobe_multi={"
		"path=\"/bin/true\", offsets=[0x10, 0x20], ref_ctr_offsets=NULL, "
		"cookies=NULL, cnt=2, flags=0, pid=99}}}");
}

Test(link, update_detach_iter_stats)
{
	a.u32[0] = 7;
	a.u32[1] = 3;
	a.u32[2] = 4;			/* BPF_F_REPLACE */
	a.u32[3] = 8;
	cr_expect_str_eq(fake_call(&f, 29, ATTR, 16, 0),
		"BPF_LINK_UPDATE, {link_update={link_fd=7, new_prog_fd=3, "
		"flags=BPF_F_REPLACE, old_prog_fd=8}}");
	a.u32[2] = 0;
	cr_expect_str_eq(fake_call(&f, 29, ATTR, 16, 0),
		"BPF_LINK_UPDATE, {link_update={link_fd=7, new_prog_fd=3, "
		"flags=0}}");
	cr_expect_str_eq(fake_call(&f, 34, ATTR, 4, 0),
		"BPF_LINK_DETACH, {link_detach={link_fd=7}}");
	cr_expect_str_eq(fake_call(&f, 33, ATTR, 8, 9),
		"BPF_ITER_CREATE, {iter_create={link_fd=7, flags=0x3}}");
	a.u32[0] = 0;
	cr_expect_str_eq(fake_call(&f, 32, ATTR, 4, 9),
		"BPF_ENABLE_STATS, {enable_stats={type=BPF_STATS_RUN_TIME}}");
	a.u32[0] = 5;
	cr_expect_str_eq(fake_call(&f, 32, ATTR, 8, -EINVAL),
		"BPF_ENABLE_STATS, {enable_stats={type=0x5 /* BPF_STATS_??? */}"
		", ...}");
}

Test(link, annotated_fds)
{
	f.annotate_fds = true;
	a.u32[0] = 7;
	cr_expect_str_eq(fake_call(&f, 34, ATTR, 4, 0),
		"BPF_LINK_DETACH, {link_detach={link_fd=7<fake>}}");
}
