// SPDX-License-Identifier: MIT
/* Text/JSON printer: see printer.h. */
#include "decode/printer.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *xlat_name(const struct xlat *x, uint64_t v)
{
	for (; x && x->name; x++)
		if (x->val == v)
			return x->name;
	return NULL;
}

void printer__init(struct printer *p, enum printer_mode mode,
		   unsigned int string_limit)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->string_limit = string_limit;
}

void printer__free(struct printer *p)
{
	free(p->buf);
	p->buf = NULL;
	p->len = p->cap = 0;
}

void printer__clear(struct printer *p)
{
	p->len = 0;
	p->depth = 0;
	p->need_sep = 0;
	p->arrays = 0;
	p->value_pending = false;
	p->oom = false;
	if (p->buf)
		p->buf[0] = '\0';
}

void printer__discard_text(struct printer *p)
{
	p->len = 0;
	if (p->buf)
		p->buf[0] = '\0';
}

bool printer__grow(struct printer *p, size_t more)
{
	if (p->oom)
		return false;
	if (p->len + more + 1 <= p->cap)
		return true;
	size_t cap = p->cap ? p->cap : 256;
	while (cap < p->len + more + 1)
		cap *= 2;
	char *buf = realloc(p->buf, cap);
	if (!buf) {
		p->oom = true;
		return false;
	}
	p->buf = buf;
	p->cap = cap;
	return true;
}

/* Formats in place when it fits (the usual case: one vsnprintf, not two). */
void pr_vprintf(struct printer *p, const char *fmt, va_list ap)
{
	va_list copy;
	size_t room;
	int n;

	p->value_pending = false;
	if (!printer__grow(p, 64))
		return;
	room = p->cap - p->len;
	va_copy(copy, ap);
	n = vsnprintf(p->buf + p->len, room, fmt, copy);
	va_end(copy);
	if (n >= 0 && (size_t)n >= room) {
		p->buf[p->len] = '\0';	/* cut: again, with room */
		if (!printer__grow(p, n))
			return;
		vsnprintf(p->buf + p->len, n + 1, fmt, ap);
	}
	if (n < 0) {
		p->buf[p->len] = '\0';
		return;
	}
	p->len += n;
}

void pr_printf(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pr_vprintf(p, fmt, ap);
	va_end(ap);
}

const char *printer__str(struct printer *p)
{
	if (!p->buf && printer__grow(p, 0))
		p->buf[0] = '\0';
	return p->buf ? p->buf : "";
}

/*
 * JSON: a member whose value never came (a decoder that prints nothing,
 * a call whose exit never came) is null, never "name": followed by the
 * next member.
 */
static void fill_pending(struct printer *p)
{
	if (p->value_pending)
		pr_raw(p, "null");
}

/* Separator before an item at the current depth. */
static void item(struct printer *p)
{
	uint64_t bit = 1ULL << (p->depth % PRINTER_MAX_DEPTH);

	fill_pending(p);

	if (p->need_sep & bit)
		pr_raw(p, printer__json(p) ? ", " : ", ");
	p->need_sep |= bit;
}

static void open_level(struct printer *p, const char *s)
{
	uint64_t bit;

	pr_raw(p, s);
	p->depth++;
	bit = 1ULL << (p->depth % PRINTER_MAX_DEPTH);
	p->need_sep &= ~bit;
	if (*s == '[')
		p->arrays |= bit;
	else
		p->arrays &= ~bit;
}

static void close_level(struct printer *p, const char *s)
{
	fill_pending(p);
	if (p->depth)
		p->depth--;
	pr_raw(p, s);
}

void printer__close_to(struct printer *p, unsigned int depth)
{
	while (p->depth > depth) {
		uint64_t bit = 1ULL << (p->depth % PRINTER_MAX_DEPTH);

		close_level(p, p->arrays & bit ? "]" : "}");
	}
}

void pr_struct_begin(struct printer *p)
{
	open_level(p, "{");
}

void pr_struct_end(struct printer *p)
{
	close_level(p, "}");
}

void pr_array_begin(struct printer *p)
{
	open_level(p, "[");
}

void pr_array_end(struct printer *p)
{
	close_level(p, "]");
}

