// SPDX-License-Identifier: MIT
/* Input reader and output checks of the fuzz targets: see fuzz.h. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_check.h"

uint8_t fuzz_u8(struct fuzz_in *in)
{
	if (!in->len)
		return 0;
	in->len--;
	return *in->data++;
}

uint16_t fuzz_u16(struct fuzz_in *in)
{
	return fuzz_u8(in) | (uint16_t)fuzz_u8(in) << 8;
}

uint32_t fuzz_u32(struct fuzz_in *in)
{
	return fuzz_u16(in) | (uint32_t)fuzz_u16(in) << 16;
}

uint64_t fuzz_u64(struct fuzz_in *in)
{
	return fuzz_u32(in) | (uint64_t)fuzz_u32(in) << 32;
}

const uint8_t *fuzz_bytes(struct fuzz_in *in, size_t n, size_t *got)
{
	const uint8_t *p = in->data;

	if (n > in->len)
		n = in->len;
	in->data += n;
	in->len -= n;
	*got = n;
	return p;
}

static __attribute__((noreturn)) void finding(const char *why,
					      const char *s, size_t len)
{
	fprintf(stderr, "fuzz finding: %s\n---\n%.*s\n---\n", why, (int)len,
		s);
	abort();
}

/* RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1, cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

void fuzz_check_json(const char *s, size_t len, const char *what)
{
	if (memchr(s, '\0', len))
		finding("NUL byte in JSON", s, len);
	if (!utf8_valid((const unsigned char *)s, len))
		finding("JSON not valid UTF-8", s, len);
	if (!json_valid(s))
		finding(what, s, len);
}

void fuzz_record_begin(struct fuzz_record *rec, bool json,
		       const struct call_head *head, unsigned int limit)
{
	memset(rec, 0, sizeof(*rec));
	rec->out.json = json;
	rec->out.call_time = true;
	rec->out.file = open_memstream(&rec->buf, &rec->len);
	if (!rec->out.file)
		abort();
	printer__init(&rec->p, json ? PRINTER_JSON : PRINTER_TEXT, limit);
	output__begin_call(&rec->out, &rec->p, head);
}

void fuzz_record_end(struct fuzz_record *rec, const struct call_result *res,
		     void (*members)(struct printer *p, void *arg), void *arg)
{
	struct printer *p = &rec->p;
	const char *nl;

	/* what write_call() in src/core/bpf_stop.c does */
	if (rec->out.json) {
		printer__close_to(p, 1);
		if (members)
			members(p, arg);
		output__call_result(&rec->out, p, res);
	} else {
		output__call_result(&rec->out, p, res);
		output__call_time(&rec->out, p, res->duration_ns);
	}
	output__end_call(&rec->out, p);
	output__write(&rec->out, rec->out.file, p);
	fclose(rec->out.file);
	printer__free(p);

	nl = memchr(rec->buf, '\n', rec->len);
	if (!nl || nl != rec->buf + rec->len - 1)
		finding("a record is not exactly one line", rec->buf, rec->len);
	rec->buf[rec->len - 1] = '\0';
	if (rec->out.json)
		fuzz_check_json(rec->buf, rec->len - 1,
				"a record is not valid JSON");
	free(rec->buf);
}
