// SPDX-License-Identifier: MIT
/*
 * Program commands that load, run or read a program: PROG_LOAD,
 * PROG_TEST_RUN, RAW_TRACEPOINT_OPEN, TASK_FD_QUERY, PROG_BIND_MAP,
 * PROG_STREAM_READ_BY_FD, PROG_ASSOC_STRUCT_OPS.  Field order, names and
 * the "stop at the given size" points follow strace's src/bpf.c; the
 * attach/query commands are in bpf_prog_attach.c.
 */
#include <string.h>

#include "decode/bpf_common.h"
#include "decode/bpf_tracee.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* "{" and the input fields, up to those the caller's size covers. */
static void prog_load_entry(struct bpf_call *call, struct printer *p,
			    const struct bpf_prog_load_attr *a, size_t len)
{
	const size_t name_off = offsetof(struct bpf_prog_load_attr, prog_name);

	pr_struct_begin(p);
	bpf_print_xval(p, "prog_type", bpf_prog_types, a->prog_type,
		       BPF_DFLT_PROG_TYPE);
	bpf_print_u(p, "insn_cnt", a->insn_cnt);
	/* strace prints the instructions only with -v */
	bpf_print_addr(p, "insns", a->insns);
	bpf_print_str(call, p, "license", a->license);

	/* log_* fields: Linux 3.18 */
	if (len <= offsetof(struct bpf_prog_load_attr, log_level))
		return;
	bpf_print_u(p, "log_level", a->log_level);
	bpf_print_u(p, "log_size", a->log_size);
	/* read at entry, as strace does: the kernel fills it at exit */
	bpf_print_str_ex(call, p, "log_buf", a->log_buf, a->log_size,
			 QUOTE_0_TERMINATED);

	/* kern_version: Linux 4.1 */
	if (len <= offsetof(struct bpf_prog_load_attr, kern_version))
		return;
	pr_field(p, "kern_version");
	if (printer__json(p))
		pr_uint(p, a->kern_version);
	else
		pr_printf(p, "KERNEL_VERSION(%u, %u, %u)",
			  a->kern_version >> 16, (a->kern_version >> 8) & 0xff,
			  a->kern_version & 0xff);

	/* prog_flags: Linux 4.12 */
	if (len <= offsetof(struct bpf_prog_load_attr, prog_flags))
		return;
	bpf_print_flags(p, "prog_flags", bpf_prog_flags, a->prog_flags,
			BPF_DFLT_F);

	/* prog_name: Linux 4.15; only the bytes within the given size */
	if (len <= name_off)
		return;
	bpf_print_cstring(p, "prog_name", a->prog_name,
			  MIN(sizeof(a->prog_name), len - name_off));

	/* prog_ifindex: Linux 4.15 */
	if (len <= offsetof(struct bpf_prog_load_attr, prog_ifindex))
		return;
	bpf_print_ifindex(p, "prog_ifindex", a->prog_ifindex);

	/* expected_attach_type: Linux 4.17 */
	if (len <= offsetof(struct bpf_prog_load_attr, expected_attach_type))
		return;
	bpf_print_xval(p, "expected_attach_type", bpf_attach_types,
		       a->expected_attach_type, BPF_DFLT_ATTACH_TYPE);

	/* BTF and func/line info: Linux 5.0 */
	if (len <= offsetof(struct bpf_prog_load_attr, prog_btf_fd))
		return;
	bpf_print_fd(call, p, "prog_btf_fd", a->prog_btf_fd);
	bpf_print_u(p, "func_info_rec_size", a->func_info_rec_size);
	bpf_print_addr(p, "func_info", a->func_info);
	bpf_print_u(p, "func_info_cnt", a->func_info_cnt);
	bpf_print_u(p, "line_info_rec_size", a->line_info_rec_size);
	bpf_print_addr(p, "line_info", a->line_info);
	bpf_print_u(p, "line_info_cnt", a->line_info_cnt);

	/* attach_btf_id: Linux 5.5 */
	if (len <= offsetof(struct bpf_prog_load_attr, attach_btf_id))
		return;
	bpf_print_u(p, "attach_btf_id", a->attach_btf_id);

	/* attach_prog_fd: Linux 5.5 */
	if (len <= offsetof(struct bpf_prog_load_attr, attach_prog_fd))
		return;
	bpf_print_fd(call, p, "attach_prog_fd", a->attach_prog_fd);

	/* fd_array: Linux 5.14; core_relo*: Linux 5.17 */
	if (len <= offsetof(struct bpf_prog_load_attr, fd_array))
		return;
	if (len <= offsetof(struct bpf_prog_load_attr, core_relos)) {
		bpf_print_addr(p, "fd_array", a->fd_array);
		return;
	}
	bpf_print_u(p, "core_relo_cnt", a->core_relo_cnt);
	bpf_print_addr(p, "fd_array", a->fd_array);
	bpf_print_addr(p, "core_relos", a->core_relos);
	bpf_print_u(p, "core_relo_rec_size", a->core_relo_rec_size);
}

