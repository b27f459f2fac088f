/* SPDX-License-Identifier: MIT */
/*
 * Shared by the tests/maps programs: the BTF they type their maps with
 * (built with libbpf, loaded into the real kernel), the C structs that
 * match it, and the exact text injtrace must print for them.
 *
 * A program prints on stdout the lines injtrace must print for its map
 * calls, in order; expect.py checks they appear, in that order, among
 * the traced lines (libbpf adds probe calls of its own in between).
 * Exit 77 = this process may not use bpf(): the test is skipped.
 */
#ifndef INJTRACE_TESTS_MAPS_MAPLIB_H
#define INJTRACE_TESTS_MAPS_MAPLIB_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strace_syntax.h"

#define SKIP 77

enum state { IDLE, RUNNING, SLEEPING };

struct inner {
	__u16 a;
	__s16 b;
};

/* 32 bytes, no padding: the BTF below describes exactly this */
struct rec {
	__u32 pid;
	char comm[8];
	__u8 addr[4];
	__u32 st;		/* enum state, 4 bytes in BTF */
	struct inner in;
	__u64 bytes;
};

/* The other layout of the same sizes (fd reuse test): key 4, value 32 */
struct pair {
	__u16 hi;
	__u16 lo;
};

struct alt {
	__u64 lo;
	__u64 hi;
	__u32 tag[4];
};

static inline void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	exit(1);
}

/* The id of the map behind fd. */
static inline __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		die("map info");
	return info.id;
}

/* EPERM/ENOSYS from the first bpf() of a test: not a failure, a skip */
static inline void skip_if_denied(int err, const char *what)
{
	if (err == EPERM || err == EACCES || err == ENOSYS) {
		fprintf(stderr, "%s: %s: bpf() not permitted, skipped\n", what,
			strerror(err));
		exit(SKIP);
	}
}

static inline int load_btf(struct btf *btf)
{
	int fd;

	if (btf__load_into_kernel(btf)) {
		int err = errno;

		skip_if_denied(err, "BTF_LOAD");
		errno = err;
		die("btf__load_into_kernel");
	}
	fd = dup(btf__fd(btf));
	btf__free(btf);
	return fd;
}

/*
 * BTF ids of rec_btf(): the key is id 1 (__u32), the value id 11
 * (struct rec); 12 is a plain __u32 for per-CPU and queue values.
 */
#define REC_KEY_ID 1
#define REC_VALUE_ID 11
#define U32_ID 1

static inline int rec_btf(void)
{
	struct btf *btf = btf__new_empty();

	if (!btf)
		die("btf__new_empty");
	btf__add_int(btf, "__u32", 4, 0);			/* 1 */
	btf__add_int(btf, "char", 1, BTF_INT_CHAR);		/* 2 */
	btf__add_int(btf, "__u8", 1, 0);			/* 3 */
	btf__add_int(btf, "__u16", 2, 0);			/* 4 */
	btf__add_int(btf, "__s16", 2, BTF_INT_SIGNED);		/* 5 */
	btf__add_int(btf, "__u64", 8, 0);			/* 6 */
	btf__add_array(btf, 1, 2, 8);				/* 7 char[8] */
	btf__add_array(btf, 1, 3, 4);				/* 8 __u8[4] */
	btf__add_enum(btf, "state", 4);				/* 9 */
	btf__add_enum_value(btf, "IDLE", IDLE);
	btf__add_enum_value(btf, "RUNNING", RUNNING);
	btf__add_enum_value(btf, "SLEEPING", SLEEPING);
	btf__add_struct(btf, "inner", sizeof(struct inner));	/* 10 */
	btf__add_field(btf, "a", 4, 0, 0);
	btf__add_field(btf, "b", 5, 16, 0);
	btf__add_struct(btf, "rec", sizeof(struct rec));	/* 11 */
	btf__add_field(btf, "pid", 1, 0, 0);
	btf__add_field(btf, "comm", 7, 4 * 8, 0);
	btf__add_field(btf, "addr", 8, 12 * 8, 0);
	btf__add_field(btf, "st", 9, 16 * 8, 0);
	btf__add_field(btf, "in", 10, 20 * 8, 0);
	btf__add_field(btf, "bytes", 6, 24 * 8, 0);
	return load_btf(btf);
}

/* BTF ids of alt_btf(): key 3 (struct pair), value 5 (struct alt) */
#define ALT_KEY_ID 3
#define ALT_VALUE_ID 5

