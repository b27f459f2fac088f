/* SPDX-License-Identifier: MIT */
/*
 * Layouts of the bpf_attr members used by the program and link commands
 * (bpf_prog.c, bpf_prog_attach.c, bpf_link.c), written out here because
 * bookworm's <linux/bpf.h> (Linux 6.1 UAPI) lacks the fields added since.
 * Each field newer than Linux 6.1 names the version that added it; the
 * offsets of the older ones are checked against <linux/bpf.h> at the end.
 * 64-bit members are __aligned_u64 in the kernel, hence BPF_U64.
 */
#ifndef INJTRACE_DECODE_BPF_PROG_ATTR_H
#define INJTRACE_DECODE_BPF_PROG_ATTR_H

#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/bpf_common.h"	/* BPF_U64, BPF_OBJ_NAME_LEN, offsetofend */

struct bpf_prog_load_attr {
	uint32_t prog_type;
	uint32_t insn_cnt;
	BPF_U64 insns;
	BPF_U64 license;
	uint32_t log_level;
	uint32_t log_size;
	BPF_U64 log_buf;
	uint32_t kern_version;
	uint32_t prog_flags;
	char prog_name[BPF_OBJ_NAME_LEN];
	uint32_t prog_ifindex;
	uint32_t expected_attach_type;
	uint32_t prog_btf_fd;
	uint32_t func_info_rec_size;
	BPF_U64 func_info;
	uint32_t func_info_cnt;
	uint32_t line_info_rec_size;
	BPF_U64 line_info;
	uint32_t line_info_cnt;
	uint32_t attach_btf_id;
	uint32_t attach_prog_fd;	/* or attach_btf_obj_fd */
	uint32_t core_relo_cnt;
	BPF_U64 fd_array;
	BPF_U64 core_relos;
	uint32_t core_relo_rec_size;
	uint32_t log_true_size;		/* Linux 6.4, output */
	int32_t prog_token_fd;		/* Linux 6.9 */
	uint32_t fd_array_cnt;		/* Linux 6.14 */
	BPF_U64 signature;	/* Linux 6.18 */
	uint32_t signature_size;	/* Linux 6.18 */
	int32_t keyring_id;		/* Linux 6.18 */
};

struct bpf_prog_attach_attr {		/* PROG_ATTACH and PROG_DETACH */
	uint32_t target_fd;		/* or target_ifindex (Linux 6.6) */
	uint32_t attach_bpf_fd;
	uint32_t attach_type;
	uint32_t attach_flags;
	uint32_t replace_bpf_fd;
	uint32_t relative_fd;		/* or relative_id, Linux 6.6 */
	BPF_U64 expected_revision;	/* Linux 6.6 */
};

struct bpf_prog_test_run_attr {
	uint32_t prog_fd;
	uint32_t retval;
	uint32_t data_size_in;
	uint32_t data_size_out;
	BPF_U64 data_in;
	BPF_U64 data_out;
	uint32_t repeat;
	uint32_t duration;
	uint32_t ctx_size_in;
	uint32_t ctx_size_out;
	BPF_U64 ctx_in;
	BPF_U64 ctx_out;
	uint32_t flags;
	uint32_t cpu;
	uint32_t batch_size;
};

struct bpf_prog_query_attr {
	uint32_t target_fd;		/* or target_ifindex (Linux 6.6) */
	uint32_t attach_type;
	uint32_t query_flags;
	uint32_t attach_flags;
	BPF_U64 prog_ids;
	uint32_t prog_cnt;		/* or count (Linux 6.6) */
	uint32_t pad;
	BPF_U64 prog_attach_flags;	/* Linux 6.0, output */
	BPF_U64 link_ids;		/* Linux 6.6, output */
	BPF_U64 link_attach_flags;	/* Linux 6.6, output */
	BPF_U64 revision;		/* Linux 6.6, output */
};

struct bpf_raw_tracepoint_attr {
	BPF_U64 name;
	uint32_t prog_fd;
	uint32_t pad;
	BPF_U64 cookie;	/* Linux 6.10 */
};

struct bpf_task_fd_query_attr {
	uint32_t pid;
	uint32_t fd;
	uint32_t flags;
	uint32_t buf_len;
	BPF_U64 buf;
	uint32_t prog_id;
	uint32_t fd_type;
	BPF_U64 probe_offset;
	BPF_U64 probe_addr;
};

struct bpf_prog_bind_map_attr {
	uint32_t prog_fd;
	uint32_t map_fd;
	uint32_t flags;
};

struct bpf_prog_stream_read_attr {	/* Linux 6.17 */
	BPF_U64 stream_buf;
	uint32_t stream_buf_len;
	uint32_t stream_id;
	uint32_t prog_fd;
};

struct bpf_prog_assoc_struct_ops_attr {	/* Linux 6.19 */
	uint32_t map_fd;
	uint32_t prog_fd;
	uint32_t flags;
};

/* The relative_fd/expected_revision pair of the mprog attach APIs. */
struct bpf_link_mprog_attr {
	uint32_t relative_fd;		/* or relative_id with BPF_F_ID */
	BPF_U64 expected_revision;
};

