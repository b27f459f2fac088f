// SPDX-License-Identifier: MIT
/*
 * Golden: PROG_ATTACH, PROG_QUERY and PROG_DETACH on a cgroup of our own
 * (a child of the cgroup2 mount, removed at the end), success and failure.
 *
 * strace 6.1 differs (for the differential test's exception list):
 * - PROG_DETACH: 6.1 prints only target_fd and attach_type (its layout
 *   skips attach_bpf_fd) and shows attach_flags/replace_bpf_fd as "...";
 *   later strace decodes it with the PROG_ATTACH layout, as here.
 * - PROG_QUERY with size > 28: 6.1 shows prog_attach_flags (Linux 6.0)
 *   as "..." when set; later strace prints the array.
 * - PROG_ATTACH/QUERY with size >= 32: relative_fd and expected_revision
 *   (Linux 6.6) are printed by later strace only.
 */
#include <fcntl.h>
#include <linux/bpf.h>
#include <sys/stat.h>

#include "golden.h"

static const struct bpf_insn ret1[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static int load(const char *name)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_SKB;
	a.insn_cnt = 2;
	a.insns = u64p(ret1);
	a.license = u64p("GPL");
	strcpy(a.prog_name, name);
	sys_bpf(BPF_PROG_LOAD, &a, 128);
	printf("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_CGROUP_SKB, "
	       "insn_cnt=2, insns=%s, license=\"GPL\", log_level=0, "
	       "log_size=0, log_buf=NULL, kern_version=KERNEL_VERSION(0, 0, 0), "
	       "prog_flags=0, prog_name=\"%s\", prog_ifindex=0, "
	       "expected_attach_type=BPF_CGROUP_INET_INGRESS, prog_btf_fd=0, "
	       "func_info_rec_size=0, func_info=NULL, func_info_cnt=0, "
	       "line_info_rec_size=0, line_info=NULL, line_info_cnt=0, "
	       "attach_btf_id=0, attach_prog_fd=0, fd_array=NULL}, 128) %s\n",
	       ptr(ret1), name, RET);
	return atoi(RET + 2);
}

static void attach(int cg, int prog, unsigned int flags, unsigned int size)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.target_fd = cg;
	a.attach_bpf_fd = prog;
	a.attach_type = BPF_CGROUP_INET_EGRESS;
	a.attach_flags = flags;
	sys_bpf(BPF_PROG_ATTACH, &a, size);
	printf("bpf(BPF_PROG_ATTACH, {target_fd=%d, attach_bpf_fd=%d, "
	       "attach_type=BPF_CGROUP_INET_EGRESS, attach_flags=%s%s}, %u) "
	       "%s\n", cg, prog, flags ? "BPF_F_ALLOW_MULTI" : "0",
	       size > 16 ? ", replace_bpf_fd=0" : "", size, RET);
}

static void query(int cg, int type, const char *type_name, uint32_t cnt)
{
	union bpf_attr a;
	static uint32_t ids[4], flags[4];
	char want_ids[64], want_cnt[32];

	memset(&a, 0, sizeof(a));
	a.query.target_fd = cg;
	a.query.attach_type = type;
	a.query.prog_ids = u64p(ids);
	a.query.prog_cnt = cnt;
	sys_bpf(BPF_PROG_QUERY, &a, 28);
	if (!strncmp(RET, "= -1", 4))
		snprintf(want_ids, sizeof(want_ids), "%s", ptr(ids));
	else if (a.query.prog_cnt == 2)
		snprintf(want_ids, sizeof(want_ids), "[%u, %u]", ids[0],
			 ids[1]);
	else
		snprintf(want_ids, sizeof(want_ids), "[]");
	if (cnt != a.query.prog_cnt)
		snprintf(want_cnt, sizeof(want_cnt), "%u => %u", cnt,
			 a.query.prog_cnt);
	else
		snprintf(want_cnt, sizeof(want_cnt), "%u", cnt);
	printf("bpf(BPF_PROG_QUERY, {query={target_fd=%d, attach_type=%s, "
	       "query_flags=0, attach_flags=0, prog_ids=%s, prog_cnt=%s}}, 28) "
	       "%s\n", cg, type_name, want_ids, want_cnt, RET);
	if (cnt != 4 || a.query.prog_cnt != 2)
		return;

	/* Linux 6.0: the flags each program was attached with */
	memset(&a, 0, sizeof(a));
	a.query.target_fd = cg;
	a.query.attach_type = type;
	a.query.prog_ids = u64p(ids);
	a.query.prog_cnt = cnt;
	a.query.prog_attach_flags = u64p(flags);
	sys_bpf(BPF_PROG_QUERY, &a, 40);
	printf("bpf(BPF_PROG_QUERY, {query={target_fd=%d, attach_type=%s, "
	       "query_flags=0, attach_flags=0, prog_ids=[%u, %u], "
	       "prog_cnt=4 => 2, prog_attach_flags=[BPF_F_ALLOW_MULTI, "
	       "BPF_F_ALLOW_MULTI]}}, 40) %s\n", cg, type_name, ids[0], ids[1],
	       RET);

	/*
	 * Not allowed with an effective query: nothing is fetched back.
	 * attach_flags is an output of the query above, printed as passed.
	 */
	a.query.query_flags = BPF_F_QUERY_EFFECTIVE;
	a.query.prog_cnt = cnt;
	sys_bpf(BPF_PROG_QUERY, &a, 40);
	printf("bpf(BPF_PROG_QUERY, {query={target_fd=%d, attach_type=%s, "
	       "query_flags=BPF_F_QUERY_EFFECTIVE, attach_flags=%s, "
	       "prog_ids=%s, prog_cnt=4, prog_attach_flags=%s}}, 40) %s\n",
	       cg, type_name, a.query.attach_flags ? "BPF_F_ALLOW_MULTI" : "0",
	       ptr(ids), ptr(flags), RET);
}

static void detach(int cg, int prog)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.target_fd = cg;
	a.attach_bpf_fd = prog;
	a.attach_type = BPF_CGROUP_INET_EGRESS;
	sys_bpf(BPF_PROG_DETACH, &a, 20);
	printf("bpf(BPF_PROG_DETACH, {target_fd=%d, attach_bpf_fd=%d, "
	       "attach_type=BPF_CGROUP_INET_EGRESS, attach_flags=0, "
	       "replace_bpf_fd=0}, 20) %s\n", cg, prog, RET);
}

int main(void)
{
	char path[4096];
	int cg, p1, p2;

	golden_require_bpf();
	cg = golden_make_cgroup("injtrace-golden", path, sizeof(path));
	if (cg < 0) {
		fprintf(stderr, "no cgroup2 to attach to: skipped\n");
		return 77;
	}
	p1 = load("golden_a");
	p2 = load("golden_b");
	if (p1 < 0 || p2 < 0)
		goto out;

	attach(cg, p1, BPF_F_ALLOW_MULTI, 20);
	attach(cg, p2, BPF_F_ALLOW_MULTI, 16);
	/* not a cgroup */
	attach(1, p1, 0, 20);
	query(cg, BPF_CGROUP_INET_EGRESS, "BPF_CGROUP_INET_EGRESS", 4);
	query(cg, BPF_CGROUP_INET_EGRESS, "BPF_CGROUP_INET_EGRESS", 1);
	query(cg, BPF_CGROUP_INET_INGRESS, "BPF_CGROUP_INET_INGRESS", 4);
	detach(cg, p1);
	detach(cg, p2);
	detach(cg, p2);
out:
	close(cg);
	rmdir(path);
	return 0;
}
