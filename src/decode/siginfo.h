/* SPDX-License-Identifier: MIT */
/*
 * Signals as strace names and prints them: "SIGUSR1", "SIGRT_3", and the
 * siginfo of a signal-delivery stop, "{si_signo=SIGUSR1, si_code=SI_USER,
 * si_pid=42, si_uid=0}" (text) or the same members as a JSON object.
 */
#ifndef INJTRACE_DECODE_SIGINFO_H
#define INJTRACE_DECODE_SIGINFO_H

#include <signal.h>

#include "decode/printer.h"

/* "SIGKILL"; realtime signals "SIGRT_N"; NULL for 0 or out of range. */
const char *signal_name(int sig);
/* Parses "SIGUSR1", "USR1", "sigusr1" or a number: the signal, or -1. */
int signal_parse(const char *name);
/* The signal's name as a token ("SIGUSR1"), its number when it has none. */
void signal_print(struct printer *p, int sig);
/* The siginfo of a signal-delivery stop, as strace's printsiginfo. */
void decode_siginfo(struct printer *p, const siginfo_t *si);

#endif
