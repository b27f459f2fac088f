// SPDX-License-Identifier: MIT
/*
 * Link commands: LINK_CREATE (whose tail is a union chosen by the attach
 * type), LINK_UPDATE, LINK_DETACH, ITER_CREATE, and the two commands that
 * return other kinds of fds, ENABLE_STATS and TOKEN_CREATE.  Names and
 * layout follow strace's src/bpf.c.
 */
#include <linux/bpf.h>
#include <string.h>

#include "decode/bpf_common.h"
#include "decode/bpf_prog.h"
#include "decode/bpf_tracee.h"

/* Attach types of the cgroup hooks (the kernel's to_cgroup_bpf_attach_type) */
static bool attach_type_is_cgroup(uint32_t type)
{
	switch (type) {
	case BPF_CGROUP_INET_INGRESS:
	case BPF_CGROUP_INET_EGRESS:
	case BPF_CGROUP_INET_SOCK_CREATE:
	case BPF_CGROUP_SOCK_OPS:
	case BPF_CGROUP_DEVICE:
	case BPF_CGROUP_INET4_BIND:
	case BPF_CGROUP_INET6_BIND:
	case BPF_CGROUP_INET4_CONNECT:
	case BPF_CGROUP_INET6_CONNECT:
	case INJ_BPF_CGROUP_UNIX_CONNECT:
	case BPF_CGROUP_INET4_POST_BIND:
	case BPF_CGROUP_INET6_POST_BIND:
	case BPF_CGROUP_UDP4_SENDMSG:
	case BPF_CGROUP_UDP6_SENDMSG:
	case INJ_BPF_CGROUP_UNIX_SENDMSG:
	case BPF_CGROUP_SYSCTL:
	case BPF_CGROUP_UDP4_RECVMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
	case INJ_BPF_CGROUP_UNIX_RECVMSG:
	case BPF_CGROUP_GETSOCKOPT:
	case BPF_CGROUP_SETSOCKOPT:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case INJ_BPF_CGROUP_UNIX_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
	case INJ_BPF_CGROUP_UNIX_GETSOCKNAME:
	case BPF_CGROUP_INET_SOCK_RELEASE:
		return true;
	default:
		return false;
	}
}

/* tcx={...}, netkit={...}, cgroup={...}: where a program goes in a list. */
static size_t link_mprog(const struct bpf_call *call, struct printer *p,
			 const char *name, uint32_t flags,
			 const struct bpf_link_mprog_attr *m)
{
	pr_field(p, name);
	pr_struct_begin(p);
	bpf_print_mprog_relative(call, p, flags, m->relative_fd);
	bpf_print_x(p, "expected_revision", m->expected_revision);
	pr_struct_end(p);
	return offsetof(struct bpf_link_create_attr, tcx) +
	       offsetofend(struct bpf_link_mprog_attr, expected_revision);
}

/*
 * iter_info points to one union bpf_iter_link_info of iter_info_len
 * bytes.  strace reads iter_info_len elements of 4 bytes instead (a
 * count, not a size: over-reads 4x) and prints each as {map={map_fd=N}};
 * this prints the one union, as its map member like strace.
 */
static void link_iter_info(const struct bpf_call *call, struct printer *p,
			   const struct bpf_link_create_attr *a)
{
	uint32_t map_fd;

	pr_field(p, "iter_info");
	if (!a->iter_info) {
		pr_null(p);
	} else if (a->iter_info_len < sizeof(map_fd) || !call->env ||
		   !call->env->read_mem ||
		   call->env->read_mem(call->env->opaque, a->iter_info, &map_fd,
				       sizeof(map_fd))) {
		pr_addr(p, a->iter_info);
	} else {
		pr_struct_begin(p);
		pr_field(p, "map");
		pr_struct_begin(p);
		bpf_print_fd(call, p, "map_fd", map_fd);
		pr_struct_end(p);
		pr_struct_end(p);
	}
	bpf_print_u(p, "iter_info_len", a->iter_info_len);
}

static size_t link_kprobe_multi(const struct bpf_call *call, struct printer *p,
				const struct bpf_link_create_attr *a)
{
	pr_field(p, "kprobe_multi");
	pr_struct_begin(p);
	bpf_print_flags(p, "flags", bpf_kprobe_multi_flags,
			a->kprobe_multi.flags, "BPF_F_KPROBE_MULTI_???");
	bpf_print_u(p, "cnt", a->kprobe_multi.cnt);
	/* an array of char * of the tracee: 64-bit tracees only */
	bpf_print_array(call, p, "syms", a->kprobe_multi.syms,
			a->kprobe_multi.cnt, sizeof(uint64_t), bpf_elem_str);
	bpf_print_array(call, p, "addrs", a->kprobe_multi.addrs,
			a->kprobe_multi.cnt, sizeof(uint64_t), bpf_elem_x);
	bpf_print_array(call, p, "cookies", a->kprobe_multi.cookies,
			a->kprobe_multi.cnt, sizeof(uint64_t), bpf_elem_x);
	pr_struct_end(p);
	return offsetofend(struct bpf_link_create_attr, kprobe_multi.cookies);
}

