// SPDX-License-Identifier: MIT
/* Errno names and texts as strace prints them (errno_name.h). */
#include "decode/errno_name.h"

#include <stddef.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Codes the kernel uses internally (include/linux/errno.h, 6.1), which
 * strace names too; libc knows none of them. 520 is unused. */
static const struct {
	int err;
	const char *name;
	const char *text;
} kernel_errnos[] = {
	{ 512, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ 513, "ERESTARTNOINTR", "To be restarted" },
	{ 514, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ 515, "ENOIOCTLCMD", "No ioctl command" },
	{ 516, "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	{ 517, "EPROBE_DEFER", "Requested probe deferral" },
	{ 518, "EOPENSTALE", "Open stale" },
	{ 519, "ENOPARAM", "Parameter not supported" },
	{ 521, "EBADHANDLE", "Illegal NFS file handle" },
	{ 522, "ENOTSYNC", "Update synchronization mismatch" },
	{ 523, "EBADCOOKIE", "Cookie is stale" },
	{ ERRNO_KERNEL_ENOTSUPP, "ENOTSUPP", "Operation not supported" },
	{ 525, "ETOOSMALL", "Buffer or request is too small" },
	{ 526, "ESERVERFAULT", "An untranslatable error occurred" },
	{ 527, "EBADTYPE", "Type not supported by server" },
	{ 528, "EJUKEBOX", "Request initiated, but will not complete before timeout" },
	{ 529, "EIOCBQUEUED", "iocb queued, will get completion event" },
	{ 530, "ERECALLCONFLICT", "conflict with recalled state" },
};

static int kernel_errno(int err)
{
	for (size_t i = 0; i < ARRAY_SIZE(kernel_errnos); i++)
		if (kernel_errnos[i].err == err)
			return (int)i;
	return -1;
}

const char *errno_name(int err)
{
	int i = kernel_errno(err);

	return i >= 0 ? kernel_errnos[i].name : strerrorname_np(err);
}

const char *errno_text(int err)
{
	int i = kernel_errno(err);

	return i >= 0 ? kernel_errnos[i].text : strerror(err);
}

bool errno_is_restart(int err)
{
	return err >= 512 && err <= 516;
}
