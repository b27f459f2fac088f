// SPDX-License-Identifier: MIT
/*
 * Errno names and texts as strace 6.1 prints them after "= -1": libc's
 * codes, the kernel's internal 512..530 (include/linux/errno.h), and
 * numbers neither knows.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>

#include "decode/errno_name.h"

/* What strace 6.1 prints after "= -1 " (or "= ?") for each code */
static const struct {
	int err;
	const char *printed;
} kernel[] = {
	{ 512, "ERESTARTSYS (To be restarted if SA_RESTART is set)" },
	{ 513, "ERESTARTNOINTR (To be restarted)" },
	{ 514, "ERESTARTNOHAND (To be restarted if no handler)" },
	{ 515, "ENOIOCTLCMD (No ioctl command)" },
	{ 516, "ERESTART_RESTARTBLOCK (Interrupted by signal)" },
	{ 517, "EPROBE_DEFER (Requested probe deferral)" },
	{ 518, "EOPENSTALE (Open stale)" },
	{ 519, "ENOPARAM (Parameter not supported)" },
	{ 521, "EBADHANDLE (Illegal NFS file handle)" },
	{ 522, "ENOTSYNC (Update synchronization mismatch)" },
	{ 523, "EBADCOOKIE (Cookie is stale)" },
	{ 524, "ENOTSUPP (Operation not supported)" },
	{ 525, "ETOOSMALL (Buffer or request is too small)" },
	{ 526, "ESERVERFAULT (An untranslatable error occurred)" },
	{ 527, "EBADTYPE (Type not supported by server)" },
	{ 528, "EJUKEBOX (Request initiated, but will not complete before "
	       "timeout)" },
	{ 529, "EIOCBQUEUED (iocb queued, will get completion event)" },
	{ 530, "ERECALLCONFLICT (conflict with recalled state)" },
};

/* "NAME (text)" as output.c prints it, "" where the name is unknown */
static const char *printed(int err, char *buf, size_t size)
{
	const char *name = errno_name(err);

	if (!name)
		return "";
	snprintf(buf, size, "%s (%s)", name, errno_text(err));
	return buf;
}

Test(errno_name, libc_codes)
{
	cr_expect_str_eq(errno_name(EPERM), "EPERM");
	cr_expect_str_eq(errno_name(ENOENT), "ENOENT");
	cr_expect_str_eq(errno_text(ENOENT), "No such file or directory");
	cr_expect_str_eq(errno_name(EINVAL), "EINVAL");
	cr_expect_str_eq(errno_name(E2BIG), "E2BIG");
	cr_expect_str_eq(errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	cr_expect_str_eq(errno_text(EOPNOTSUPP), "Operation not supported");
	cr_expect_str_eq(errno_name(EHWPOISON), "EHWPOISON");
}

Test(errno_name, kernel_internal_codes)
{
	for (size_t i = 0; i < sizeof(kernel) / sizeof(kernel[0]); i++) {
		char buf[128];

		cr_expect_str_eq(printed(kernel[i].err, buf, sizeof(buf)),
				 kernel[i].printed, "errno %d", kernel[i].err);
	}
	cr_expect_eq(ERRNO_KERNEL_ENOTSUPP, 524);
	cr_expect_str_eq(errno_name(ERRNO_KERNEL_ENOTSUPP), "ENOTSUPP");
}

Test(errno_name, unknown_numbers)
{
	/* 520 is a hole in the kernel's list; the others are nobody's */
	cr_expect_null(errno_name(520));
	cr_expect_null(errno_name(531));
	cr_expect_null(errno_name(4095));
	cr_expect_null(errno_name(-1));
}

Test(errno_name, restart_codes)
{
	cr_expect_not(errno_is_restart(EINTR));
	cr_expect_not(errno_is_restart(511));
	for (int err = 512; err <= 516; err++)
		cr_expect(errno_is_restart(err), "errno %d", err);
	cr_expect_not(errno_is_restart(517));
	cr_expect_not(errno_is_restart(ERRNO_KERNEL_ENOTSUPP));
}
