// SPDX-License-Identifier: MIT
/*
 * Map commands: MAP_CREATE and the single-element commands.  Field names,
 * order and cut-off points follow strace 6.1; fields added since name the
 * kernel version.  Keys and values go through bpf_print_map_data(): inputs
 * at entry, outputs at exit and only when the kernel filled them (ret 0),
 * so a decoder with an output buffer prints its tail at exit.
 */
#include <errno.h>

#include "decode/bpf_common.h"

#define MAP_CREATE_KNOWN \
	offsetofend(struct bpf_map_create_attr, excl_prog_hash_size)
#define MAP_CREATE_HAS(len, field) \
	((len) > offsetof(struct bpf_map_create_attr, field))

#define BPF_F_NUMA_NODE_BIT (1U << 2)

void decode_BPF_MAP_CREATE(struct bpf_call *call, struct printer *p)
{
	struct bpf_map_create_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));

	pr_struct_begin(p);
	bpf_print_xval(p, "map_type", bpf_map_types, a.map_type,
		       BPF_DFLT_MAP_TYPE);
	bpf_print_u(p, "key_size", a.key_size);
	bpf_print_u(p, "value_size", a.value_size);
	bpf_print_u(p, "max_entries", a.max_entries);
	if (!MAP_CREATE_HAS(len, map_flags))
		goto end;
	bpf_print_flags(p, "map_flags", bpf_map_flags, a.map_flags,
			BPF_DFLT_F);
	if (!MAP_CREATE_HAS(len, inner_map_fd))
		goto end;
	bpf_print_fd(call, p, "inner_map_fd", a.inner_map_fd);
	/* numa_node means something only with BPF_F_NUMA_NODE */
	if (MAP_CREATE_HAS(len, numa_node) &&
	    (a.map_flags & BPF_F_NUMA_NODE_BIT))
		bpf_print_xval_u_verbose(p, "numa_node", bpf_numa_node,
					 a.numa_node);
	if (!MAP_CREATE_HAS(len, map_name))
		goto end;
	{
		size_t avail =
			len - offsetof(struct bpf_map_create_attr, map_name);

		bpf_print_cstring(p, "map_name", a.map_name,
				  avail < sizeof(a.map_name) ?
					  avail : sizeof(a.map_name));
	}
	if (!MAP_CREATE_HAS(len, map_ifindex))
		goto end;
	bpf_print_ifindex(p, "map_ifindex", a.map_ifindex);
	if (!MAP_CREATE_HAS(len, btf_fd))
		goto end;
	bpf_print_fd(call, p, "btf_fd", a.btf_fd);
	bpf_print_u(p, "btf_key_type_id", a.btf_key_type_id);
	bpf_print_u(p, "btf_value_type_id", a.btf_value_type_id);
	if (!MAP_CREATE_HAS(len, btf_vmlinux_value_type_id))
		goto end;
	bpf_print_u(p, "btf_vmlinux_value_type_id",
		    a.btf_vmlinux_value_type_id);
	if (!MAP_CREATE_HAS(len, map_extra))
		goto end;
	bpf_print_u(p, "map_extra", a.map_extra);
	if (!MAP_CREATE_HAS(len, value_type_btf_obj_fd))
		goto end;
	bpf_print_fd(call, p, "value_type_btf_obj_fd", a.value_type_btf_obj_fd);
	if (!MAP_CREATE_HAS(len, map_token_fd))
		goto end;
	bpf_print_fd(call, p, "map_token_fd", a.map_token_fd);
	if (!MAP_CREATE_HAS(len, excl_prog_hash))
		goto end;
	bpf_print_addr(p, "excl_prog_hash", a.excl_prog_hash);
	bpf_print_u(p, "excl_prog_hash_size", a.excl_prog_hash_size);
end:
	bpf_attr_end(call, p, MAP_CREATE_KNOWN);
}

#define MAP_ELEM_KNOWN sizeof(struct bpf_map_elem_attr)

