/* SPDX-License-Identifier: MIT */
/*
 * CHECK() for the self-contained engine tests: a condition that does not
 * hold is counted in fails and told on stderr, the program's name first.
 */
#ifndef INJTRACE_TESTS_INJECT_CHECK_H
#define INJTRACE_TESTS_INJECT_CHECK_H

#include <errno.h>
#include <stdio.h>

static int fails;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fails++;                                               \
			fprintf(stderr,                                        \
				"%s: ", program_invocation_short_name);        \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
		}                                                              \
	} while (0)

#endif