static size_t link_uprobe_multi(const struct bpf_call *call, struct printer *p,
				const struct bpf_link_create_attr *a)
{
	uint32_t cnt = a->uprobe_multi.cnt;

	pr_field(p, "uprobe_multi");
	pr_struct_begin(p);
	bpf_print_path(call, p, "path", a->uprobe_multi.path);
	bpf_print_array(call, p, "offsets", a->uprobe_multi.offsets, cnt,
			sizeof(uint64_t), bpf_elem_x);
	bpf_print_array(call, p, "ref_ctr_offsets",
			a->uprobe_multi.ref_ctr_offsets, cnt, sizeof(uint64_t),
			bpf_elem_x);
	bpf_print_array(call, p, "cookies", a->uprobe_multi.cookies, cnt,
			sizeof(uint64_t), bpf_elem_x);
	bpf_print_u(p, "cnt", cnt);
	bpf_print_flags(p, "flags", bpf_uprobe_multi_flags,
			a->uprobe_multi.flags, "BPF_F_UPROBE_MULTI_???");
	pr_field(p, "pid");
	pr_int(p, (int32_t)a->uprobe_multi.pid);
	pr_struct_end(p);
	return offsetofend(struct bpf_link_create_attr, uprobe_multi.pid);
}

static size_t link_netfilter(struct printer *p,
			     const struct bpf_link_create_attr *a)
{
	pr_field(p, "netfilter");
	pr_struct_begin(p);
	bpf_print_u(p, "pf", a->netfilter.pf);
	bpf_print_u(p, "hooknum", a->netfilter.hooknum);
	bpf_print_d(p, "priority", a->netfilter.priority);
	bpf_print_flags(p, "flags", bpf_netfilter_flags, a->netfilter.flags,
			"BPF_F_NETFILTER_???");
	pr_struct_end(p);
	return offsetofend(struct bpf_link_create_attr, netfilter.flags);
}

/*
 * The union after flags, guessed from the attach type as strace does.
 * Returns the size of the attr this attach type uses, so that non-zero
 * bytes past it (in other union members) show as "...".
 */
static size_t link_create_union(const struct bpf_call *call, struct printer *p,
				const struct bpf_link_create_attr *a)
{
	uint32_t type = a->attach_type;

	if (attach_type_is_cgroup(type)) {
		/* cgroup relative ordering: Linux 6.17 */
		if (a->flags & (INJ_BPF_F_BEFORE | INJ_BPF_F_AFTER))
			return link_mprog(call, p, "cgroup", a->flags,
					  &a->cgroup);
		/* target_btf_id (Linux 5.10, BPF_LSM_CGROUP) when set */
		if (a->target_btf_id)
			bpf_print_u(p, "target_btf_id", a->target_btf_id);
		return offsetofend(struct bpf_link_create_attr, target_btf_id);
	}
	switch (type) {
	case BPF_TRACE_ITER: /* Linux 5.9 */
		link_iter_info(call, p, a);
		return offsetofend(struct bpf_link_create_attr, iter_info_len);
	case BPF_PERF_EVENT: /* Linux 5.15 */
		pr_field(p, "perf_event");
		pr_struct_begin(p);
		bpf_print_x(p, "bpf_cookie", a->perf_event.bpf_cookie);
		pr_struct_end(p);
		return offsetofend(struct bpf_link_create_attr,
				   perf_event.bpf_cookie);
	case BPF_TRACE_FENTRY: /* Linux 5.19 */
	case BPF_TRACE_FEXIT:
	case BPF_MODIFY_RETURN:
	case BPF_LSM_MAC:
		pr_field(p, "tracing");
		pr_struct_begin(p);
		bpf_print_u(p, "target_btf_id", a->tracing.target_btf_id);
		bpf_print_x(p, "cookie", a->tracing.cookie);
		pr_struct_end(p);
		return offsetofend(struct bpf_link_create_attr, tracing.cookie);
	case INJ_BPF_NETFILTER: /* Linux 6.4 */
		return link_netfilter(p, a);
	case INJ_BPF_TCX_INGRESS: /* Linux 6.6 */
	case INJ_BPF_TCX_EGRESS:
		return link_mprog(call, p, "tcx", a->flags, &a->tcx);
	case INJ_BPF_NETKIT_PRIMARY: /* Linux 6.7 */
	case INJ_BPF_NETKIT_PEER:
		return link_mprog(call, p, "netkit", a->flags, &a->netkit);
	case BPF_TRACE_KPROBE_MULTI:	   /* Linux 5.18 */
	case INJ_BPF_TRACE_KPROBE_SESSION: /* Linux 6.10, same layout */
		return link_kprobe_multi(call, p, a);
	case INJ_BPF_TRACE_UPROBE_MULTI:   /* Linux 6.6 */
	case INJ_BPF_TRACE_UPROBE_SESSION: /* Linux 6.13, same layout */
		return link_uprobe_multi(call, p, a);
	default:
		/* nothing known is in the union: any byte there is "..." */
		return offsetofend(struct bpf_link_create_attr, flags);
	}
}

