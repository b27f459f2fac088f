/* SPDX-License-Identifier: MIT */
/*
 * Errno codes as strace names them: libc's, and the kernel's internal ones
 * (include/linux/errno.h) that a tracer sees in a syscall's return value
 * but libc does not know. The one place the project knows errno names.
 */
#ifndef INJTRACE_DECODE_ERRNO_NAME_H
#define INJTRACE_DECODE_ERRNO_NAME_H

#include <stdbool.h>

/*
 * The kernel's own "not supported" (include/linux/errno.h), which some
 * bpf() commands return (batch ops on map types without them, since 5.6).
 */
#define ERRNO_KERNEL_ENOTSUPP 524

/* "ENOENT" for 2, "ERESTARTSYS" for 512, "ENOTSUPP" for 524; NULL when
 * neither libc nor the kernel's internal list knows the number. */
const char *errno_name(int err);
/* The strerror()-like text strace prints after the name. */
const char *errno_text(int err);
/*
 * ERESTARTSYS..ERESTART_RESTARTBLOCK (512..516): the kernel restarts the
 * call or turns the code into EINTR; the program never sees it, and strace
 * prints "= ?" for it.
 */
bool errno_is_restart(int err);

#endif
