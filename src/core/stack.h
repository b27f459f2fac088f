/* SPDX-License-Identifier: MIT */
/* -k: the user stack of a stopped tracee, via libunwind-ptrace. */
#ifndef INJTRACE_CORE_STACK_H
#define INJTRACE_CORE_STACK_H

#include <sys/types.h>

#include "decode/printer.h"

/*
 * Text: one " > FILE(SYMBOL+0xOFF) [0xFILEOFF]" line per frame, as
 * strace -k.  JSON: a value [{"file", "symbol", "offset", "file_offset"},
 * ...].  tid must be in a ptrace-stop.
 */
void stack_print(pid_t tid, pid_t tgid, struct printer *p);

#endif
