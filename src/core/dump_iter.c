// SPDX-License-Identifier: MIT
/*
 * The chunks of dump_iter.h.  A chunk's image is built in the tracer,
 * written into the scratch data at once, run as one chain, and read
 * back at once:
 *
 *   batch     one step  bpf(BPF_MAP_LOOKUP_BATCH, attr)
 *             attr, cursor in, cursor out, keys[n], values[n]
 *   next_key  2n steps  bpf(GET_NEXT_KEY, key[i] -> key[i + 1]) (the
 *                       first with key NULL when the walk starts),
 *                       bpf(LOOKUP_ELEM, key[i + 1] -> value[i])
 *             attrs[2n], keys[n + 1] (key[0]: the last one of the
 *             previous chunk), values[n]
 *
 * A GET_NEXT_KEY that fails ends the chain (-ENOENT: the walk is over);
 * a lookup that fails with -ENOENT is an element deleted meanwhile and is
 * left out.
 */
#include "core/dump_iter.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "decode/bpf_attr.h"
#include "decode/errno_name.h"
#include "inject/chain.h"

#define DATA_BUDGET DUMP_ITER_SCRATCH /* as much as fetch_inject.c maps */
#define MAX_IMAGE (64U << 20)
#define MAX_BATCH 4096
#define MAX_PAIRS 128

#define ROUND8(x) (((x) + 7) & ~(size_t)7)

struct layout {
	size_t table, attrs, cur_in, cur_out, keys, values, end;
};

static struct layout layout(const struct dump_iter *di, bool batch, size_t n)
{
	size_t k = ROUND8(di->key_size), v = di->value_size;
	struct layout l = {0};

	if (batch) {
		l.attrs = sizeof(struct inj_chain_step);
		l.cur_in = l.attrs + ROUND8(sizeof(struct bpf_map_batch_attr));
		l.cur_out = l.cur_in + di->cursor_size;
		l.keys = l.cur_out + di->cursor_size;
		/* the kernel packs a batch: key_size, value buffer strides */
		l.values = l.keys + ROUND8(n * di->key_size);
		l.end = l.values + n * v;
	} else {
		l.attrs = 2 * n * sizeof(struct inj_chain_step);
		l.keys = l.attrs + 2 * n * sizeof(struct bpf_map_elem_attr);
		l.values = l.keys + (n + 1) * k;
		l.end = l.values + n * ROUND8(v);
	}
	return l;
}

/* The largest chunk (at least want) that fits the scratch budget. */
static int setup(struct dump_iter *di, bool batch, unsigned int want)
{
	unsigned int n = batch ? MAX_BATCH : MAX_PAIRS;
	size_t budget = DATA_BUDGET;
	int err;

	if (want > n)
		n = want;
	while (n > 1 && n > want && layout(di, batch, n).end > budget)
		n /= 2;
	if (layout(di, batch, n).end > budget)
		budget = layout(di, batch, n).end;
	if (budget > MAX_IMAGE)
		return -E2BIG;
	err = inj_scratch__ensure(di->it, budget);
	if (err)
		return err;
	free(di->keys);
	free(di->values);
	free(di->image);
	di->batch = batch;
	di->chunk = n;
	di->image_size = layout(di, batch, n).end;
	di->keys = calloc(n, ROUND8(di->key_size));
	di->values = calloc(n, ROUND8(di->value_size));
	di->image = calloc(1, di->image_size);
	return di->keys && di->values && di->image ? 0 : -ENOMEM;
}

int dump_iter__init(struct dump_iter *di, struct inj_task *it, int fd,
		    const struct map_desc *m)
{
	memset(di, 0, sizeof(*di));
	di->it = it;
	di->fd = fd;
	di->key_size = m->key_size;
	di->value_size = map_data_value_buf_size(m, 0);
	/* a hash map's batch cursor is a u32 bucket, others' a key */
	di->cursor_size = ROUND8(m->key_size > 8 ? m->key_size : 8);
	di->cursor = calloc(1, di->cursor_size);
	if (!di->cursor)
		return -ENOMEM;
	return setup(di, true, 1);
}

void dump_iter__free(struct dump_iter *di)
{
	free(di->cursor);
	free(di->keys);
	free(di->values);
	free(di->image);
	memset(di, 0, sizeof(*di));
}

static void bpf_step(struct inj_chain_step *s, uint64_t cmd, uint64_t attr,
		     size_t size, bool stop_on_error)
{
	memset(s, 0, sizeof(*s));
	s->nr = __NR_bpf;
	s->args[0] = cmd;
	s->args[1] = attr;
	s->args[2] = size;
	s->ret = -ECANCELED;
	s->stop_on_error = stop_on_error;
}

/* Writes the image up to upto, runs nsteps, reads everything back. */
static int run(struct dump_iter *di, unsigned int nsteps, size_t upto)
{
	struct inj_mm *mm = di->it->mm;
	int err = inj_mem_write(mm, mm->data, di->image, upto);

	if (!err)
		err = inj_session__chain_run(di->it, nsteps, 0);
	if (!err)
		err = inj_mem_read(mm, mm->data, di->image, di->image_size);
	return err;
}

