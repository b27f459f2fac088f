/* SPDX-License-Identifier: MIT */
/*
 * A strict RFC 8259 syntax check, so tests can assert "valid JSON".
 * Shared by tests/btf (renderer output) and tests/decode (attr decoders).
 */
#ifndef INJTRACE_TESTS_COMMON_JSON_CHECK_H
#define INJTRACE_TESTS_COMMON_JSON_CHECK_H

#include <stdbool.h>

/* s is exactly one JSON value, optionally surrounded by whitespace. */
bool json_valid(const char *s);

#endif
