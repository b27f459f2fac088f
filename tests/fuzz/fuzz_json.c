// SPDX-License-Identifier: MIT
/*
 * Fuzz target (c): the JSON writer.  The input is a small program of
 * printer calls (nested structs and arrays, fields with any name, strings
 * with any bytes, numbers, tokens, flags, exit marks, comments) that
 * builds a call's attr and its extra members the way the decoders and the
 * tracer do, plus the envelope (pid, ts, cmd, size, ret, finished).  Every
 * record written must be one line of valid JSON (fuzz.h); the same
 * program in text mode must be one line.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DEPTH 12

static const struct xlat fuzz_xlat[] = {
	{ 1, "ONE" }, { 2, "TWO" }, { 4, "FOUR" }, { 0x80, "HIGH" }, {}
};

/*
 * A NUL-terminated copy of up to a u8-count of input bytes, for names,
 * tokens and comments.  Those are the program's own strings: any bytes in
 * JSON (escaped), printable ones in text (printed as they are).
 */
static char *take_str(struct fuzz_in *in, const struct printer *p)
{
	size_t n;
	const uint8_t *s = fuzz_bytes(in, fuzz_u8(in), &n);
	char *c = malloc(n + 1);

	memcpy(c, s, n);
	c[n] = '\0';
	for (size_t i = 0; i < n && !printer__json(p); i++)
		if (c[i] < 0x20 || c[i] >= 0x7f)
			c[i] = '?';
	return c;
}

static void value(struct fuzz_in *in, struct printer *p, int depth);

static void members(struct fuzz_in *in, struct printer *p, int depth,
		    bool named)
{
	unsigned int n = fuzz_u8(in) % 8;

	for (unsigned int i = 0; i < n && in->len; i++) {
		uint8_t op = fuzz_u8(in);

		if (named && op % 8 == 7) {
			char *name = take_str(in, p);

			/* what changed at exit: "<name>_out" in JSON */
			pr_changed(p, name);
			value(in, p, depth);
			free(name);
			continue;
		}
		if (op % 8 == 6) {
			pr_more(p);
			continue;
		}
		if (op % 8 == 5) {
			char *c = take_str(in, p);

			pr_comment(p, "%s", c);
			free(c);
			continue;
		}
		if (named) {
			char *name = take_str(in, p);

			pr_field(p, name);
			free(name);
		} else {
			pr_elem(p);
		}
		value(in, p, depth);
	}
}

static void value(struct fuzz_in *in, struct printer *p, int depth)
{
	uint8_t op = fuzz_u8(in);
	size_t n;
	const uint8_t *s;
	char *c;

	if (depth >= MAX_DEPTH)
		op = 0;
	switch (op % 14) {
	case 0:
		pr_uint(p, fuzz_u64(in));
		break;
	case 1:
		pr_int(p, (int64_t)fuzz_u64(in));
		break;
	case 2:
		pr_hex(p, fuzz_u64(in));
		break;
	case 3:
		pr_addr(p, fuzz_u64(in));
		break;
	case 4:
		pr_bool(p, op & 0x80);
		break;
	case 5:
		pr_null(p);
		break;
	case 6:
		c = take_str(in, p);
		pr_token(p, c);
		free(c);
		break;
	case 7:
		pr_xval(p, fuzz_xlat, fuzz_u64(in), "FUZZ_???");
		break;
	case 8:
		pr_xval_dec(p, fuzz_xlat, fuzz_u64(in), "FUZZ_???");
		break;
	case 9:
		pr_flags(p, fuzz_xlat, fuzz_u64(in), "FUZZ_???");
		break;
	case 10:
		s = fuzz_bytes(in, fuzz_u16(in) % 1024, &n);
		pr_quoted(p, s, n, (op >> 4) & 7);
		break;
	case 11:
		pr_struct_begin(p);
		members(in, p, depth + 1, true);
		pr_struct_end(p);
		break;
	case 12:
		pr_array_begin(p);
		members(in, p, depth + 1, false);
		pr_array_end(p);
		break;
	default:
		/* an empty struct / array */
		pr_struct_begin(p);
		pr_struct_end(p);
		break;
	}
}

/* The tracer's members after the attr (map, key, value, stack). */
static void extra_members(struct printer *p, void *arg)
{
	members(arg, p, 1, true);
}

static void record(struct fuzz_in *in, bool json)
{
	uint8_t shape = fuzz_u8(in);
	struct call_head head = {
		.pid = (pid_t)fuzz_u32(in),
		.tid = (pid_t)fuzz_u32(in),
		/* a wall clock: not before 1970 */
		.wall = { fuzz_u32(in), fuzz_u32(in) % 1000000000 },
		.cmd = shape & 1 ? fuzz_u64(in) : fuzz_u8(in) % 48,
		.pid_prefix = shape & 4,
	};
	struct call_result res = {
		.size = fuzz_u64(in),
		.finished = shape & 2,
		.ret = (int64_t)fuzz_u64(in),
		.duration_ns = shape & 64 ? (int64_t)fuzz_u64(in) : -1,
	};
	struct fuzz_record rec;

	fuzz_record_begin(&rec, json, &head, fuzz_u8(in));
	/* the attr, then (maybe) what changed at exit */
	value(in, &rec.p, 0);
	if (shape & 16) {
		pr_changed(&rec.p, "attr");
		value(in, &rec.p, 0);
	}
	fuzz_record_end(&rec, &res, shape & 32 ? extra_members : NULL, in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };

	record(&in, true);
	in = (struct fuzz_in){ data, size };
	record(&in, false);
	return 0;
}
