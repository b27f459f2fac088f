// SPDX-License-Identifier: MIT
#include "core/fetch.h"
#include "core/proc.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>


int fetch_getfd(pid_t tgid, int fd)
{
	int pidfd = syscall(SYS_pidfd_open, tgid, 0);
	int local, err;

	if (pidfd < 0)
		return -errno;
	local = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	err = local < 0 ? -errno : local;
	close(pidfd);
	return err;
}

int fetch_info_getfd(pid_t tgid, int fd, struct bpf_map_info *info,
		     size_t *info_len)
{
	int local = fetch_getfd(tgid, fd), err = 0;
	__u32 len = sizeof(*info);

	if (local < 0)
		return local;
	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(local, info, &len))
		err = -errno;
	*info_len = len;
	close(local);
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

/* "btf_id:\t18994" in the fdinfo of a BTF fd (btf_show_fdinfo()). */
static uint32_t fdinfo_btf_id(int dir_fd, int fd)
{
	char path[32], buf[512];
	uint32_t id = 0;
	const char *at;
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "../fdinfo/%d", fd);
	f = openat(dir_fd, path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return 0;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	at = strstr(buf, "btf_id:");
	if (at)
		id = strtoul(at + 7, NULL, 10);
	return id;
}

struct btf_fd_search {
	uint32_t btf_id;
	int found;
};

static int match_btf_fd(int dir_fd, int fd, void *arg)
{
	struct btf_fd_search *s = arg;

	if (fdinfo_btf_id(dir_fd, fd) != s->btf_id)
		return 0;
	s->found = fd;
	return 1;
}

int fetch_find_btf_fd(pid_t tid, uint32_t btf_id)
{
	struct btf_fd_search s = { .btf_id = btf_id, .found = -ENOENT };
	int err = proc_each_fd(tid, "anon_inode:btf", match_btf_fd, &s);

	return err < 0 ? err : s.found;
}

/* The BTF behind a BTF fd of the tracer's own (BPF_OBJ_GET_INFO_BY_FD). */
static struct btf *btf_of_fd(int fd)
{
	struct bpf_btf_info info = { 0 };
	__u32 len = sizeof(info);
	struct btf *btf = NULL;
	void *blob;

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return NULL;
	blob = malloc(info.btf_size ?: 1);
	if (!blob)
		return NULL;
	len = sizeof(info);
	info = (struct bpf_btf_info){ .btf = (unsigned long)blob,
				      .btf_size = info.btf_size };
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		btf = btf__new(blob, info.btf_size);
	free(blob);
	return btf;	/* libbpf 1.x: NULL and errno on failure */
}

struct btf *fetch_btf_getfd(pid_t tgid, uint32_t btf_id, char *note,
			    size_t note_len)
{
	struct btf *btf = fetch_btf_by_id(btf_id);
	int fd, local, err = errno;

	if (btf || err != EPERM) {
		if (!btf)
			snprintf(note, note_len, "btf: BTF id %u: %s", btf_id,
				 strerror(err));
		return btf;
	}
	/* who holds a BTF fd may read it: the tracee's own, copied here */
	fd = fetch_find_btf_fd(tgid, btf_id);
	local = fd >= 0 ? fetch_getfd(tgid, fd) : fd;
	err = -local;
	if (local >= 0) {
		btf = btf_of_fd(local);
		err = errno;
		close(local);
	}
	if (!btf)
		snprintf(note, note_len, "btf: BTF id %u: opening BTF by id "
			 "needs CAP_SYS_ADMIN, by injtrace: %s, its BTF fds: "
			 "%s", btf_id, strerror(EPERM),
			 err == ENOENT ? "none of that id" : strerror(err));
	return btf;
}