/* The fields from log_true_size (Linux 6.4) on, printed at exit. */
static void prog_load_exit(struct bpf_call *call, struct printer *p,
			   const struct bpf_prog_load_attr *a, size_t len)
{
	/* an output: the size the whole verifier log needed */
	bpf_print_u(p, "log_true_size", a->log_true_size);

	/* prog_token_fd: Linux 6.9 */
	if (len <= offsetof(struct bpf_prog_load_attr, prog_token_fd))
		return;
	bpf_print_fd(call, p, "prog_token_fd", a->prog_token_fd);

	/* fd_array_cnt: Linux 6.14 */
	if (len <= offsetof(struct bpf_prog_load_attr, fd_array_cnt))
		return;
	bpf_print_u(p, "fd_array_cnt", a->fd_array_cnt);

	/* signature, signature_size, keyring_id: Linux 6.18 */
	if (len <= offsetof(struct bpf_prog_load_attr, signature))
		return;
	bpf_print_str_ex(call, p, "signature", a->signature, a->signature_size,
			 QUOTE_FORCE_HEX);
	bpf_print_u(p, "signature_size", a->signature_size);
	bpf_print_d(p, "keyring_id", a->keyring_id);
}

void decode_BPF_PROG_LOAD(struct bpf_call *call, struct printer *p)
{
	struct bpf_prog_load_attr a;
	size_t len;

	if (!call->exiting) {
		len = bpf_attr_get(call, &a, sizeof(a));
		prog_load_entry(call, p, &a, len);
		/* Without log_true_size there is nothing to wait for. */
		if (len > offsetof(struct bpf_prog_load_attr, log_true_size))
			return;
	} else {
		len = bpf_attr_get_exit(call, &a, sizeof(a));
		prog_load_exit(call, p, &a, len);
	}
	bpf_attr_end(call, p, sizeof(a));
}

void decode_BPF_PROG_TEST_RUN(struct bpf_call *call, struct printer *p)
{
	struct bpf_prog_test_run_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));

	/*
	 * All at entry, as strace: retval, duration and the out sizes are
	 * shown as the tracee passed them.
	 */
	pr_struct_begin(p);
	pr_field(p, "test");
	pr_struct_begin(p);
	bpf_print_fd(call, p, "prog_fd", a.prog_fd);
	bpf_print_u(p, "retval", a.retval);
	bpf_print_u(p, "data_size_in", a.data_size_in);
	bpf_print_u(p, "data_size_out", a.data_size_out);
	bpf_print_addr(p, "data_in", a.data_in);
	bpf_print_addr(p, "data_out", a.data_out);
	bpf_print_u(p, "repeat", a.repeat);
	bpf_print_u(p, "duration", a.duration);
	/* ctx_*: Linux 5.2 */
	if (len > offsetof(struct bpf_prog_test_run_attr, ctx_size_in)) {
		bpf_print_u(p, "ctx_size_in", a.ctx_size_in);
		bpf_print_u(p, "ctx_size_out", a.ctx_size_out);
		bpf_print_addr(p, "ctx_in", a.ctx_in);
		bpf_print_addr(p, "ctx_out", a.ctx_out);
	}
	/* flags, cpu: Linux 5.10 */
	if (len > offsetof(struct bpf_prog_test_run_attr, flags)) {
		bpf_print_flags(p, "flags", bpf_test_run_flags, a.flags,
				"BPF_F_TEST_???");
		bpf_print_u(p, "cpu", a.cpu);
	}
	/* batch_size: Linux 5.18 */
	if (len > offsetof(struct bpf_prog_test_run_attr, batch_size))
		bpf_print_u(p, "batch_size", a.batch_size);
	pr_struct_end(p);
	bpf_attr_end(call, p,
		     offsetofend(struct bpf_prog_test_run_attr, batch_size));
}

