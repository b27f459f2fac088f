// SPDX-License-Identifier: MIT
/* Golden: the four map batch commands; count written back at exit. */
#include "golden.h"

#include <linux/bpf.h>

static void batch_line(const char *cmd, const union bpf_attr *a,
		       uint32_t count_in, int lookup)
{
	printf("bpf(%s, {batch={", cmd);
	if (lookup)
		printf("in_batch=%s, out_batch=%s, ",
		       ptr((void *)(uintptr_t)a->batch.in_batch),
		       ptr((void *)(uintptr_t)a->batch.out_batch));
	printf("keys=%s, ", ptr((void *)(uintptr_t)a->batch.keys));
	if (strcmp(cmd, "BPF_MAP_DELETE_BATCH"))
		printf("values=%s, ",
		       ptr((void *)(uintptr_t)a->batch.values));
	printf("count=%u, map_fd=%u, elem_flags=BPF_ANY, flags=0}}", count_in,
	       a->batch.map_fd);
	if (a->batch.count != count_in)
		printf(" => {batch={count=%u}}", a->batch.count);
	printf(", 56) %s\n", RET);
}

int main(void)
{
	union bpf_attr a;
	uint32_t keys[4] = { 1, 2, 3, 0 }, out_batch;
	uint64_t values[4] = { 10, 20, 30, 0 };
	int fd;

	golden_require_bpf();
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 8;
	/* a fixed hash seed: batches walk buckets in the same order in
	 * every run, so the strace and injtrace runs can be compared */
	a.map_flags = BPF_F_ZERO_SEED;
	fd = sys_bpf(BPF_MAP_CREATE, &a, 20);
	printf("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4, "
	       "value_size=8, max_entries=8, map_flags=BPF_F_ZERO_SEED}, 20) %s\n",
	       RET);
	if (fd < 0)
		return 77;

	memset(&a, 0, sizeof(a));
	a.batch.keys = u64p(keys);
	a.batch.values = u64p(values);
	a.batch.count = 3;
	a.batch.map_fd = fd;
	sys_bpf(BPF_MAP_UPDATE_BATCH, &a, sizeof(a.batch));
	batch_line("BPF_MAP_UPDATE_BATCH", &a, 3, 0);

	/* 2 of 3 per call: a full batch, then the partial last one (ENOENT) */
	memset(&a, 0, sizeof(a));
	a.batch.out_batch = u64p(&out_batch);
	a.batch.keys = u64p(keys);
	a.batch.values = u64p(values);
	a.batch.count = 2;
	a.batch.map_fd = fd;
	sys_bpf(BPF_MAP_LOOKUP_BATCH, &a, sizeof(a.batch));
	batch_line("BPF_MAP_LOOKUP_BATCH", &a, 2, 1);
	a.batch.in_batch = u64p(&out_batch);
	a.batch.count = 2;
	sys_bpf(BPF_MAP_LOOKUP_BATCH, &a, sizeof(a.batch));
	batch_line("BPF_MAP_LOOKUP_BATCH", &a, 2, 1);

	a.batch.in_batch = 0;
	a.batch.count = 1;
	sys_bpf(BPF_MAP_LOOKUP_AND_DELETE_BATCH, &a, sizeof(a.batch));
	batch_line("BPF_MAP_LOOKUP_AND_DELETE_BATCH", &a, 1, 1);

	memset(&a, 0, sizeof(a));
	keys[0] = 2;
	keys[1] = 99;
	a.batch.keys = u64p(keys);
	a.batch.count = 2;
	a.batch.map_fd = fd;
	sys_bpf(BPF_MAP_DELETE_BATCH, &a, sizeof(a.batch));
	batch_line("BPF_MAP_DELETE_BATCH", &a, 2, 0);

	/* NULL buffers: EFAULT, count unchanged */
	memset(&a, 0, sizeof(a));
	a.batch.count = 4;
	a.batch.map_fd = fd;
	sys_bpf(BPF_MAP_LOOKUP_BATCH, &a, sizeof(a.batch));
	batch_line("BPF_MAP_LOOKUP_BATCH", &a, 4, 1);
	return 0;
}
