// SPDX-License-Identifier: MIT
/* Recursive-descent JSON syntax checker (no values kept). */
#include "json_check.h"

#include <ctype.h>
#include <string.h>

static bool value(const char **s, int depth);

static void ws(const char **s)
{
	while (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')
		(*s)++;
}

static bool lit(const char **s, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*s, word, n))
		return false;
	*s += n;
	return true;
}

static bool string(const char **s)
{
	if (*(*s)++ != '"')
		return false;
	for (;;) {
		unsigned char c = *(*s)++;

		if (c == '"')
			return true;
		if (c < 0x20)
			return false;	/* includes the terminating NUL */
		if (c != '\\')
			continue;
		c = *(*s)++;
		if (c == 'u') {
			for (int i = 0; i < 4; i++)
				if (!isxdigit((unsigned char)*(*s)++))
					return false;
		} else if (!c || !strchr("\"\\/bfnrt", c)) {
			return false;
		}
	}
}

static bool digits(const char **s)
{
	if (!isdigit((unsigned char)**s))
		return false;
	while (isdigit((unsigned char)**s))
		(*s)++;
	return true;
}

static bool number(const char **s)
{
	if (**s == '-')
		(*s)++;
	if (**s == '0')
		(*s)++;
	else if (!digits(s))
		return false;
	if (**s == '.') {
		(*s)++;
		if (!digits(s))
			return false;
	}
	if (**s == 'e' || **s == 'E') {
		(*s)++;
		if (**s == '+' || **s == '-')
			(*s)++;
		if (!digits(s))
			return false;
	}
	return true;
}

static bool items(const char **s, char close, bool named, int depth)
{
	ws(s);
	if (**s == close) {
		(*s)++;
		return true;
	}
	for (;;) {
		ws(s);
		if (named) {
			if (!string(s))
				return false;
			ws(s);
			if (*(*s)++ != ':')
				return false;
		}
		if (!value(s, depth + 1))
			return false;
		ws(s);
		if (**s == close) {
			(*s)++;
			return true;
		}
		if (*(*s)++ != ',')
			return false;
	}
}

/*
 * Only a guard against runaway recursion: what the tests check nests far
 * less (the renderer stops at RENDER_MAX_DEPTH, 48; decoders a few levels).
 */
#define JSON_MAX_DEPTH 512

static bool value(const char **s, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return false;
	ws(s);
	switch (**s) {
	case '{':
		(*s)++;
		return items(s, '}', true, depth);
	case '[':
		(*s)++;
		return items(s, ']', false, depth);
	case '"':
		return string(s);
	case 't':
		return lit(s, "true");
	case 'f':
		return lit(s, "false");
	case 'n':
		return lit(s, "null");
	default:
		return number(s);
	}
}

bool json_valid(const char *s)
{
	if (!value(&s, 0))
		return false;
	ws(&s);
	return !*s;
}