struct bpf_link_create_attr {
	uint32_t prog_fd;		/* or map_fd for struct_ops */
	uint32_t target_fd;		/* or target_ifindex */
	uint32_t attach_type;
	uint32_t flags;
	union {
		uint32_t target_btf_id;
		struct {
			BPF_U64 iter_info;
			uint32_t iter_info_len;
		};
		struct {
			BPF_U64 bpf_cookie;
		} perf_event;			/* Linux 5.15 */
		struct {
			uint32_t flags;
			uint32_t cnt;
			BPF_U64 syms;
			BPF_U64 addrs;
			BPF_U64 cookies;
		} kprobe_multi;			/* Linux 5.18 */
		struct {
			uint32_t target_btf_id;
			BPF_U64 cookie;
		} tracing;			/* Linux 5.19 */
		struct {
			uint32_t pf;
			uint32_t hooknum;
			int32_t priority;
			uint32_t flags;
		} netfilter;			/* Linux 6.4 */
		struct bpf_link_mprog_attr tcx;		/* Linux 6.6 */
		struct {
			BPF_U64 path;
			BPF_U64 offsets;
			BPF_U64 ref_ctr_offsets;
			BPF_U64 cookies;
			uint32_t cnt;
			uint32_t flags;
			uint32_t pid;
		} uprobe_multi;			/* Linux 6.6 */
		struct bpf_link_mprog_attr netkit;	/* Linux 6.7 */
		struct bpf_link_mprog_attr cgroup;	/* Linux 6.17 */
	};
};

struct bpf_link_update_attr {
	uint32_t link_fd;
	uint32_t new_prog_fd;		/* or new_map_fd */
	uint32_t flags;
	uint32_t old_prog_fd;		/* or old_map_fd */
};

struct bpf_link_detach_attr {
	uint32_t link_fd;
};

struct bpf_enable_stats_attr {
	uint32_t type;
};

struct bpf_iter_create_attr {
	uint32_t link_fd;
	uint32_t flags;
};

struct bpf_token_create_attr {		/* Linux 6.9 */
	uint32_t flags;
	uint32_t bpffs_fd;
};

/*
 * Values newer than bookworm's <linux/bpf.h>, and the shared pieces of
 * the attach decoders (bpf_prog_attach.c) used by bpf_link.c.
 */
enum {
	INJ_BPF_STRUCT_OPS = 44,		/* Linux 6.4 */
	INJ_BPF_NETFILTER = 45,			/* Linux 6.4 */
	INJ_BPF_TCX_INGRESS = 46,		/* Linux 6.6 */
	INJ_BPF_TCX_EGRESS = 47,		/* Linux 6.6 */
	INJ_BPF_TRACE_UPROBE_MULTI = 48,	/* Linux 6.6 */
	INJ_BPF_CGROUP_UNIX_CONNECT = 49,	/* Linux 6.7 */
	INJ_BPF_CGROUP_UNIX_SENDMSG = 50,	/* Linux 6.7 */
	INJ_BPF_CGROUP_UNIX_RECVMSG = 51,	/* Linux 6.7 */
	INJ_BPF_CGROUP_UNIX_GETPEERNAME = 52,	/* Linux 6.7 */
	INJ_BPF_CGROUP_UNIX_GETSOCKNAME = 53,	/* Linux 6.7 */
	INJ_BPF_NETKIT_PRIMARY = 54,		/* Linux 6.7 */
	INJ_BPF_NETKIT_PEER = 55,		/* Linux 6.7 */
	INJ_BPF_TRACE_KPROBE_SESSION = 56,	/* Linux 6.10 */
	INJ_BPF_TRACE_UPROBE_SESSION = 57,	/* Linux 6.13 */
};

/* strace's default comment for an unknown attach type */
#define BPF_DFLT_ATTACH_TYPE "BPF_???"

#define INJ_BPF_F_BEFORE (1U << 3)	/* Linux 6.6 */
#define INJ_BPF_F_AFTER (1U << 4)	/* Linux 6.6 */
#define INJ_BPF_F_ID (1U << 5)		/* Linux 6.6 */

/* The layouts above agree with <linux/bpf.h> where it has the field. */
#define BPF_PROG_ATTR_SAME(ours, member, theirs)                             \
	_Static_assert(offsetof(struct ours, member) ==                      \
			       offsetof(union bpf_attr, theirs),             \
		       #ours "." #member)
BPF_PROG_ATTR_SAME(bpf_prog_load_attr, core_relo_rec_size, core_relo_rec_size);
BPF_PROG_ATTR_SAME(bpf_prog_load_attr, attach_prog_fd, attach_prog_fd);
BPF_PROG_ATTR_SAME(bpf_prog_load_attr, prog_name, prog_name);
BPF_PROG_ATTR_SAME(bpf_prog_attach_attr, replace_bpf_fd, replace_bpf_fd);
BPF_PROG_ATTR_SAME(bpf_prog_test_run_attr, batch_size, test.batch_size);
BPF_PROG_ATTR_SAME(bpf_prog_query_attr, prog_attach_flags,
		   query.prog_attach_flags);
BPF_PROG_ATTR_SAME(bpf_raw_tracepoint_attr, prog_fd, raw_tracepoint.prog_fd);
BPF_PROG_ATTR_SAME(bpf_task_fd_query_attr, probe_addr,
		   task_fd_query.probe_addr);
BPF_PROG_ATTR_SAME(bpf_prog_bind_map_attr, flags, prog_bind_map.flags);
BPF_PROG_ATTR_SAME(bpf_link_create_attr, iter_info_len,
		   link_create.iter_info_len);
BPF_PROG_ATTR_SAME(bpf_link_create_attr, kprobe_multi.cookies,
		   link_create.kprobe_multi.cookies);
BPF_PROG_ATTR_SAME(bpf_link_create_attr, tracing.cookie,
		   link_create.tracing.cookie);
BPF_PROG_ATTR_SAME(bpf_link_update_attr, old_prog_fd, link_update.old_prog_fd);
BPF_PROG_ATTR_SAME(bpf_iter_create_attr, flags, iter_create.flags);
#undef BPF_PROG_ATTR_SAME

#endif
