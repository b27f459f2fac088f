/* SPDX-License-Identifier: MIT */
/*
 * The bits of strace's syntax that the test programs of tests/golden and
 * tests/maps print in the lines they expect injtrace to print.
 * strerrorname_np() needs _GNU_SOURCE before the first system header.
 */
#ifndef INJTRACE_TESTS_COMMON_STRACE_SYNTAX_H
#define INJTRACE_TESTS_COMMON_STRACE_SYNTAX_H

#include <stdio.h>
#include <string.h>

/* A pointer as strace prints it: NULL or 0x7ffd... */
static inline const char *ptr(const void *p)
{
	static char bufs[8][32];
	static int i;
	char *b = bufs[i++ % 8];

	if (!p)
		return "NULL";
	snprintf(b, 32, "%#lx", (unsigned long)p);
	return b;
}

/*
 * A syscall's result as strace prints it, into buf: "= 3", or
 * "= -1 ENOENT (No such file or directory)" with err the errno when rc < 0.
 */
static inline void strace_ret_format(char *buf, size_t size, long rc, int err)
{
	if (rc >= 0)
		snprintf(buf, size, "= %ld", rc);
	else
		snprintf(buf, size, "= -1 %s (%s)", strerrorname_np(err),
			 strerror(err));
}

#endif
