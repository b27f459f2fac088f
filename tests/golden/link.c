// SPDX-License-Identifier: MIT
/*
 * Golden: LINK_CREATE (a cgroup link, a perf event link with a cookie,
 * the union of other attach types on failure paths), LINK_UPDATE,
 * LINK_DETACH, ITER_CREATE, ENABLE_STATS.
 *
 * strace 6.1 differs (for the differential test's exception list):
 * - LINK_DETACH, ITER_CREATE, ENABLE_STATS: 6.1 prints the attr address.
 * - LINK_CREATE BPF_TRACE_ITER: strace reads iter_info_len elements of 4
 *   bytes (a byte size taken as a count: 4x over-read) and prints each as
 *   {map={map_fd=N}}; injtrace prints the one union: iter_info={map=...}.
 * - LINK_CREATE BPF_TRACE_FENTRY and other tracing types: 6.1 shows the
 *   tracing union as "...", later strace as tracing={...}.
 * - BPF_XDP/BPF_TCX_*: later strace names the target target_ifindex.
 */
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sys/stat.h>

#include "golden.h"

static const struct bpf_insn ret1[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static int load(int type, const char *type_name, const char *name)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = type;
	a.insn_cnt = 2;
	a.insns = u64p(ret1);
	a.license = u64p("GPL");
	strcpy(a.prog_name, name);
	sys_bpf(BPF_PROG_LOAD, &a, 128);
	printf("bpf(BPF_PROG_LOAD, {prog_type=%s, insn_cnt=2, insns=%s, "
	       "license=\"GPL\", log_level=0, log_size=0, log_buf=NULL, "
	       "kern_version=KERNEL_VERSION(0, 0, 0), prog_flags=0, "
	       "prog_name=\"%s\", prog_ifindex=0, "
	       "expected_attach_type=BPF_CGROUP_INET_INGRESS, prog_btf_fd=0, "
	       "func_info_rec_size=0, func_info=NULL, func_info_cnt=0, "
	       "line_info_rec_size=0, line_info=NULL, line_info_cnt=0, "
	       "attach_btf_id=0, attach_prog_fd=0, fd_array=NULL}, 128) %s\n",
	       type_name, ptr(ret1), name, RET);
	return atoi(RET + 2);
}

static void cgroup_links(int cg, int p1, int p2)
{
	union bpf_attr a;
	int link;

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = p1;
	a.link_create.target_fd = cg;
	a.link_create.attach_type = BPF_CGROUP_INET_EGRESS;
	/* libbpf 1.1: offsetofend(link_create) of 6.1 headers */
	link = sys_bpf(BPF_LINK_CREATE, &a, 48);
	printf("bpf(BPF_LINK_CREATE, {link_create={prog_fd=%d, target_fd=%d, "
	       "attach_type=BPF_CGROUP_INET_EGRESS, flags=0}}, 48) %s\n", p1,
	       cg, RET);
	if (link < 0)
		return;

	memset(&a, 0, sizeof(a));
	a.link_update.link_fd = link;
	a.link_update.new_prog_fd = p2;
	sys_bpf(BPF_LINK_UPDATE, &a, 16);
	printf("bpf(BPF_LINK_UPDATE, {link_update={link_fd=%d, new_prog_fd=%d, "
	       "flags=0}}, 16) %s\n", link, p2, RET);
	/* p2 is attached now, not p1: EPERM */
	a.link_update.flags = BPF_F_REPLACE;
	a.link_update.old_prog_fd = p1;
	sys_bpf(BPF_LINK_UPDATE, &a, 16);
	printf("bpf(BPF_LINK_UPDATE, {link_update={link_fd=%d, new_prog_fd=%d, "
	       "flags=BPF_F_REPLACE, old_prog_fd=%d}}, 16) %s\n", link, p2, p1,
	       RET);

	/* an iterator needs an iter link: EINVAL */
	memset(&a, 0, sizeof(a));
	a.iter_create.link_fd = link;
	sys_bpf(BPF_ITER_CREATE, &a, 8);
	printf("bpf(BPF_ITER_CREATE, {iter_create={link_fd=%d, flags=0}}, 8) "
	       "%s\n", link, RET);

	memset(&a, 0, sizeof(a));
	a.link_detach.link_fd = link;
	sys_bpf(BPF_LINK_DETACH, &a, 4);
	printf("bpf(BPF_LINK_DETACH, {link_detach={link_fd=%d}}, 4) %s\n", link,
	       RET);
	sys_bpf(BPF_LINK_DETACH, &a, 4);
	printf("bpf(BPF_LINK_DETACH, {link_detach={link_fd=%d}}, 4) %s\n", link,
	       RET);
	close(link);
}

