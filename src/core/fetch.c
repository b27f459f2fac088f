// SPDX-License-Identifier: MIT
#include "core/fetch.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int fetch_info_getfd(pid_t tgid, int fd, struct bpf_map_info *info,
		     size_t *info_len)
{
	int pidfd = syscall(SYS_pidfd_open, tgid, 0);
	int local, err = 0;
	__u32 len = sizeof(*info);

	if (pidfd < 0)
		return -errno;
	local = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (local < 0) {
		err = -errno;
		close(pidfd);
		return err;
	}
	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(local, info, &len))
		err = -errno;
	*info_len = len;
	close(local);
	close(pidfd);
	return err;
}

struct btf *fetch_btf_by_id(unsigned int btf_id)
{
	struct btf *btf = btf__load_from_kernel_by_id(btf_id);

	/* libbpf 1.x returns NULL and sets errno */
	return btf;
}

struct btf *fetch_vmlinux_btf(void)
{
	static struct btf *vmlinux;
	static bool tried;

	if (!tried) {
		tried = true;
		vmlinux = btf__load_vmlinux_btf();
	}
	return vmlinux;
}