void decode_BPF_RAW_TRACEPOINT_OPEN(struct bpf_call *call, struct printer *p)
{
	struct bpf_raw_tracepoint_attr a;
	size_t len = bpf_attr_get(call, &a, sizeof(a));

	pr_struct_begin(p);
	pr_field(p, "raw_tracepoint");
	pr_struct_begin(p);
	/* strace reads it as a string of at most 128 bytes (TP name size) */
	bpf_print_str_ex(call, p, "name", a.name, 128, QUOTE_0_TERMINATED);
	bpf_print_fd(call, p, "prog_fd", a.prog_fd);
	/* cookie: Linux 6.10 */
	if (len >= offsetofend(struct bpf_raw_tracepoint_attr, cookie))
		bpf_print_x(p, "cookie", a.cookie);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}

void decode_BPF_TASK_FD_QUERY(struct bpf_call *call, struct printer *p)
{
	struct bpf_task_fd_query_attr a;
	uint32_t buf_len_in;

	if (!call->exiting) {
		bpf_attr_get(call, &a, sizeof(a));
		call->priv[0] = a.buf_len;
		pr_struct_begin(p);
		pr_field(p, "task_fd_query");
		pr_struct_begin(p);
		pr_field(p, "pid");
		pr_int(p, (int32_t)a.pid);
		bpf_print_fd(call, p, "fd", a.fd);
		bpf_print_u(p, "flags", a.flags);
		bpf_print_u(p, "buf_len", a.buf_len);
		return;
	}
	/* The rest is output: the kernel writes buf_len and the name. */
	bpf_attr_get_exit(call, &a, sizeof(a));
	buf_len_in = (uint32_t)call->priv[0];
	if (buf_len_in != a.buf_len) {
		pr_changed(p, "buf_len");
		pr_uint(p, a.buf_len);
	}
	bpf_print_str_ex(call, p, "buf", a.buf, MIN(buf_len_in, a.buf_len),
			 QUOTE_0_TERMINATED);
	bpf_print_u(p, "prog_id", a.prog_id);
	bpf_print_xval(p, "fd_type", bpf_task_fd_types, a.fd_type,
		       "BPF_FD_TYPE_???");
	bpf_print_x(p, "probe_offset", a.probe_offset);
	bpf_print_x(p, "probe_addr", a.probe_addr);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}

void decode_BPF_PROG_BIND_MAP(struct bpf_call *call, struct printer *p)
{
	struct bpf_prog_bind_map_attr a;

	bpf_attr_get(call, &a, sizeof(a));
	pr_struct_begin(p);
	pr_field(p, "prog_bind_map");
	pr_struct_begin(p);
	bpf_print_fd(call, p, "prog_fd", a.prog_fd);
	bpf_print_fd(call, p, "map_fd", a.map_fd);
	bpf_print_x(p, "flags", a.flags);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}

void decode_BPF_PROG_STREAM_READ_BY_FD(struct bpf_call *call, struct printer *p)
{
	struct bpf_prog_stream_read_attr a;

	/* Linux 6.17.  All at exit: the buffer is only filled then. */
	if (!call->exiting)
		return;
	bpf_attr_get_exit(call, &a, sizeof(a));
	pr_struct_begin(p);
	pr_field(p, "prog_stream_read");
	pr_struct_begin(p);
	/*
	 * strace prints stream_buf_len bytes; only the returned count was
	 * written, so print those (the address on failure).
	 */
	if (call->ret < 0)
		bpf_print_addr(p, "stream_buf", a.stream_buf);
	else
		bpf_print_str_ex(call, p, "stream_buf", a.stream_buf,
				 MIN((uint64_t)call->ret, a.stream_buf_len), 0);
	bpf_print_u(p, "stream_buf_len", a.stream_buf_len);
	bpf_print_u(p, "stream_id", a.stream_id);
	bpf_print_fd(call, p, "prog_fd", a.prog_fd);
	pr_struct_end(p);
	bpf_attr_end(call, p,
		     offsetofend(struct bpf_prog_stream_read_attr, prog_fd));
}

void decode_BPF_PROG_ASSOC_STRUCT_OPS(struct bpf_call *call, struct printer *p)
{
	struct bpf_prog_assoc_struct_ops_attr a;

	/* Linux 6.19; strace has no decoder yet, named as the kernel's union */
	bpf_attr_get(call, &a, sizeof(a));
	pr_struct_begin(p);
	pr_field(p, "prog_assoc_struct_ops");
	pr_struct_begin(p);
	bpf_print_fd(call, p, "map_fd", a.map_fd);
	bpf_print_fd(call, p, "prog_fd", a.prog_fd);
	bpf_print_x(p, "flags", a.flags);
	pr_struct_end(p);
	bpf_attr_end(call, p, sizeof(a));
}