static void json_string(struct printer *p, const unsigned char *s, size_t n)
{
	pr_raw(p, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			pr_printf(p, "\\%c", c);
		else if (c == '\n')
			pr_raw(p, "\\n");
		else if (c == '\t')
			pr_raw(p, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			pr_printf(p, "\\u%04x", c);
		else
			pr_rawn(p, (const char *)&c, 1);
	}
	pr_raw(p, "\"");
}

void pr_field(struct printer *p, const char *name)
{
	item(p);
	if (printer__json(p)) {
		json_string(p, (const unsigned char *)name, strlen(name));
		pr_raw(p, ": ");
		p->value_pending = true;
	} else {
		pr_raw(p, name);
		pr_raw(p, "=");
	}
}

void pr_elem(struct printer *p)
{
	item(p);
}

void pr_changed(struct printer *p, const char *name)
{
	if (!printer__json(p)) {
		pr_raw(p, " => ");
		return;
	}
	char key[128];

	snprintf(key, sizeof(key), "%s_out", name ? name : "");
	pr_field(p, key);
}

/*
 * Decimal without vsnprintf: typed map data is mostly numbers, and
 * printf's two passes were most of the cost of rendering a value.
 */
static void put_decimal(struct printer *p, uint64_t v, bool neg)
{
	char buf[24];
	char *s = buf + sizeof(buf);

	do {
		*--s = '0' + v % 10;
		v /= 10;
	} while (v);
	if (neg)
		*--s = '-';
	pr_rawn(p, s, buf + sizeof(buf) - s);
}

void pr_uint(struct printer *p, uint64_t v)
{
	put_decimal(p, v, false);
}

void pr_int(struct printer *p, int64_t v)
{
	/* 0 - (uint64_t)v is also right for INT64_MIN */
	put_decimal(p, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0);
}

/* printf's "%#llx" without printf: 0 is "0", anything else "0x..." */
static void put_hex(struct printer *p, uint64_t v)
{
	char buf[20];
	char *s = buf + sizeof(buf);

	if (!v) {
		pr_rawn(p, "0", 1);
		return;
	}
	do {
		*--s = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	*--s = 'x';
	*--s = '0';
	pr_rawn(p, s, buf + sizeof(buf) - s);
}

void pr_hex(struct printer *p, uint64_t v)
{
	if (printer__json(p))
		pr_uint(p, v);
	else
		put_hex(p, v);
}

void pr_addr(struct printer *p, uint64_t addr)
{
	if (!addr) {
		pr_null(p);
	} else if (printer__json(p)) {
		pr_rawn(p, "\"", 1);
		put_hex(p, addr);
		pr_rawn(p, "\"", 1);
	} else {
		put_hex(p, addr);
	}
}

void pr_bool(struct printer *p, bool v)
{
	if (printer__json(p))
		pr_raw(p, v ? "true" : "false");
	else
		pr_raw(p, v ? "1" : "0");
}

void pr_null(struct printer *p)
{
	pr_raw(p, printer__json(p) ? "null" : "NULL");
}

void pr_token(struct printer *p, const char *s)
{
	if (printer__json(p))
		json_string(p, (const unsigned char *)s, strlen(s));
	else
		pr_raw(p, s);
}

static void unknown_val(struct printer *p, uint64_t v, const char *dflt,
			bool dec)
{
	if (printer__json(p)) {
		pr_uint(p, v);
		return;
	}
	if (dec)
		pr_printf(p, "%" PRIu64, v);
	else
		pr_printf(p, "%#" PRIx64, v);
	if (dflt)
		pr_printf(p, " /* %s */", dflt);
}

void pr_xval(struct printer *p, const struct xlat *x, uint64_t v,
	     const char *dflt)
{
	const char *name = xlat_name(x, v);

	if (name)
		pr_token(p, name);
	else
		unknown_val(p, v, dflt, false);
}

void pr_xval_dec(struct printer *p, const struct xlat *x, uint64_t v,
		 const char *dflt)
{
	const char *name = xlat_name(x, v);

	if (name)
		pr_token(p, name);
	else
		unknown_val(p, v, dflt, true);
}

void pr_flags(struct printer *p, const struct xlat *x, uint64_t v,
	      const char *dflt)
{
	struct printer tmp;
	uint64_t rest = v;
	bool any = false;

	if (v == 0) {
		const char *zero = xlat_name(x, 0);

		if (zero)
			pr_token(p, zero);
		else
			pr_raw(p, "0");
		return;
	}
	printer__init(&tmp, PRINTER_TEXT, 0);
	for (; x && x->name; x++) {
		if (x->val && (rest & x->val) == x->val) {
			pr_printf(&tmp, "%s%s", any ? "|" : "", x->name);
			rest &= ~x->val;
			any = true;
		}
	}
	if (rest && any)
		pr_printf(&tmp, "|%#" PRIx64, rest);
	if (any) {
		pr_token(p, printer__str(&tmp));
	} else {
		unknown_val(p, v, dflt, false);
	}
	printer__free(&tmp);
}

static bool text_printable(unsigned char c)
{
	return c >= ' ' && c < 0x7f;
}

static void text_quoted(struct printer *p, const unsigned char *s, size_t n,
			unsigned int flags)
{
	pr_raw(p, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (flags & QUOTE_FORCE_HEX) {
			pr_printf(p, "\\x%02x", c);
			continue;
		}
		switch (c) {
		case '"': pr_raw(p, "\\\""); break;
		case '\\': pr_raw(p, "\\\\"); break;
		case '\f': pr_raw(p, "\\f"); break;
		case '\n': pr_raw(p, "\\n"); break;
		case '\r': pr_raw(p, "\\r"); break;
		case '\t': pr_raw(p, "\\t"); break;
		case '\v': pr_raw(p, "\\v"); break;
		default:
			if (text_printable(c)) {
				pr_rawn(p, (const char *)&c, 1);
			} else {
				/* strace: shortest octal unless a digit follows */
				bool digit_next = i + 1 < n && s[i + 1] >= '0' &&
						  s[i + 1] <= '7';
				if (digit_next)
					pr_printf(p, "\\%03o", c);
				else
					pr_printf(p, "\\%o", c);
			}
		}
	}
	pr_raw(p, "\"");
}

void pr_quoted(struct printer *p, const void *data, size_t len,
	       unsigned int flags)
{
	const unsigned char *s = data;
	size_t n = len;
	bool more = false;

	if (flags & QUOTE_0_TERMINATED) {
		const unsigned char *nul = memchr(s, 0, len);

		if (nul)
			n = nul - s;
		else
			more = true;	/* unterminated within len */
	}
	if (!(flags & QUOTE_OMIT_LIMIT) && p->string_limit &&
	    n > p->string_limit) {
		n = p->string_limit;
		more = true;
	}
	if (printer__json(p))
		json_string(p, s, n);
	else
		text_quoted(p, s, n, flags);
	if (more && !printer__json(p))
		pr_raw(p, "...");
}

void pr_comment(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	if (printer__json(p))
		return;
	pr_raw(p, " /* ");
	va_start(ap, fmt);
	pr_vprintf(p, fmt, ap);
	va_end(ap);
	pr_raw(p, " */");
}

void pr_more(struct printer *p)
{
	if (printer__json(p))
		return;
	item(p);
	pr_raw(p, "...");
}