/* "{map_fd=F, key=K": how every element command starts, at entry. */
static void print_elem_head(const struct bpf_call *call, struct printer *p,
			    const struct bpf_map_elem_attr *a)
{
	pr_struct_begin(p);
	bpf_print_fd(call, p, "map_fd", a->map_fd);
	bpf_print_map_data(call, p, "key", a->map_fd, BPF_MAP_BUF_KEY, a->key,
			   1);
}

/*
 * An output buffer at exit: what the kernel wrote when the call succeeded,
 * otherwise only its address.
 */
static void print_elem_out(const struct bpf_call *call, struct printer *p,
			   const char *name, uint32_t map_fd,
			   enum bpf_map_buf which, uint64_t addr)
{
	if (call->ret == 0)
		bpf_print_map_data(call, p, name, map_fd, which, addr, 1);
	else
		bpf_print_addr(p, name, addr);
}

/*
 * MAP_LOOKUP_ELEM and MAP_LOOKUP_AND_DELETE_ELEM: the key is read at
 * entry, the value at exit when the lookup succeeded.
 */
static void decode_lookup(struct bpf_call *call, struct printer *p)
{
	struct bpf_map_elem_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));

	if (!call->exiting) {
		print_elem_head(call, p, &a);	/* NULL key: queue/stack pop */
	} else {
		print_elem_out(call, p, "value", a.map_fd, BPF_MAP_BUF_VALUE,
			       a.value);
		if (len > offsetof(struct bpf_map_elem_attr, flags))
			bpf_print_flags(p, "flags", bpf_map_lookup_flags,
					a.flags, BPF_DFLT_CMD);
		bpf_attr_end(call, p, MAP_ELEM_KNOWN);
	}
}

void decode_BPF_MAP_LOOKUP_ELEM(struct bpf_call *call, struct printer *p)
{
	decode_lookup(call, p);
}

void decode_BPF_MAP_LOOKUP_AND_DELETE_ELEM(struct bpf_call *call,
					   struct printer *p)
{
	decode_lookup(call, p);
}

void decode_BPF_MAP_UPDATE_ELEM(struct bpf_call *call, struct printer *p)
{
	struct bpf_map_elem_attr a;

	bpf_attr_get(call, &a, sizeof(a));
	print_elem_head(call, p, &a);	/* NULL key: queue/stack push */
	bpf_print_map_data(call, p, "value", a.map_fd, BPF_MAP_BUF_VALUE,
			   a.value, 1);
	/* strace prints the flags even when size stops before them */
	bpf_print_xval(p, "flags", bpf_map_update_flags, a.flags,
		       BPF_DFLT_CMD);
	bpf_attr_end(call, p, MAP_ELEM_KNOWN);
}

void decode_BPF_MAP_DELETE_ELEM(struct bpf_call *call, struct printer *p)
{
	struct bpf_map_elem_attr a;

	bpf_attr_get(call, &a, sizeof(a));
	print_elem_head(call, p, &a);
	bpf_attr_end(call, p, offsetofend(struct bpf_map_elem_attr, key));
}

void decode_BPF_MAP_GET_NEXT_KEY(struct bpf_call *call, struct printer *p)
{
	struct bpf_map_elem_attr a;

	bpf_attr_get(call, &a, sizeof(a));
	if (!call->exiting) {
		print_elem_head(call, p, &a);	/* NULL key: first key */
		return;
	}
	print_elem_out(call, p, "next_key", a.map_fd, BPF_MAP_BUF_KEY,
		       a.value);
	bpf_attr_end(call, p, offsetofend(struct bpf_map_elem_attr, value));
}

void decode_BPF_MAP_FREEZE(struct bpf_call *call, struct printer *p)
{
	uint32_t map_fd;

	bpf_attr_get(call, &map_fd, sizeof(map_fd));
	pr_struct_begin(p);
	bpf_print_fd(call, p, "map_fd", map_fd);
	bpf_attr_end(call, p, sizeof(map_fd));
}
