// SPDX-License-Identifier: MIT
/*
 * OBJ_GET_INFO_BY_FD.  By default, as strace without -v: the info buffer
 * is an address, printed at exit, after info_len's " => new" when the
 * kernel changed it.  With env->verbose, as strace -v: a map's info
 * struct is decoded (the fd's kind comes from env->fd_kind, where strace
 * reads /proc/PID/fd); other kinds stay an address.
 */
#include <string.h>
#include <sys/sysmacros.h>

#include "decode/bpf_common.h"

#define MAP_INFO_KNOWN offsetofend(struct bpf_map_info_fields, hash_size)
#define MAP_INFO_HAS(len, field) \
	((len) > offsetof(struct bpf_map_info_fields, field))
#define PRIV_INFO_LEN 0		/* call->priv[]: info_len at entry */

static void print_dev(struct printer *p, const char *name, uint64_t dev)
{
	pr_field(p, name);
	if (printer__json(p))
		pr_uint(p, dev);
	else
		pr_printf(p, "makedev(%#x, %#x)", gnu_dev_major(dev),
			  gnu_dev_minor(dev));
}

static void print_map_info(const struct bpf_call *call, struct printer *p,
			   const unsigned char *buf, size_t size)
{
	struct bpf_map_info_fields m = { 0 };
	size_t len = size < sizeof(m) ? size : sizeof(m);

	memcpy(&m, buf, len);
	pr_struct_begin(p);
	bpf_print_xval(p, "type", bpf_map_types, m.type, BPF_DFLT_MAP_TYPE);
	bpf_print_u(p, "id", m.id);
	bpf_print_u(p, "key_size", m.key_size);
	bpf_print_u(p, "value_size", m.value_size);
	bpf_print_u(p, "max_entries", m.max_entries);
	bpf_print_flags(p, "map_flags", bpf_map_flags, m.map_flags,
			BPF_DFLT_F);
	if (!MAP_INFO_HAS(len, name))
		goto end;
	bpf_print_cstring(p, "name", m.name, sizeof(m.name));
	if (!MAP_INFO_HAS(len, ifindex))
		goto end;
	bpf_print_ifindex(p, "ifindex", m.ifindex);
	bpf_print_u(p, "btf_vmlinux_value_type_id",
		    m.btf_vmlinux_value_type_id);
	print_dev(p, "netns_dev", m.netns_dev);
	bpf_print_u(p, "netns_ino", m.netns_ino);
	if (!MAP_INFO_HAS(len, btf_id))
		goto end;
	bpf_print_u(p, "btf_id", m.btf_id);
	bpf_print_u(p, "btf_key_type_id", m.btf_key_type_id);
	bpf_print_u(p, "btf_value_type_id", m.btf_value_type_id);
	if (!MAP_INFO_HAS(len, map_extra))
		goto end;
	bpf_print_x(p, "map_extra", m.map_extra);
	bpf_print_extra(call, p, buf, size, MAP_INFO_KNOWN);
end:
	pr_struct_end(p);
}

/* The info buffer at exit: decoded in verbose mode for maps, else addr. */
static void print_info(const struct bpf_call *call, struct printer *p,
		       const struct bpf_info_attr *a, uint32_t info_len)
{
	const struct bpf_decode_env *env = call->env;
	unsigned char buf[BPF_ATTR_MAX];
	enum bpf_fd_kind kind = BPF_FD_UNKNOWN;

	pr_field(p, "info");
	if (env->verbose && env->fd_kind)
		kind = env->fd_kind(env->opaque, (int)a->bpf_fd);
	if (kind != BPF_FD_MAP || !info_len || info_len > sizeof(buf) ||
	    env->read_mem(env->opaque, a->info, buf, info_len)) {
		pr_addr(p, a->info);
		return;
	}
	print_map_info(call, p, buf, info_len);
}

void decode_BPF_OBJ_GET_INFO_BY_FD(struct bpf_call *call, struct printer *p)
{
	struct bpf_info_attr a;
	uint32_t info_len;

	bpf_attr_get(call, &a, sizeof(a));
	if (!call->exiting) {
		call->priv[PRIV_INFO_LEN] = a.info_len;
		pr_struct_begin(p);
		pr_field(p, "info");
		pr_struct_begin(p);
		bpf_print_fd(call, p, "bpf_fd", a.bpf_fd);
		bpf_print_u(p, "info_len", a.info_len);
		return;
	}
	/* The kernel writes back how much of the info it filled. */
	if (bpf_attr_read_out(call, offsetof(struct bpf_info_attr, info_len),
			      &info_len, sizeof(info_len)))
		info_len = a.info_len;
	if (info_len != a.info_len) {
		pr_changed(p, "info_len");
		pr_uint(p, info_len);
	}
	print_info(call, p, &a, info_len);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}
