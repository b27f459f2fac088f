// SPDX-License-Identifier: MIT
/*
 * Fuzz target (a): the attr decoders, entry and exit, text and JSON, as
 * the tracer drives them; every record goes through the writer and is
 * checked (fuzz.h).  The tracee's memory is two regions read through
 * read_mem: the attr at FUZZ_ATTR_ADDR and an image at FUZZ_MEM_ADDR that
 * the attr's pointers may point into.
 *
 * Input: u8 cmd (>= 0xf0: a u32 follows, unknown commands too), u32 size,
 * u8 flags (json, verbose, fd annotations, map data, exit, fd kind),
 * u8 string limit, i64 ret, u16 attr length, attr bytes, then the image.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/bpf_decode.h"
#include "fake_mem.h"
#include "fuzz.h"

#define FUZZ_ATTR_ADDR 0x10000ULL
#define FUZZ_MEM_ADDR 0x200000ULL

enum {
	F_JSON = 1 << 0,
	F_VERBOSE = 1 << 1,
	F_ANNOTATE = 1 << 2,
	F_MAP_DATA = 1 << 3,
	F_EXIT = 1 << 4,
};

/* The tracee: two regions of memory (attr, image), every fd of one kind. */
struct tracee {
	struct fake_region mem[2];
	enum bpf_fd_kind kind;
};

static int read_mem(void *opaque, uint64_t addr, void *buf, size_t len)
{
	const struct tracee *t = opaque;

	return fake_mem_read(t->mem, 2, addr, buf, len);
}

/* what the tracer prints: "4<map:name>" in text, the number in JSON */
static void print_fd(void *opaque, struct printer *p, int fd)
{
	pr_int(p, fd);
	if (!printer__json(p))
		pr_raw(p, "<map:fuzz>");
}

static enum bpf_fd_kind fd_kind(void *opaque, int fd)
{
	return ((const struct tracee *)opaque)->kind;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t sel = fuzz_u8(&in);
	uint64_t cmd = sel < 0xf0 ? sel % 48 : fuzz_u32(&in);
	uint32_t attr_size = fuzz_u32(&in);
	uint8_t flags = fuzz_u8(&in);
	uint8_t limit = fuzz_u8(&in);
	int64_t ret = (int64_t)fuzz_u64(&in);
	size_t attr_len, mem_len;
	const uint8_t *attr = fuzz_bytes(&in, fuzz_u16(&in), &attr_len);
	const uint8_t *mem = fuzz_bytes(&in, in.len, &mem_len);
	bool json = flags & F_JSON;
	/* copies of exactly their size: reads past them are caught */
	void *attr_copy = malloc(attr_len + 1), *mem_copy = malloc(mem_len + 1);
	struct tracee t = {
		.mem = { { FUZZ_ATTR_ADDR, attr_copy, attr_len },
			 { FUZZ_MEM_ADDR, mem_copy, mem_len } },
		.kind = (flags >> 5) % (BPF_FD_LINK + 1),
	};
	struct bpf_decode_env env = {
		.opaque = &t,
		.read_mem = read_mem,
		.print_fd = flags & F_ANNOTATE ? print_fd : NULL,
		.fd_kind = fd_kind,
		.print_map_data = flags & F_MAP_DATA ? fake_mem_print_map_data :
						       NULL,
		.verbose = flags & F_VERBOSE,
	};
	struct call_head head = { .pid = 1, .tid = 1, .cmd = cmd };
	struct call_result res = {
		.size = attr_size,
		.finished = flags & F_EXIT,
		.ret = ret,
		.duration_ns = flags & F_EXIT ? 1000 : -1,
	};
	struct bpf_call *call = malloc(sizeof(*call));
	struct fuzz_record rec;

	memcpy(attr_copy, attr, attr_len);
	memcpy(mem_copy, mem, mem_len);
	fuzz_record_begin(&rec, json, &head, limit);
	bpf_call__init(call, cmd, FUZZ_ATTR_ADDR, attr_size, &env);
	bpf_decode_entry(call, &rec.p);
	if (flags & F_EXIT) {
		call->ret = ret;
		call->exiting = true;
		bpf_decode_exit(call, &rec.p);
	}
	fuzz_record_end(&rec, &res, NULL, NULL);

	free(call);
	free(attr_copy);
	free(mem_copy);
	return 0;
}
