// SPDX-License-Identifier: MIT
/* A strict little JSON validator (RFC 8259), enough for the tests. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "fake_env.h"

static bool value(const char **s, int depth);

static void ws(const char **s)
{
	while (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')
		(*s)++;
}

static bool string(const char **s)
{
	if (**s != '"')
		return false;
	for ((*s)++; **s != '"'; (*s)++) {
		unsigned char c = **s;

		if (c < 0x20)
			return false;
		if (c != '\\')
			continue;
		(*s)++;
		if (**s == 'u') {
			for (int i = 1; i <= 4; i++)
				if (!isxdigit((unsigned char)(*s)[i]))
					return false;
			*s += 4;
		} else if (!strchr("\"\\/bfnrt", **s) || !**s) {
			return false;
		}
	}
	(*s)++;
	return true;
}

static bool number(const char **s)
{
	const char *p = *s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (isdigit((unsigned char)*p))
		while (isdigit((unsigned char)*p))
			p++;
	else
		return false;
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	*s = p;
	return true;
}

static bool list(const char **s, int depth, char close, bool object)
{
	(*s)++;
	ws(s);
	if (**s == close) {
		(*s)++;
		return true;
	}
	for (;;) {
		ws(s);
		if (object) {
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

static bool value(const char **s, int depth)
{
	if (depth > 64)
		return false;
	ws(s);
	switch (**s) {
	case '{':
		return list(s, depth, '}', true);
	case '[':
		return list(s, depth, ']', false);
	case '"':
		return string(s);
	case 't':
		return !strncmp(*s, "true", 4) && (*s += 4);
	case 'f':
		return !strncmp(*s, "false", 5) && (*s += 5);
	case 'n':
		return !strncmp(*s, "null", 4) && (*s += 4);
	default:
		return number(s);
	}
}

bool json_check(const char *s)
{
	if (!value(&s, 0))
		return false;
	ws(&s);
	return *s == '\0';
}