static void perf_event_link(void)
{
	struct perf_event_attr pe;
	union bpf_attr a;
	int prog, pfd;

	memset(&pe, 0, sizeof(pe));
	pe.size = sizeof(pe);
	pe.type = PERF_TYPE_SOFTWARE;
	pe.config = PERF_COUNT_SW_CPU_CLOCK;
	pe.sample_period = 1000000000;
	pe.disabled = 1;
	pfd = syscall(__NR_perf_event_open, &pe, 0, -1, -1, 0);
	if (pfd < 0)
		return;
	prog = load(BPF_PROG_TYPE_PERF_EVENT, "BPF_PROG_TYPE_PERF_EVENT",
		    "golden_pe");
	if (prog < 0)
		goto out;
	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = prog;
	a.link_create.target_fd = pfd;
	a.link_create.attach_type = BPF_PERF_EVENT;
	a.link_create.perf_event.bpf_cookie = 0xc00c1e;
	int link = sys_bpf(BPF_LINK_CREATE, &a, 48);

	printf("bpf(BPF_LINK_CREATE, {link_create={prog_fd=%d, target_fd=%d, "
	       "attach_type=BPF_PERF_EVENT, flags=0, "
	       "perf_event={bpf_cookie=0xc00c1e}}}, 48) %s\n", prog, pfd, RET);
	if (link >= 0)
		close(link);
	close(prog);
out:
	close(pfd);
}

/* The attach-type unions, on programs of the wrong type: EINVAL */
static void unions(int prog)
{
	static const char *syms[] = { "golden_no_such_sym", NULL };
	static uint32_t iter_info[4] = { 1 };
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = prog;
	a.link_create.attach_type = BPF_TRACE_ITER;
	a.link_create.iter_info = u64p(iter_info);
	a.link_create.iter_info_len = sizeof(iter_info);
	sys_bpf(BPF_LINK_CREATE, &a, 48);
	printf("bpf(BPF_LINK_CREATE, {link_create={prog_fd=%d, target_fd=0, "
	       "attach_type=BPF_TRACE_ITER, flags=0, "
	       "iter_info={map={map_fd=1}}, iter_info_len=16}}, 48) %s\n", prog,
	       RET);

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = prog;
	a.link_create.attach_type = BPF_TRACE_KPROBE_MULTI;
	a.link_create.kprobe_multi.flags = BPF_F_KPROBE_MULTI_RETURN;
	a.link_create.kprobe_multi.cnt = 2;
	a.link_create.kprobe_multi.syms = u64p(syms);
	sys_bpf(BPF_LINK_CREATE, &a, 48);
	printf("bpf(BPF_LINK_CREATE, {link_create={prog_fd=%d, target_fd=0, "
	       "attach_type=BPF_TRACE_KPROBE_MULTI, flags=0, kprobe_multi={"
	       "flags=BPF_F_KPROBE_MULTI_RETURN, cnt=2, "
	       "syms=[\"golden_no_such_sym\", NULL], addrs=NULL, "
	       "cookies=NULL}}}, 48) %s\n", prog, RET);

	/* nothing known in the union of this type: non-zero bytes are "..." */
	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = prog;
	a.link_create.attach_type = BPF_SK_LOOKUP;
	a.link_create.target_fd = -1;
	a.link_create.target_btf_id = 5;
	sys_bpf(BPF_LINK_CREATE, &a, 48);
	printf("bpf(BPF_LINK_CREATE, {link_create={prog_fd=%d, target_fd=-1, "
	       "attach_type=BPF_SK_LOOKUP, flags=0}, ...}, 48) %s\n", prog,
	       RET);
}

int main(void)
{
	char path[4096];
	union bpf_attr a;
	int cg, p1, p2, stats;

	golden_require_bpf();
	p1 = load(BPF_PROG_TYPE_CGROUP_SKB, "BPF_PROG_TYPE_CGROUP_SKB",
		  "golden_l1");
	p2 = load(BPF_PROG_TYPE_CGROUP_SKB, "BPF_PROG_TYPE_CGROUP_SKB",
		  "golden_l2");
	if (p1 < 0 || p2 < 0)
		return 77;
	cg = golden_make_cgroup("injtrace-golden-link", path, sizeof(path));
	if (cg >= 0) {
		cgroup_links(cg, p1, p2);
		close(cg);
		rmdir(path);
	}
	perf_event_link();
	unions(p1);

	memset(&a, 0, sizeof(a));
	a.enable_stats.type = BPF_STATS_RUN_TIME;
	stats = sys_bpf(BPF_ENABLE_STATS, &a, 4);
	printf("bpf(BPF_ENABLE_STATS, {enable_stats={type=BPF_STATS_RUN_TIME}}, "
	       "4) %s\n", RET);
	if (stats >= 0)
		close(stats);
	a.enable_stats.type = 7;
	sys_bpf(BPF_ENABLE_STATS, &a, 4);
	printf("bpf(BPF_ENABLE_STATS, {enable_stats={"
	       "type=0x7 /* BPF_STATS_??? */}}, 4) %s\n", RET);

	/* bad fds */
	memset(&a, 0, sizeof(a));
	a.link_detach.link_fd = -1;
	sys_bpf(BPF_LINK_DETACH, &a, 4);
	printf("bpf(BPF_LINK_DETACH, {link_detach={link_fd=-1}}, 4) %s\n", RET);
	return 0;
}
