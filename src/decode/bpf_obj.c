// SPDX-License-Identifier: MIT
/*
 * Object commands: pinning, walking ids, opening by id.  Layouts and
 * cut-off points follow strace 6.1 (which, unlike later versions, prints
 * next_id of the *_GET_FD_BY_ID commands and open_flags of *_GET_NEXT_ID:
 * all share one kernel struct); fields added since name the kernel version.
 */
#include "decode/bpf_common.h"

static void decode_obj_pin(struct bpf_call *call, struct printer *p)
{
	struct bpf_obj_pin_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));

	pr_struct_begin(p);
	bpf_print_path(call, p, "pathname", a.pathname);
	bpf_print_fd(call, p, "bpf_fd", a.bpf_fd);
	if (len <= offsetof(struct bpf_obj_pin_attr, file_flags))
		goto end;
	bpf_print_flags(p, "file_flags", bpf_file_flags, a.file_flags,
			BPF_DFLT_F);
	if (len <= offsetof(struct bpf_obj_pin_attr, path_fd))
		goto end;
	bpf_print_dirfd(call, p, "path_fd", a.path_fd);
end:
	bpf_attr_end(call, p, sizeof(a));
}

void decode_BPF_OBJ_PIN(struct bpf_call *call, struct printer *p)
{
	decode_obj_pin(call, p);
}

void decode_BPF_OBJ_GET(struct bpf_call *call, struct printer *p)
{
	decode_obj_pin(call, p);
}

#define OBJ_ID_KNOWN offsetofend(struct bpf_obj_id_attr, open_flags)
#define PRIV_NEXT_ID 0		/* call->priv[]: next_id at entry */

/*
 * *_GET_NEXT_ID: the kernel writes next_id whatever the size, so it is
 * shown at entry and, when changed, " => new" at exit (strace 6.1).
 */
static void decode_get_next_id(struct bpf_call *call, struct printer *p)
{
	struct bpf_obj_id_attr a;
	size_t len = bpf_attr_get(call, &a, OBJ_ID_KNOWN);
	uint32_t next_id;

	if (!call->exiting) {
		call->priv[PRIV_NEXT_ID] = a.next_id;
		pr_struct_begin(p);
		bpf_print_u(p, "start_id", a.id);
		bpf_print_u(p, "next_id", a.next_id);
		return;
	}
	if (!bpf_attr_read_out(call, offsetof(struct bpf_obj_id_attr, next_id),
			       &next_id, sizeof(next_id)) &&
	    next_id != call->priv[PRIV_NEXT_ID]) {
		pr_changed(p, "next_id");
		pr_uint(p, next_id);
	}
	if (len > offsetof(struct bpf_obj_id_attr, open_flags))
		bpf_print_flags(p, "open_flags", bpf_file_mode_flags,
				a.open_flags, BPF_DFLT_F);
	bpf_attr_end(call, p, OBJ_ID_KNOWN);
}

void decode_BPF_PROG_GET_NEXT_ID(struct bpf_call *call, struct printer *p)
{
	decode_get_next_id(call, p);
}

void decode_BPF_MAP_GET_NEXT_ID(struct bpf_call *call, struct printer *p)
{
	decode_get_next_id(call, p);
}

void decode_BPF_BTF_GET_NEXT_ID(struct bpf_call *call, struct printer *p)
{
	decode_get_next_id(call, p);
}

void decode_BPF_LINK_GET_NEXT_ID(struct bpf_call *call, struct printer *p)
{
	decode_get_next_id(call, p);
}

/* PROG_GET_FD_BY_ID, MAP_GET_FD_BY_ID: id, next_id, open_flags. */
static void decode_get_fd_by_id(struct bpf_call *call, struct printer *p,
				const char *id_name)
{
	struct bpf_obj_id_attr a;
	size_t len = bpf_attr_get(call, &a, OBJ_ID_KNOWN);

	pr_struct_begin(p);
	bpf_print_u(p, id_name, a.id);
	bpf_print_u(p, "next_id", a.next_id);
	if (len > offsetof(struct bpf_obj_id_attr, open_flags))
		bpf_print_flags(p, "open_flags", bpf_file_mode_flags,
				a.open_flags, BPF_DFLT_F);
	bpf_attr_end(call, p, OBJ_ID_KNOWN);
}

void decode_BPF_PROG_GET_FD_BY_ID(struct bpf_call *call, struct printer *p)
{
	decode_get_fd_by_id(call, p, "prog_id");
}

void decode_BPF_MAP_GET_FD_BY_ID(struct bpf_call *call, struct printer *p)
{
	decode_get_fd_by_id(call, p, "map_id");
}

void decode_BPF_LINK_GET_FD_BY_ID(struct bpf_call *call, struct printer *p)
{
	uint32_t link_id;

	bpf_attr_get(call, &link_id, sizeof(link_id));
	pr_struct_begin(p);
	bpf_print_u(p, "link_id", link_id);
	bpf_attr_end(call, p, sizeof(link_id));
}

/*
 * BTF_GET_FD_BY_ID: strace 6.1 knows btf_id only; Linux 6.15 gave it
 * open_flags (BPF_F_TOKEN_FD) and fd_by_id_token_fd, printed as later
 * strace does (next_id is skipped: not used by this command).
 */
void decode_BPF_BTF_GET_FD_BY_ID(struct bpf_call *call, struct printer *p)
{
	struct bpf_obj_id_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));

	pr_struct_begin(p);
	bpf_print_u(p, "btf_id", a.id);
	if (len > offsetof(struct bpf_obj_id_attr, open_flags)) {
		bpf_print_flags(p, "open_flags", bpf_file_mode_flags,
				a.open_flags, BPF_DFLT_F);
		bpf_print_fd(call, p, "fd_by_id_token_fd", a.fd_by_id_token_fd);
	}
	bpf_attr_end(call, p, sizeof(a));
}
