/* SPDX-License-Identifier: MIT */
/* A strict RFC 8259 syntax check, so tests can assert "valid JSON". */
#ifndef INJTRACE_TESTS_BTF_JSON_CHECK_H
#define INJTRACE_TESTS_BTF_JSON_CHECK_H

#include <stdbool.h>

/* s is exactly one JSON value, optionally surrounded by whitespace. */
bool json_valid(const char *s);

#endif