void decode_BPF_LINK_CREATE(struct bpf_call *call, struct printer *p)
{
	struct bpf_link_create_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));
	size_t known = sizeof(a);

	pr_struct_begin(p);
	pr_field(p, "link_create");
	pr_struct_begin(p);
	bpf_print_fd(call, p, "prog_fd", a.prog_fd);
	bpf_print_attach_target(call, p, a.attach_type, a.target_fd);
	bpf_print_xval(p, "attach_type", bpf_attach_types, a.attach_type,
		       BPF_DFLT_ATTACH_TYPE);
	bpf_print_flags(p, "flags", bpf_attach_flags, a.flags, BPF_DFLT_F);
	if (len > offsetof(struct bpf_link_create_attr, target_btf_id))
		known = link_create_union(call, p, &a);
	pr_struct_end(p);
	bpf_attr_end(call, p, known);
}

void decode_BPF_LINK_UPDATE(struct bpf_call *call, struct printer *p)
{
	struct bpf_link_update_attr a;

	bpf_attr_get(call, &a, sizeof(a));
	pr_struct_begin(p);
	pr_field(p, "link_update");
	pr_struct_begin(p);
	bpf_print_fd(call, p, "link_fd", a.link_fd);
	bpf_print_fd(call, p, "new_prog_fd", a.new_prog_fd);
	bpf_print_flags(p, "flags", bpf_attach_flags, a.flags, BPF_DFLT_F);
	/* the kernel reads old_prog_fd only with BPF_F_REPLACE */
	if (a.flags & BPF_F_REPLACE)
		bpf_print_fd(call, p, "old_prog_fd", a.old_prog_fd);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}

/* {name={field=fd}}: the one-fd commands. */
static void one_fd(struct bpf_call *call, struct printer *p, const char *name,
		   const char *field)
{
	uint32_t fd;

	bpf_attr_get(call, &fd, sizeof(fd));
	pr_struct_begin(p);
	pr_field(p, name);
	pr_struct_begin(p);
	bpf_print_fd(call, p, field, fd);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(fd));
}

void decode_BPF_LINK_DETACH(struct bpf_call *call, struct printer *p)
{
	one_fd(call, p, "link_detach", "link_fd");
}

void decode_BPF_ENABLE_STATS(struct bpf_call *call, struct printer *p)
{
	struct bpf_enable_stats_attr a;

	bpf_attr_get(call, &a, sizeof(a));
	pr_struct_begin(p);
	pr_field(p, "enable_stats");
	pr_struct_begin(p);
	bpf_print_xval(p, "type", bpf_stats_types, a.type, "BPF_STATS_???");
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}

void decode_BPF_ITER_CREATE(struct bpf_call *call, struct printer *p)
{
	struct bpf_iter_create_attr a;

	bpf_attr_get(call, &a, sizeof(a));
	pr_struct_begin(p);
	pr_field(p, "iter_create");
	pr_struct_begin(p);
	bpf_print_fd(call, p, "link_fd", a.link_fd);
	bpf_print_x(p, "flags", a.flags);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}

void decode_BPF_TOKEN_CREATE(struct bpf_call *call, struct printer *p)
{
	struct bpf_token_create_attr a;

	/* Linux 6.9 */
	bpf_attr_get(call, &a, sizeof(a));
	pr_struct_begin(p);
	pr_field(p, "token_create");
	pr_struct_begin(p);
	bpf_print_x(p, "flags", a.flags);
	bpf_print_fd(call, p, "bpffs_fd", a.bpffs_fd);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}
