/* SPDX-License-Identifier: MIT */
/*
 * test_scaled(n, min): n times INJTRACE_TEST_SCALE percent (default 100,
 * n itself), never less than min: the C tests' side of
 * tests/common/scale.sh.  The cross-arch guests run the suite under qemu's
 * TCG with a smaller scale (docs/xarch.md); each test then checks the same
 * properties over fewer iterations.  A scale that is not a percentage
 * (1-100) ends the test (exit 1).
 */
#ifndef INJTRACE_TEST_SCALE_H
#define INJTRACE_TEST_SCALE_H

#include <stdio.h>
#include <stdlib.h>

static inline long test_scaled(long n, long min)
{
	const char *env = getenv("INJTRACE_TEST_SCALE");
	char *end;
	long pct = 100;

	if (env) {
		pct = strtol(env, &end, 10);
		if (!*env || *end || pct < 1 || pct > 100) {
			fprintf(stderr, "INJTRACE_TEST_SCALE=%s: not a percentage (1-100)\n",
				env);
			exit(1);
		}
	}
	n = n * pct / 100;
	return n < min ? min : n;
}

#endif
