// SPDX-License-Identifier: MIT
/*
 * BTF_LOAD.  strace 6.1 knows the attr up to btf_log_level; the fields
 * added since (log_true_size written back by the kernel, flags, token fd)
 * are printed at exit as later strace does.
 */
#include "decode/bpf_common.h"

#define BTF_LOAD_HAS(len, field) \
	((len) > offsetof(struct bpf_btf_load_attr, field))

void decode_BPF_BTF_LOAD(struct bpf_call *call, struct printer *p)
{
	struct bpf_btf_load_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));
	uint32_t true_size;

	if (!call->exiting) {
		pr_struct_begin(p);
		/* The blob, as strace shows it: -s bytes, escaped. */
		bpf_print_strn(call, p, "btf", a.btf, a.btf_size);
		bpf_print_addr(p, "btf_log_buf", a.btf_log_buf);
		bpf_print_u(p, "btf_size", a.btf_size);
		bpf_print_u(p, "btf_log_size", a.btf_log_size);
		bpf_print_u(p, "btf_log_level", a.btf_log_level);
		if (!BTF_LOAD_HAS(len, btf_log_true_size))
			bpf_attr_end(call, p, sizeof(a));
		return;
	}
	if (bpf_attr_read_out(call, offsetof(struct bpf_btf_load_attr,
					     btf_log_true_size),
			      &true_size, sizeof(true_size)))
		true_size = a.btf_log_true_size;
	bpf_print_u(p, "btf_log_true_size", true_size);
	if (BTF_LOAD_HAS(len, btf_flags)) {
		bpf_print_flags(p, "btf_flags", bpf_btf_load_flags,
				a.btf_flags, BPF_DFLT_F);
		bpf_print_fd(call, p, "btf_token_fd", a.btf_token_fd);
	}
	bpf_attr_end(call, p, sizeof(a));
}