static int next_batch(struct dump_iter *di, unsigned int *n)
{
	struct layout l = layout(di, true, di->chunk);
	uint64_t data = di->it->mm->data;
	char *img = di->image;
	struct bpf_map_batch_attr *a =
	    (struct bpf_map_batch_attr *)(img + l.attrs);
	struct inj_chain_step *s = (struct inj_chain_step *)img;
	int err;

	bpf_step(s, BPF_MAP_LOOKUP_BATCH, data + l.attrs, sizeof(*a), false);
	*a = (struct bpf_map_batch_attr){
	    .in_batch = di->started ? data + l.cur_in : 0,
	    .out_batch = data + l.cur_out,
	    .keys = data + l.keys,
	    .values = data + l.values,
	    .count = di->chunk,
	    .map_fd = di->fd,
	};
	memcpy(img + l.cur_in, di->cursor, di->cursor_size);
	err = run(di, 1, l.cur_out);
	if (err)
		return err;
	if (s->ret < 0 && s->ret != -ENOENT)
		return (int)s->ret;
	*n = a->count < di->chunk ? a->count : di->chunk;
	memcpy(di->keys, img + l.keys, *n * di->key_size);
	memcpy(di->values, img + l.values, *n * di->value_size);
	memcpy(di->cursor, img + l.cur_out, di->cursor_size);
	di->started = true;
	di->done = s->ret == -ENOENT;
	return 0;
}

static int next_keys(struct dump_iter *di, unsigned int *n)
{
	unsigned int pairs = di->chunk;
	struct layout l = layout(di, false, pairs);
	size_t k = ROUND8(di->key_size), v = ROUND8(di->value_size);
	uint64_t data = di->it->mm->data;
	char *img = di->image;
	struct inj_chain_step *s = (struct inj_chain_step *)img;
	struct bpf_map_elem_attr *a =
	    (struct bpf_map_elem_attr *)(img + l.attrs);
	int err;

	for (unsigned int i = 0; i < pairs; i++) {
		uint64_t key = data + l.keys + i * k;

		bpf_step(&s[2 * i], BPF_MAP_GET_NEXT_KEY,
			 data + l.attrs + 2 * i * sizeof(*a), sizeof(*a), true);
		a[2 * i] = (struct bpf_map_elem_attr){
		    .map_fd = di->fd,
		    .key = !di->started && !i ? 0 : key,
		    .value = key + k,
		};
		bpf_step(&s[2 * i + 1], BPF_MAP_LOOKUP_ELEM,
			 data + l.attrs + (2 * i + 1) * sizeof(*a), sizeof(*a),
			 false);
		a[2 * i + 1] = (struct bpf_map_elem_attr){
		    .map_fd = di->fd,
		    .key = key + k,
		    .value = data + l.values + i * v,
		};
	}
	memcpy(img + l.keys, di->cursor, di->key_size);
	err = run(di, 2 * pairs, l.keys + k);
	if (err)
		return err;
	*n = 0;
	for (unsigned int i = 0; i < pairs; i++) {
		int64_t next = s[2 * i].ret, lookup = s[2 * i + 1].ret;

		if (next < 0) {
			di->done = true;
			if (next != -ENOENT)
				return (int)next;
			break;
		}
		di->started = true;
		memcpy(di->cursor, img + l.keys + (i + 1) * k, di->key_size);
		if (lookup == -ENOENT)
			continue; /* deleted since GET_NEXT_KEY */
		if (lookup < 0)
			return (int)lookup;
		memcpy((char *)di->keys + *n * di->key_size,
		       img + l.keys + (i + 1) * k, di->key_size);
		memcpy((char *)di->values + *n * di->value_size,
		       img + l.values + i * v, di->value_size);
		(*n)++;
	}
	return 0;
}

int dump_iter__next(struct dump_iter *di, unsigned int *n)
{
	int err;

	*n = 0;
	if (di->done)
		return 0;
	if (!di->batch)
		return next_keys(di, n);
	err = next_batch(di, n);
	if (err == -ENOSPC && di->chunk < MAX_IMAGE / 2) {
		/* a hash bucket larger than the chunk: a bigger chunk */
		err = setup(di, true, di->chunk * 2);
		return err ? err : dump_iter__next(di, n);
	}
	if (!di->started && (err == -ERRNO_KERNEL_ENOTSUPP || err == -EINVAL ||
			     err == -EOPNOTSUPP)) {
		/* no batch commands for this map type (or kernel) */
		err = setup(di, false, 1);
		if (!err)
			err = next_keys(di, n);
	}
	/* the kernel's own "not supported", unknown to strerror() */
	return err == -ERRNO_KERNEL_ENOTSUPP ? -EOPNOTSUPP : err;
}
