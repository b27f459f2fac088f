/* SPDX-License-Identifier: MIT */
/*
 * One printer API for text (strace syntax) and JSON (bpftool -j shapes).
 * Decoders never printf: they describe structure (struct, field, element)
 * and values, and the printer renders either form into a growable buffer.
 * Separators are the printer's business: pr_field()/pr_elem() emit ", "
 * (text) or "," (JSON) before every item but the first at their depth.
 */
#ifndef INJTRACE_DECODE_PRINTER_H
#define INJTRACE_DECODE_PRINTER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode/xlat.h"

enum printer_mode {
	PRINTER_TEXT,
	PRINTER_JSON,
};

#define PRINTER_MAX_DEPTH 64

struct printer {
	enum printer_mode mode;
	char *buf;
	size_t len;
	size_t cap;
	bool oom;			/* an allocation failed: output cut */
	unsigned int depth;
	uint64_t need_sep;		/* bit d: next item at depth d needs a separator */
	uint64_t arrays;		/* bit d: level d is an array, not a struct */
	unsigned int string_limit;	/* -s: max bytes of a string/hexdump */
	bool value_pending;		/* JSON: a member's name has no value yet */
};

void printer__init(struct printer *p, enum printer_mode mode,
		   unsigned int string_limit);
void printer__free(struct printer *p);
/* Empties the buffer and the nesting state, keeps mode and limit. */
void printer__clear(struct printer *p);
/*
 * Closes the structs and arrays open deeper than depth: the entry part
 * of a call whose exit never came (the task died inside it) ends in open
 * levels.
 */
void printer__close_to(struct printer *p, unsigned int depth);
static inline bool printer__json(const struct printer *p)
{
	return p->mode == PRINTER_JSON;
}

/*
 * Room for more bytes and the NUL; false once an allocation failed (the
 * output is cut there, nothing is appended after).
 */
bool printer__grow(struct printer *p, size_t more);

/* Raw text, no separator logic.  Inline: every item of a line comes here. */
static inline void pr_rawn(struct printer *p, const char *s, size_t n)
{
	p->value_pending = false;
	if ((p->oom || p->len + n + 1 > p->cap) && !printer__grow(p, n))
		return;
	memcpy(p->buf + p->len, s, n);
	p->len += n;
	p->buf[p->len] = '\0';
}
/* Inline: the length of a literal is known when compiled (a hot path). */
static inline void pr_raw(struct printer *p, const char *s)
{
	pr_rawn(p, s, strlen(s));
}
void pr_printf(struct printer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pr_vprintf(struct printer *p, const char *fmt, va_list ap);

/* Structure. */
void pr_struct_begin(struct printer *p);	/* "{" */
void pr_struct_end(struct printer *p);		/* "}" */
void pr_array_begin(struct printer *p);		/* "[" */
void pr_array_end(struct printer *p);		/* "]" */
/* Starts a named member: text "name=", JSON "\"name\": ". */
void pr_field(struct printer *p, const char *name);
/* Starts an array element (or an unnamed struct member). */
void pr_elem(struct printer *p);

/*
 * Marks the start of what changed at syscall exit.  Text: " => ".  JSON: a
 * new member "<name>_out" of the enclosing object, name being the member
 * whose exit value follows ("attr" for the whole attr: the call's record
 * holds "attr" and "attr_out").
 */
void pr_changed(struct printer *p, const char *name);

/* Values. Each one completes the item begun by pr_field()/pr_elem(). */
void pr_uint(struct printer *p, uint64_t v);		/* 42 */
void pr_int(struct printer *p, int64_t v);		/* -1 */
void pr_hex(struct printer *p, uint64_t v);		/* 0x2a; JSON 42 */
void pr_addr(struct printer *p, uint64_t addr);		/* NULL / 0x7ffd...; JSON null / "0x7ffd..." */
void pr_bool(struct printer *p, bool v);		/* JSON true/false; text 1/0 */
void pr_null(struct printer *p);			/* NULL; JSON null */
/* A bare token, e.g. an enum name: text as is, JSON as a string. */
void pr_token(struct printer *p, const char *s);
/* A value of an enum-like table; unknown: "0x21 /" "* dflt *" "/". */
void pr_xval(struct printer *p, const struct xlat *x, uint64_t v,
	     const char *dflt);
/* Same, but unknown values are printed in decimal (strace XLAT "d"). */
void pr_xval_dec(struct printer *p, const struct xlat *x, uint64_t v,
		 const char *dflt);
/* Flags: "A|B|0x100"; nothing known: "0x100 /" "* dflt *" "/"; 0: "0". */
void pr_flags(struct printer *p, const struct xlat *x, uint64_t v,
	      const char *dflt);

/* String quoting, strace style in text, JSON-escaped in JSON. */
enum {
	QUOTE_0_TERMINATED = 1 << 0,	/* stop at NUL; no NUL within len: add "..." */
	QUOTE_FORCE_HEX = 1 << 1,	/* every byte as \xNN */
	QUOTE_OMIT_LIMIT = 1 << 2,	/* ignore string_limit */
};
/* Prints at most string_limit bytes, then "..." if more remain. */
void pr_quoted(struct printer *p, const void *data, size_t len,
	       unsigned int flags);

/* Text only " /" "* ... *" "/"; JSON ignores comments. */
void pr_comment(struct printer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "..." as an item of the current struct (strace: more data follows). */
void pr_more(struct printer *p);

/*
 * Streaming: empties the buffer but keeps the nesting state, so that one
 * long object (a dump of a large map) is written out in pieces.
 */
void printer__discard_text(struct printer *p);

/* Takes the buffer as a NUL-terminated string (valid until next write). */
const char *printer__str(struct printer *p);

#endif
