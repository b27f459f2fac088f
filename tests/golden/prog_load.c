// SPDX-License-Identifier: MIT
/*
 * Golden: PROG_LOAD at the sizes callers use, a verifier failure with a
 * log, PROG_TEST_RUN, PROG_BIND_MAP, RAW_TRACEPOINT_OPEN + TASK_FD_QUERY,
 * PROG_STREAM_READ_BY_FD and PROG_ASSOC_STRUCT_OPS.
 *
 * strace 6.1 differs (for the differential test's exception list):
 * - PROG_LOAD with size > 128: 6.1 stops at fd_array and never prints
 *   core_relo_cnt, core_relos, core_relo_rec_size (in its layout since
 *   Linux 5.17), nor log_true_size (6.4); later strace prints them.
 * - PROG_BIND_MAP, cmd 37 and 38: 6.1 prints the attr address
 *   (no decoder / unknown command: 0x25 /" "* BPF_??? *" "/).
 * - RAW_TRACEPOINT_OPEN with size >= 24: 6.1 shows a non-zero cookie
 *   (Linux 6.10) as "...", later strace as cookie=0x...
 */
#include <linux/bpf.h>

#include "golden.h"

#define LICENSE "GPL"

static const struct bpf_insn ret1[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* r0 is never set: the verifier refuses it and says why in the log */
static const struct bpf_insn bad[] = {
	{ .code = BPF_JMP | BPF_EXIT },
};

static char log_buf[4096];

#define ATTR_SIZE_61 144	/* sizeof(union bpf_attr) in Linux 6.1 */

#define LOAD_TAIL                                                          \
	"prog_ifindex=0, expected_attach_type=BPF_CGROUP_INET_INGRESS, "       \
	"prog_btf_fd=0, func_info_rec_size=0, func_info=NULL, "                \
	"func_info_cnt=0, line_info_rec_size=0, line_info=NULL, "              \
	"line_info_cnt=0, attach_btf_id=0, attach_prog_fd=0"

static void load_attr(union bpf_attr *a, int type, const struct bpf_insn *i,
		      int cnt, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->prog_type = type;
	a->insn_cnt = cnt;
	a->insns = u64p(i);
	a->license = u64p(LICENSE);
	strcpy(a->prog_name, name);
}

static int load_sizes(void)
{
	union bpf_attr a;
	uint32_t log_true_size;
	int fd;

	/* libbpf 1.1: offsetofend(fd_array) */
	load_attr(&a, BPF_PROG_TYPE_SOCKET_FILTER, ret1, 2, "golden_sf");
	fd = sys_bpf(BPF_PROG_LOAD, &a, 128);
	printf("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SOCKET_FILTER, "
	       "insn_cnt=2, insns=%s, license=\"GPL\", log_level=0, "
	       "log_size=0, log_buf=NULL, kern_version=KERNEL_VERSION(0, 0, 0), "
	       "prog_flags=0, prog_name=\"golden_sf\", " LOAD_TAIL
	       ", fd_array=NULL}, 128) %s\n", ptr(ret1), RET);

	/* an old caller: up to prog_flags */
	sys_bpf(BPF_PROG_LOAD, &a, 48);
	printf("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SOCKET_FILTER, "
	       "insn_cnt=2, insns=%s, license=\"GPL\", log_level=0, "
	       "log_size=0, log_buf=NULL, kern_version=KERNEL_VERSION(0, 0, 0), "
	       "prog_flags=0}, 48) %s\n", ptr(ret1), RET);
	if (fd >= 0)
		close(fd);

	/*
	 * sizeof(union bpf_attr) of 6.1 headers: log_true_size at exit.
	 * Stated, not sizeof(a): newer headers (trixie's 6.12, the riscv64
	 * guest's) make it 152, which reaches prog_token_fd and fd_array_cnt.
	 */
	load_attr(&a, BPF_PROG_TYPE_SOCKET_FILTER, bad, 1, "golden_bad");
	a.log_level = 1;
	a.log_size = sizeof(log_buf);
	a.log_buf = u64p(log_buf);
	sys_bpf(BPF_PROG_LOAD, &a, ATTR_SIZE_61);
	memcpy(&log_true_size, (char *)&a + 140, sizeof(log_true_size));
	printf("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SOCKET_FILTER, "
	       "insn_cnt=1, insns=%s, license=\"GPL\", log_level=1, "
	       "log_size=4096, log_buf=\"\", "
	       "kern_version=KERNEL_VERSION(0, 0, 0), prog_flags=0, "
	       "prog_name=\"golden_bad\", " LOAD_TAIL ", core_relo_cnt=0, "
	       "fd_array=NULL, core_relos=NULL, core_relo_rec_size=0, "
	       "log_true_size=%u}, %d) %s\n", ptr(bad), log_true_size,
	       ATTR_SIZE_61, RET);

	/* odd values: unknown type and flags, unreadable license */
	load_attr(&a, 0x63, ret1, 2, "");
	a.license = 8;
	a.prog_flags = BPF_F_SLEEPABLE | 0x8000;
	a.kern_version = 0x050a03;
	sys_bpf(BPF_PROG_LOAD, &a, 64);
	printf("bpf(BPF_PROG_LOAD, {prog_type=0x63 /* BPF_PROG_TYPE_??? */, "
	       "insn_cnt=2, insns=%s, license=0x8, log_level=0, log_size=0, "
	       "log_buf=NULL, kern_version=KERNEL_VERSION(5, 10, 3), "
	       "prog_flags=BPF_F_SLEEPABLE|0x8000, prog_name=\"\"}, 64) %s\n",
	       ptr(ret1), RET);

	/* the program the rest uses, a cgroup skb filter that allows all */
	load_attr(&a, BPF_PROG_TYPE_CGROUP_SKB, ret1, 2, "golden_skb");
	fd = sys_bpf(BPF_PROG_LOAD, &a, 128);
	printf("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_CGROUP_SKB, "
	       "insn_cnt=2, insns=%s, license=\"GPL\", log_level=0, "
	       "log_size=0, log_buf=NULL, kern_version=KERNEL_VERSION(0, 0, 0), "
	       "prog_flags=0, prog_name=\"golden_skb\", " LOAD_TAIL
	       ", fd_array=NULL}, 128) %s\n", ptr(ret1), RET);
	return fd;
}

static void test_run(int fd)
{
	union bpf_attr a;
	static unsigned char pkt[64], out[128];

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = u64p(pkt);
	a.test.data_size_in = sizeof(pkt);
	a.test.data_out = u64p(out);
	a.test.data_size_out = sizeof(out);
	a.test.repeat = 1;
	/* retval, duration and data_size_out: as passed, like strace */
	sys_bpf(BPF_PROG_TEST_RUN, &a, 80);
	printf("bpf(BPF_PROG_TEST_RUN, {test={prog_fd=%d, retval=0, "
	       "data_size_in=64, data_size_out=128, data_in=%s, data_out=%s, "
	       "repeat=1, duration=0, ctx_size_in=0, ctx_size_out=0, "
	       "ctx_in=NULL, ctx_out=NULL, flags=0, cpu=0, batch_size=0}}, 80) "
	       "%s\n", fd, ptr(pkt), ptr(out), RET);

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.flags = BPF_F_TEST_RUN_ON_CPU | 0x100;
	a.test.cpu = 0;
	/* flags lie past the size: the kernel does not see them either */
	sys_bpf(BPF_PROG_TEST_RUN, &a, 40);
	printf("bpf(BPF_PROG_TEST_RUN, {test={prog_fd=%d, retval=0, "
	       "data_size_in=0, data_size_out=0, data_in=NULL, data_out=NULL, "
	       "repeat=0, duration=0}}, 40) %s\n", fd, RET);
	sys_bpf(BPF_PROG_TEST_RUN, &a, 72);
	printf("bpf(BPF_PROG_TEST_RUN, {test={prog_fd=%d, retval=0, "
	       "data_size_in=0, data_size_out=0, data_in=NULL, data_out=NULL, "
	       "repeat=0, duration=0, ctx_size_in=0, ctx_size_out=0, "
	       "ctx_in=NULL, ctx_out=NULL, "
	       "flags=BPF_F_TEST_RUN_ON_CPU|0x100, cpu=0}}, 72) %s\n", fd,
	       RET);
}

static void bind_map(int prog_fd)
{
	union bpf_attr a;
	int map_fd;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 1;
	map_fd = sys_bpf(BPF_MAP_CREATE, &a, 20);
	printf("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, "
	       "value_size=4, max_entries=1, map_flags=0}, 20) %s\n", RET);

	memset(&a, 0, sizeof(a));
	a.prog_bind_map.prog_fd = prog_fd;
	a.prog_bind_map.map_fd = map_fd;
	sys_bpf(BPF_PROG_BIND_MAP, &a, 12);
	printf("bpf(BPF_PROG_BIND_MAP, {prog_bind_map={prog_fd=%d, map_fd=%d, "
	       "flags=0}}, 12) %s\n", prog_fd, map_fd, RET);
	a.prog_bind_map.flags = 1;
	sys_bpf(BPF_PROG_BIND_MAP, &a, 12);
	printf("bpf(BPF_PROG_BIND_MAP, {prog_bind_map={prog_fd=%d, map_fd=%d, "
	       "flags=0x1}}, 12) %s\n", prog_fd, map_fd, RET);

	/* Linux 6.19: prog_assoc_struct_ops = {map_fd, prog_fd, flags} */
	memset(&a, 0, sizeof(a));
	a.prog_bind_map.prog_fd = map_fd;
	a.prog_bind_map.map_fd = prog_fd;
	sys_bpf(38, &a, 12);
	printf("bpf(BPF_PROG_ASSOC_STRUCT_OPS, {prog_assoc_struct_ops={"
	       "map_fd=%d, prog_fd=%d, flags=0}}, 12) %s\n", map_fd, prog_fd,
	       RET);
	close(map_fd);
}

static void raw_tracepoint(void)
{
	union bpf_attr a;
	char name[32];
	int fd, tp_fd;

	load_attr(&a, BPF_PROG_TYPE_RAW_TRACEPOINT, ret1, 2, "golden_rawtp");
	fd = sys_bpf(BPF_PROG_LOAD, &a, 128);
	printf("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_RAW_TRACEPOINT, "
	       "insn_cnt=2, insns=%s, license=\"GPL\", log_level=0, "
	       "log_size=0, log_buf=NULL, kern_version=KERNEL_VERSION(0, 0, 0), "
	       "prog_flags=0, prog_name=\"golden_rawtp\", " LOAD_TAIL
	       ", fd_array=NULL}, 128) %s\n", ptr(ret1), RET);
	if (fd < 0)
		return;

	memset(&a, 0, sizeof(a));
	a.raw_tracepoint.name = u64p("sys_enter");
	a.raw_tracepoint.prog_fd = fd;
	tp_fd = sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &a, 16);
	printf("bpf(BPF_RAW_TRACEPOINT_OPEN, {raw_tracepoint={"
	       "name=\"sys_enter\", prog_fd=%d}}, 16) %s\n", fd, RET);

	a.raw_tracepoint.name = u64p("no_such_tracepoint");
	sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &a, 16);
	printf("bpf(BPF_RAW_TRACEPOINT_OPEN, {raw_tracepoint={"
	       "name=\"no_such_tracepoint\", prog_fd=%d}}, 16) %s\n", fd, RET);
	if (tp_fd < 0)
		return;

	/* buf_len in, the name's length out */
	memset(name, 0, sizeof(name));
	memset(&a, 0, sizeof(a));
	a.task_fd_query.pid = getpid();
	a.task_fd_query.fd = tp_fd;
	a.task_fd_query.buf = u64p(name);
	a.task_fd_query.buf_len = sizeof(name);
	sys_bpf(BPF_TASK_FD_QUERY, &a, 48);
	printf("bpf(BPF_TASK_FD_QUERY, {task_fd_query={pid=%d, fd=%d, "
	       "flags=0, buf_len=32 => %u, buf=\"sys_enter\"..., prog_id=%u, "
	       "fd_type=BPF_FD_TYPE_RAW_TRACEPOINT, probe_offset=0, "
	       "probe_addr=0}}, 48) %s\n", getpid(), tp_fd,
	       a.task_fd_query.buf_len, a.task_fd_query.prog_id, RET);

	/* too small: ENOSPC, what fits is written */
	memset(name, 0, sizeof(name));
	a.task_fd_query.buf_len = 4;
	sys_bpf(BPF_TASK_FD_QUERY, &a, 48);
	printf("bpf(BPF_TASK_FD_QUERY, {task_fd_query={pid=%d, fd=%d, "
	       "flags=0, buf_len=4 => %u, buf=\"sys\", prog_id=%u, "
	       "fd_type=BPF_FD_TYPE_RAW_TRACEPOINT, probe_offset=0, "
	       "probe_addr=0}}, 48) %s\n", getpid(), tp_fd,
	       a.task_fd_query.buf_len, a.task_fd_query.prog_id, RET);

	/* Linux 6.17: the program's stderr stream (empty here) */
	memset(&a, 0, sizeof(a));
	struct {
		uint64_t stream_buf;
		uint32_t stream_buf_len, stream_id, prog_fd;
	} *sr = (void *)&a;
	sr->stream_buf = u64p(name);
	sr->stream_buf_len = sizeof(name);
	sr->stream_id = 2;
	sr->prog_fd = fd;
	long n = sys_bpf(37, &a, 20);
	printf("bpf(BPF_PROG_STREAM_READ_BY_FD, {prog_stream_read={"
	       "stream_buf=%s, stream_buf_len=32, stream_id=2, prog_fd=%d}}, "
	       "20) %s\n", n < 0 ? ptr(name) : n ? "?" : "\"\"", fd, RET);
	close(tp_fd);
	close(fd);
}

int main(void)
{
	int fd;

	golden_require_bpf();
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = load_sizes();
	if (fd < 0)
		return 77;
	test_run(fd);
	bind_map(fd);
	raw_tracepoint();

	/* bad fds */
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = -1;
	sys_bpf(BPF_PROG_TEST_RUN, &a, 72);
	printf("bpf(BPF_PROG_TEST_RUN, {test={prog_fd=-1, retval=0, "
	       "data_size_in=0, data_size_out=0, data_in=NULL, data_out=NULL, "
	       "repeat=0, duration=0, ctx_size_in=0, ctx_size_out=0, "
	       "ctx_in=NULL, ctx_out=NULL, flags=0, cpu=0}}, 72) %s\n", RET);
	/* the attr itself unreadable */
	sys_bpf(BPF_PROG_LOAD, (void *)8, 128);
	printf("bpf(BPF_PROG_LOAD, 0x8, 128) %s\n", RET);
	close(fd);
	return 0;
}
