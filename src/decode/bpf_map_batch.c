// SPDX-License-Identifier: MIT
/*
 * The four map batch commands (Linux 5.6), strace's layout:
 *   {batch={..., count=N, map_fd=F, elem_flags=..., flags=0x0}} => {batch={count=M}}
 * Lookups fill keys/values at exit, also on ENOENT (the last, partial
 * batch), so everything from "keys" on is printed at exit with the count
 * the kernel wrote back; updates and deletes read them at entry.
 */
#include <errno.h>

#include "decode/bpf_common.h"

#define BATCH_KNOWN sizeof(struct bpf_map_batch_attr)
#define PRIV_COUNT 0		/* call->priv[]: count at entry */

/*
 * The count the kernel wrote back, or the entry one when it cannot be
 * read.  Returns whether it changed.
 */
static bool count_at_exit(const struct bpf_call *call, uint32_t *count)
{
	uint32_t out;

	*count = call->priv[PRIV_COUNT];
	if (bpf_attr_read_out(call, offsetof(struct bpf_map_batch_attr, count),
			      &out, sizeof(out)))
		return false;
	*count = out;
	return out != call->priv[PRIV_COUNT];
}

static void print_tail(const struct bpf_call *call, struct printer *p,
		       const struct bpf_map_batch_attr *a)
{
	bpf_print_u(p, "count", a->count);
	bpf_print_fd(call, p, "map_fd", a->map_fd);
	bpf_print_flags(p, "elem_flags", bpf_map_lookup_flags, a->elem_flags,
			BPF_DFLT_CMD);
	bpf_print_x(p, "flags", a->flags);
	pr_struct_end(p);
}

/* " => {batch={count=M}}" when the kernel changed count; closes the attr. */
static void end_batch(struct bpf_call *call, struct printer *p,
		      bool changed, uint32_t count)
{
	bpf_print_extra(call, p, call->attr,
			call->size < BPF_ATTR_MAX ? call->size : BPF_ATTR_MAX,
			BATCH_KNOWN);
	pr_struct_end(p);
	if (changed) {
		pr_changed(p, "attr");
		pr_struct_begin(p);
		pr_field(p, "batch");
		pr_struct_begin(p);
		bpf_print_u(p, "count", count);
		pr_struct_end(p);
		pr_struct_end(p);
	}
	call->done = true;
}

static void decode_lookup_batch(struct bpf_call *call, struct printer *p)
{
	struct bpf_map_batch_attr a;
	uint32_t count;
	bool changed;

	bpf_attr_get(call, &a, sizeof(a));
	if (!call->exiting) {
		call->priv[PRIV_COUNT] = a.count;
		pr_struct_begin(p);
		pr_field(p, "batch");
		pr_struct_begin(p);
		bpf_print_addr(p, "in_batch", a.in_batch);
		bpf_print_addr(p, "out_batch", a.out_batch);
		return;
	}
	changed = count_at_exit(call, &count);
	if (call->ret == 0 || call->ret == -ENOENT) {
		bpf_print_map_data(call, p, "keys", a.map_fd, BPF_MAP_BUF_KEY,
				   a.keys, count);
		bpf_print_map_data(call, p, "values", a.map_fd,
				   BPF_MAP_BUF_VALUE, a.values, count);
	} else {
		bpf_print_addr(p, "keys", a.keys);
		bpf_print_addr(p, "values", a.values);
	}
	print_tail(call, p, &a);
	end_batch(call, p, changed, count);
}

void decode_BPF_MAP_LOOKUP_BATCH(struct bpf_call *call, struct printer *p)
{
	decode_lookup_batch(call, p);
}

void decode_BPF_MAP_LOOKUP_AND_DELETE_BATCH(struct bpf_call *call,
					    struct printer *p)
{
	decode_lookup_batch(call, p);
}

/*
 * MAP_UPDATE_BATCH and MAP_DELETE_BATCH: the kernel reads keys (and, for
 * updates, values) at entry, so they are printed there.
 */
static void decode_write_batch(struct bpf_call *call, struct printer *p,
			       bool with_values)
{
	struct bpf_map_batch_attr a;
	uint32_t count;
	bool changed;

	bpf_attr_get(call, &a, sizeof(a));
	if (call->exiting) {
		changed = count_at_exit(call, &count);
		end_batch(call, p, changed, count);
		return;
	}
	call->priv[PRIV_COUNT] = a.count;
	pr_struct_begin(p);
	pr_field(p, "batch");
	pr_struct_begin(p);
	bpf_print_map_data(call, p, "keys", a.map_fd, BPF_MAP_BUF_KEY, a.keys,
			   a.count);
	if (with_values)
		bpf_print_map_data(call, p, "values", a.map_fd,
				   BPF_MAP_BUF_VALUE, a.values, a.count);
	print_tail(call, p, &a);
}

void decode_BPF_MAP_UPDATE_BATCH(struct bpf_call *call, struct printer *p)
{
	decode_write_batch(call, p, true);
}

void decode_BPF_MAP_DELETE_BATCH(struct bpf_call *call, struct printer *p)
{
	decode_write_batch(call, p, false);
}
