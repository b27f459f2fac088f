/* SPDX-License-Identifier: MIT */
/*
 * Reading every element of a map through the tracee's own fd, in bounded
 * chunks: each chunk is one chain run in the tracee (one ptrace stop)
 * through its scratch area, so a map of millions of entries costs one
 * chunk of memory in the tracer and the tracee.
 *
 *  - batch: BPF_MAP_LOOKUP_BATCH (Linux 5.6) where the map type has it
 *    (hash and array maps), one call per chunk.  A hash map's batch
 *    cursor is a bucket number: elements inserted or deleted meanwhile
 *    never make it start again, so no key comes twice.
 *  - next_key: where batches are not supported, a chain of
 *    BPF_MAP_GET_NEXT_KEY + BPF_MAP_LOOKUP_ELEM pairs, as bpftool walks a
 *    map.  A hash map whose current key is deleted between two calls
 *    starts again from its first key (htab_map_get_next_key()): keys
 *    then come twice, as they would in bpftool.
 */
#ifndef INJTRACE_CORE_DUMP_ITER_H
#define INJTRACE_CORE_DUMP_ITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/map_data.h"

struct inj_task;

/* The scratch data a dump needs for most maps (bytes). */
#define DUMP_ITER_SCRATCH (256 * 1024)

struct dump_iter {
	struct inj_task *it;
	int fd; /* the tracee's map fd */
	size_t key_size;
	size_t value_size;  /* one value buffer (per-CPU: all) */
	unsigned int chunk; /* elements per chain run */
	bool batch;	    /* else next_key */
	bool started;
	bool done;
	void *cursor; /* last key / batch cursor */
	size_t cursor_size;
	/* out: the elements of the last chunk */
	void *keys;   /* chunk * key_size */
	void *values; /* chunk * value_size */
	void *image;  /* scratch image of a chunk */
	size_t image_size;
};

/*
 * For map fd of the tracee it (in an open session with a scratch area)
 * described by m: 0, or -ENOMEM, -E2BIG (one element is too large).
 */
int dump_iter__init(struct dump_iter *di, struct inj_task *it, int fd,
		    const struct map_desc *m)
    __attribute__((warn_unused_result));
/*
 * The next chunk: *n elements (maybe 0 in the middle: every key of a
 * chunk deleted meanwhile) in keys/values; di->done after the last.
 * 0, -ESRCH (the process is gone), or the -errno of the map's commands
 * (-EOPNOTSUPP, also for the kernel's ENOTSUPP: its elements cannot be
 * read).
 */
int dump_iter__next(struct dump_iter *di, unsigned int *n)
    __attribute__((warn_unused_result));
void dump_iter__free(struct dump_iter *di);

#endif
