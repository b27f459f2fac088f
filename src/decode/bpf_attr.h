/* SPDX-License-Identifier: MIT */
/*
 * Every union bpf_attr layout injtrace reads, and the map info struct:
 * the one place that knows where a field is.  Written out here because
 * bookworm's <linux/bpf.h> (Linux 6.1 UAPI) lacks the fields added since;
 * each field newer than Linux 6.1 names the version that added it, and
 * every older one is checked, offset and size, against <linux/bpf.h> at
 * compile time (bpf_attr.c), as strace checks its bpf_attr.h.
 * 64-bit members are __aligned_u64 in the kernel, hence BPF_U64.
 *
 * Callers outside src/decode use the accessors at the end, never an
 * offset.
 */
#ifndef INJTRACE_DECODE_BPF_ATTR_H
#define INJTRACE_DECODE_BPF_ATTR_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef offsetofend
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))
#endif

/* 64-bit attr members are __aligned_u64 in the kernel UAPI. */
#define BPF_U64 uint64_t __attribute__((aligned(8)))

struct bpf_call;

/* ---- map commands (bpf_map.c, bpf_map_batch.c) ---- */

struct bpf_map_create_attr {
	uint32_t map_type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;		/* Linux 4.6 */
	uint32_t inner_map_fd;		/* Linux 4.12 */
	uint32_t numa_node;		/* Linux 4.14 */
	char map_name[BPF_OBJ_NAME_LEN];	/* Linux 4.15 */
	uint32_t map_ifindex;		/* Linux 4.16 */
	uint32_t btf_fd;		/* Linux 4.18 */
	uint32_t btf_key_type_id;
	uint32_t btf_value_type_id;
	uint32_t btf_vmlinux_value_type_id;	/* Linux 5.6 */
	BPF_U64 map_extra;		/* Linux 5.16 */
	int32_t value_type_btf_obj_fd;	/* Linux 6.9 */
	int32_t map_token_fd;		/* Linux 6.9 */
	BPF_U64 excl_prog_hash;		/* Linux 6.18 */
	uint32_t excl_prog_hash_size;	/* Linux 6.18 */
};

/* LOOKUP/UPDATE/DELETE/GET_NEXT_KEY share this layout (value = next_key). */
struct bpf_map_elem_attr {
	uint32_t map_fd;
	BPF_U64 key;
	BPF_U64 value;
	BPF_U64 flags;			/* Linux 5.1 for lookups */
};

/* The four batch commands (Linux 5.6). */
struct bpf_map_batch_attr {
	BPF_U64 in_batch;
	BPF_U64 out_batch;
	BPF_U64 keys;
	BPF_U64 values;
	uint32_t count;
	uint32_t map_fd;
	BPF_U64 elem_flags;
	BPF_U64 flags;
};

/* ---- object commands (bpf_obj.c, bpf_obj_info.c, bpf_btf.c) ---- */

struct bpf_obj_pin_attr {		/* OBJ_PIN and OBJ_GET */
	BPF_U64 pathname;
	uint32_t bpf_fd;
	uint32_t file_flags;		/* Linux 4.15 */
	int32_t path_fd;		/* Linux 6.5 */
};

/* The *_GET_NEXT_ID and *_GET_FD_BY_ID commands' one kernel struct. */
struct bpf_obj_id_attr {
	uint32_t id;			/* start_id, prog_id, map_id, ... */
	uint32_t next_id;
	uint32_t open_flags;		/* Linux 4.15 */
	int32_t fd_by_id_token_fd;	/* Linux 6.15, BTF_GET_FD_BY_ID */
};

struct bpf_info_attr {			/* OBJ_GET_INFO_BY_FD */
	uint32_t bpf_fd;
	uint32_t info_len;
	BPF_U64 info;
};

/* What OBJ_GET_INFO_BY_FD writes for a map (struct bpf_map_info). */
struct bpf_map_info_fields {
	uint32_t type;
	uint32_t id;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	char name[BPF_OBJ_NAME_LEN];	/* Linux 4.15 */
	uint32_t ifindex;		/* Linux 4.16 */
	uint32_t btf_vmlinux_value_type_id;	/* Linux 5.6 */
	BPF_U64 netns_dev;		/* Linux 4.16 */
	BPF_U64 netns_ino;
	uint32_t btf_id;		/* Linux 4.18 */
	uint32_t btf_key_type_id;
	uint32_t btf_value_type_id;
	uint32_t btf_vmlinux_id;	/* Linux 6.?: not shown by strace */
	BPF_U64 map_extra;		/* Linux 5.16 */
	BPF_U64 hash;			/* Linux 6.18: not shown by strace */
	uint32_t hash_size;
};

struct bpf_btf_load_attr {
	BPF_U64 btf;
	BPF_U64 btf_log_buf;
	uint32_t btf_size;
	uint32_t btf_log_size;
	uint32_t btf_log_level;
	uint32_t btf_log_true_size;	/* Linux 6.4, output */
	uint32_t btf_flags;		/* Linux 6.9 */
	int32_t btf_token_fd;		/* Linux 6.9 */
};

/* ---- program and link commands (bpf_prog*.c, bpf_link.c) ---- */

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

/* ---- accessors, for callers outside src/decode ---- */

/*
 * The map fd of a map element or batch command's attr (read at entry:
 * bpf_call__read_attr()), or -1: another command, or an attr too short.
 */
int bpf_call__map_fd(const struct bpf_call *call);
/*
 * The fd of the object a call names: a map command's map_fd, OBJ_PIN's
 * bpf_fd, OBJ_GET_INFO_BY_FD's bpf_fd (any kind of object); or -1.
 */
int bpf_call__object_fd(const struct bpf_call *call);
/* Its element flags (BPF_F_LOCK, BPF_F_CPU...), 0 when it has none. */
uint64_t bpf_call__elem_flags(const struct bpf_call *call);
/*
 * The address of the value a single-element command passes in, printed
 * at entry after its key (BPF_MAP_UPDATE_ELEM); 0 for any other command.
 */
uint64_t bpf_call__entry_value(const struct bpf_call *call);
/* Is it one of the four batch commands? */
bool bpf_call__is_batch(const struct bpf_call *call);
/*
 * BPF_MAP_CREATE: the map_name the call passes, NUL-terminated in name
 * (BPF_OBJ_NAME_LEN + 1 bytes); "" when the attr has none.
 */
void bpf_call__map_name(const struct bpf_call *call,
			char name[BPF_OBJ_NAME_LEN + 1]);

#endif
