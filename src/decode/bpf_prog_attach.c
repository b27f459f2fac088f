// SPDX-License-Identifier: MIT
/*
 * Attaching programs the pre-link way and asking what is attached:
 * PROG_ATTACH, PROG_DETACH, PROG_QUERY (strace's src/bpf.c layout).
 */
#include <linux/bpf.h>
#include <string.h>

#include "decode/bpf_common.h"
#include "decode/bpf_prog.h"
#include "decode/bpf_tracee.h"

bool bpf_attach_type_is_ifindex(uint32_t attach_type)
{
	switch (attach_type) {
	case INJ_BPF_TCX_INGRESS:
	case INJ_BPF_TCX_EGRESS:
	case INJ_BPF_NETKIT_PRIMARY:
	case INJ_BPF_NETKIT_PEER:
	case BPF_XDP:
		return true;
	default:
		return false;
	}
}

void bpf_print_attach_target(const struct bpf_call *call, struct printer *p,
			     uint32_t attach_type, uint32_t target)
{
	if (bpf_attach_type_is_ifindex(attach_type))
		bpf_print_ifindex(p, "target_ifindex", target);
	else
		bpf_print_fd(call, p, "target_fd", target);
}

void bpf_print_mprog_relative(const struct bpf_call *call, struct printer *p,
			      uint32_t flags, uint32_t relative)
{
	if (flags & INJ_BPF_F_ID)
		bpf_print_u(p, "relative_id", relative);
	else
		bpf_print_fd(call, p, "relative_fd", relative);
}

/*
 * strace decodes PROG_DETACH with the PROG_ATTACH layout: detach uses
 * attach_bpf_fd (multi-attach cgroups) and, since Linux 6.6, the flags and
 * relative fields too.
 */
static void prog_attach(struct bpf_call *call, struct printer *p)
{
	struct bpf_prog_attach_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));

	pr_struct_begin(p);
	bpf_print_attach_target(call, p, a.attach_type, a.target_fd);
	bpf_print_fd(call, p, "attach_bpf_fd", a.attach_bpf_fd);
	bpf_print_xval(p, "attach_type", bpf_attach_types, a.attach_type,
		       BPF_DFLT_ATTACH_TYPE);
	bpf_print_flags(p, "attach_flags", bpf_attach_flags, a.attach_flags,
			BPF_DFLT_F);

	/* replace_bpf_fd: Linux 5.6 */
	if (len <= offsetof(struct bpf_prog_attach_attr, replace_bpf_fd))
		goto end;
	bpf_print_fd(call, p, "replace_bpf_fd", a.replace_bpf_fd);

	/* relative_fd/relative_id, expected_revision: Linux 6.6 */
	if (len <= offsetof(struct bpf_prog_attach_attr, relative_fd))
		goto end;
	bpf_print_mprog_relative(call, p, a.attach_flags, a.relative_fd);
	/* strace prints this one in decimal here, in hex for links */
	bpf_print_u(p, "expected_revision", a.expected_revision);
end:
	bpf_attr_end(call, p, sizeof(a));
}

void decode_BPF_PROG_ATTACH(struct bpf_call *call, struct printer *p)
{
	prog_attach(call, p);
}

void decode_BPF_PROG_DETACH(struct bpf_call *call, struct printer *p)
{
	prog_attach(call, p);
}

static bool elem_attach_flags(const struct bpf_call *call, struct printer *p,
			      const void *elem, size_t elem_size)
{
	uint32_t flags;

	memcpy(&flags, elem, sizeof(flags));
	pr_flags(p, bpf_attach_flags, flags, BPF_DFLT_F);
	return true;
}

/* The output part of PROG_QUERY, printed at exit. */
static void prog_query_exit(struct bpf_call *call, struct printer *p,
			    const struct bpf_prog_query_attr *a, size_t len)
{
	uint32_t cnt_in = (uint32_t)call->priv[0];

	bpf_print_array(call, p, "prog_ids", a->prog_ids, a->prog_cnt,
			sizeof(uint32_t), bpf_elem_u);
	pr_field(p, "prog_cnt");
	if (cnt_in != a->prog_cnt) {
		pr_uint(p, cnt_in);
		pr_changed(p, "prog_cnt");
	}
	pr_uint(p, a->prog_cnt);

	/* prog_attach_flags: Linux 6.0, an output */
	if (len <= offsetof(struct bpf_prog_query_attr, prog_attach_flags))
		return;
	bpf_print_array(call, p, "prog_attach_flags", a->prog_attach_flags,
			a->prog_cnt, sizeof(uint32_t), elem_attach_flags);

	/* link_ids, link_attach_flags, revision: Linux 6.6, outputs */
	if (len <= offsetof(struct bpf_prog_query_attr, link_ids))
		return;
	bpf_print_array(call, p, "link_ids", a->link_ids, a->prog_cnt,
			sizeof(uint32_t), bpf_elem_u);
	bpf_print_array(call, p, "link_attach_flags", a->link_attach_flags,
			a->prog_cnt, sizeof(uint32_t), elem_attach_flags);
	bpf_print_x(p, "revision", a->revision);
}

void decode_BPF_PROG_QUERY(struct bpf_call *call, struct printer *p)
{
	struct bpf_prog_query_attr a;
	size_t len;

	if (!call->exiting) {
		bpf_attr_get(call, &a, sizeof(a));
		call->priv[0] = a.prog_cnt;
		pr_struct_begin(p);
		pr_field(p, "query");
		pr_struct_begin(p);
		bpf_print_attach_target(call, p, a.attach_type, a.target_fd);
		bpf_print_xval(p, "attach_type", bpf_attach_types,
			       a.attach_type, BPF_DFLT_ATTACH_TYPE);
		bpf_print_flags(p, "query_flags", bpf_query_flags,
				a.query_flags, "BPF_F_QUERY_???");
		bpf_print_flags(p, "attach_flags", bpf_attach_flags,
				a.attach_flags, BPF_DFLT_F);
		/* prog_ids on are outputs, printed at exit */
		return;
	}
	len = bpf_attr_get_exit(call, &a, sizeof(a));
	prog_query_exit(call, p, &a, len);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}
