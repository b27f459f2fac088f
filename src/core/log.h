/* SPDX-License-Identifier: MIT */
/* Messages to the user: one line, "injtrace: ...", on stderr. */
#ifndef INJTRACE_CORE_LOG_H
#define INJTRACE_CORE_LOG_H

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_error() plus ": strerror(errno)". */
void log_perror(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
