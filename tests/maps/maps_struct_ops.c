// SPDX-License-Identifier: MIT
/*
 * A struct_ops map (tcp_congestion_ops): its value type lives in vmlinux
 * BTF (btf_vmlinux_value_type_id), not in the map's own BTF, as bpftool
 * knows.  The value looked up must print typed by vmlinux BTF: the common
 * header with its enum state, then the ops struct with NULL function
 * pointers and an empty name (its exact members vary with the kernel,
 * hence a pattern).  The header's refcnt and state are the value's own
 * first members in older kernels (6.1, the arm64 guest's), a struct
 * bpf_struct_ops_common_value named common in newer ones (6.12, 6.18):
 * expected as this kernel's BTF has them.  The key has no BTF type: bytes.
 */
#include "maplib.h"

int main(void)
{
	const struct btf_type *t;
	const char *first;
	char head[64];
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct btf *own = btf__new_empty();
	char value[4096];
	__u32 key = 0, size;
	int id, fd, rc;

	if (!vmlinux || !own)
		return SKIP;	/* no /sys/kernel/btf/vmlinux */
	id = btf__find_by_name_kind(vmlinux, "bpf_struct_ops_tcp_congestion_ops",
				    BTF_KIND_STRUCT);
	size = id > 0 ? btf__resolve_size(vmlinux, id) : 0;
	if (id <= 0 || size > sizeof(value))
		return SKIP;
	t = btf__type_by_id(vmlinux, id);
	first = btf_vlen(t) ?
		btf__name_by_offset(vmlinux, btf_members(t)->name_off) : "";
	/* the kernel wants a BTF fd with a struct_ops map, any will do */
	btf__add_int(own, "int", 4, BTF_INT_SIGNED);
	if (btf__load_into_kernel(own))
		return errno == EPERM ? SKIP : 1;
	LIBBPF_OPTS(bpf_map_create_opts, opts, .btf_fd = btf__fd(own),
		    .btf_vmlinux_value_type_id = id);
	fd = bpf_map_create(BPF_MAP_TYPE_STRUCT_OPS, "cc_ops", 4, size, 1,
			    &opts);
	if (fd < 0)
		return errno == EPERM || errno == EINVAL ? SKIP : 1;
	rc = bpf_map_lookup_elem(fd, &key, value);
	if (rc)
		return 1;
	snprintf(head, sizeof(head), "bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d", fd);
	EXPECT("re:%s<map:cc_ops>%s%s\n", re_quote(head),
	       re_quote(strcmp(first, "common") ?
			", key=\"\\x00\\x00\\x00\\x00\", value={"
			"refcnt={refs={counter=0}}, "
			"state=BPF_STRUCT_OPS_STATE_INIT, data={" :
			", key=\"\\x00\\x00\\x00\\x00\", value={common={"
			"refcnt={refs={counter=0}}, "
			"state=BPF_STRUCT_OPS_STATE_INIT}, data={"),
	       "ssthresh=NULL, .*name=\"\", .*\\}\\}, flags=BPF_ANY\\}, "
	       "32\\) = 0");
	return 0;
}