static inline int alt_btf(void)
{
	struct btf *btf = btf__new_empty();

	if (!btf)
		die("btf__new_empty");
	btf__add_int(btf, "__u16", 2, 0);			/* 1 */
	btf__add_int(btf, "__u64", 8, 0);			/* 2 */
	btf__add_struct(btf, "pair", sizeof(struct pair));	/* 3 */
	btf__add_field(btf, "hi", 1, 0, 0);
	btf__add_field(btf, "lo", 1, 16, 0);
	btf__add_int(btf, "__u32", 4, 0);			/* 4 */
	btf__add_struct(btf, "alt", sizeof(struct alt));	/* 5 */
	btf__add_field(btf, "lo", 2, 0, 0);
	btf__add_field(btf, "hi", 2, 64, 0);
	btf__add_field(btf, "tag", 6, 128, 0);
	btf__add_array(btf, 4, 4, 4);				/* 6 __u32[4] */
	return load_btf(btf);
}

/* A map typed by a BTF fd; key/value type 0 = none. */
static inline int typed_map(enum bpf_map_type type, const char *name,
			    __u32 key_size, __u32 value_size, __u32 max,
			    int btf_fd, __u32 key_id, __u32 value_id,
			    __u32 flags)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .btf_fd = btf_fd,
		    .btf_key_type_id = key_id,
		    .btf_value_type_id = value_id, .map_flags = flags);
	int fd = bpf_map_create(type, name, key_size, value_size, max, &o);

	if (fd < 0) {
		int err = errno;

		skip_if_denied(err, "MAP_CREATE");
		errno = err;
		die("bpf_map_create %s", name);
	}
	return fd;
}

static inline int rec_map(enum bpf_map_type type, const char *name,
			  __u32 max, __u32 flags)
{
	int btf = rec_btf();
	int fd = typed_map(type, name, 4, sizeof(struct rec), max, btf,
			   REC_KEY_ID, REC_VALUE_ID, flags);

	close(btf);
	return fd;
}

static inline struct rec mkrec(__u32 pid, const char *comm, __u8 last,
			       enum state st, __u16 a, __s16 b, __u64 bytes)
{
	struct rec r;
	size_t n = strlen(comm);

	memset(&r, 0, sizeof(r));
	r.pid = pid;
	memcpy(r.comm, comm, n < sizeof(r.comm) ? n : sizeof(r.comm));
	r.addr[0] = 10;
	r.addr[3] = last;
	r.st = st;
	r.in.a = a;
	r.in.b = b;
	r.bytes = bytes;
	return r;
}

static const char *const state_names[] = { "IDLE", "RUNNING", "SLEEPING" };

/* struct rec as injtrace's text prints it (char[8] full: no NUL → bytes
 * is not exercised here, the renderer's own tests do that) */
static inline const char *rec_text(const struct rec *r)
{
	static char bufs[4][256];
	static int i;
	char *b = bufs[i++ % 4];

	snprintf(b, 256,
		 "{pid=%u, comm=\"%s\", addr=[%u, %u, %u, %u], st=%s, "
		 "in={a=%u, b=%d}, bytes=%llu}",
		 r->pid, r->comm, r->addr[0], r->addr[1], r->addr[2],
		 r->addr[3], state_names[r->st], r->in.a, r->in.b,
		 (unsigned long long)r->bytes);
	return b;
}

/* " = 0" or " = -1 ENOENT (No such file or directory)" for a libbpf
 * call's result (libbpf returns -errno and sets errno) */
static inline const char *ret_text(int rc)
{
	static char b[128];

	strace_ret_format(b, sizeof(b), rc, -rc);
	return b;
}

/* The entries maps_holder puts in the map it hands over, keys 1..3 */
static inline struct rec held_rec(__u32 key)
{
	return mkrec(100 + key, key == 2 ? "nginx" : "held", key,
		     (enum state)(key % 3), key, -(__s16)key, key << 20);
}

/* strace's hex string of a buffer, cut at max bytes */
static inline const char *hex_text(const void *buf, size_t len, size_t max)
{
	static char bufs[2][1024];
	static int i;
	char *b = bufs[i++ % 2];
	const __u8 *p = buf;
	size_t o = snprintf(b, 1024, "\"");

	for (size_t j = 0; j < len && j < max && o < 1000; j++)
		o += snprintf(b + o, 1024 - o, "\\x%02x", p[j]);
	snprintf(b + o, 1024 - o, "\"%s", len > max ? "..." : "");
	return b;
}

/* s with Python re's special characters escaped (for "re:" lines) */
static inline const char *re_quote(const char *s)
{
	static char bufs[4][2048];
	static int i;
	char *b = bufs[i++ % 4];
	size_t o = 0;

	for (; *s && o < sizeof(bufs[0]) - 3; s++) {
		if (strchr("\\.^$*+?()[]{}|", *s))
			b[o++] = '\\';
		b[o++] = *s;
	}
	b[o] = 0;
	return b;
}

/* expected lines go to stdout, unbuffered order with the tracee's own
 * progress is irrelevant: only the file's content is compared */
#define EXPECT(...) printf(__VA_ARGS__)

#endif
