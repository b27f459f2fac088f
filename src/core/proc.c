// SPDX-License-Identifier: MIT
#include "core/proc.h"
#include "core/procns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/*
 * /proc/TID/mem, for when process_vm_readv itself is refused (an LSM, a
 * kernel without it).  Not for pages it refuses: /proc/TID/mem reads
 * through PROT_NONE (FOLL_FORCE), and a pointer the kernel could not read
 * must print as an address, as strace prints it.
 */
static int read_proc_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	char path[64];
	size_t done = 0;
	int fd;

	int err = procns_path(path, sizeof(path), tid, "mem");

	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  (off_t)(addr + done));
		if (n <= 0) {
			close(fd);
			return n < 0 && errno != EIO ? -errno : -EFAULT;
		}
		done += n;
	}
	close(fd);
	return 0;
}

int proc_read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };

	if (!len)
		return 0;
	if (addr + len < addr)
		return -EFAULT;
	ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);

	if (n == (ssize_t)len)
		return 0;
	if (n < 0 && (errno == ENOSYS || errno == EPERM))
		return read_proc_mem(tid, addr, buf, len);
	return n < 0 ? -errno : -EFAULT;
}

#define PROC_SPANS_MAX 4

int proc_read_spans(pid_t tid, const struct proc_span *spans, unsigned int n)
{
	struct iovec local[PROC_SPANS_MAX], remote[PROC_SPANS_MAX];
	ssize_t got;
	unsigned int i, whole;
	int err;

	if (!n || n > PROC_SPANS_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (spans[i].addr + spans[i].len < spans[i].addr)
			break;
		local[i] = (struct iovec){ spans[i].buf, spans[i].len };
		remote[i] = (struct iovec){ (void *)(uintptr_t)spans[i].addr,
					    spans[i].len };
	}
	if (!i)
		return -EFAULT;
	/*
	 * The kernel copies the remote iovecs in order and stops at the
	 * first it cannot read: what it returns says how many came whole.
	 */
	got = process_vm_readv(tid, local, i, remote, i, 0);
	if (got < 0 && (errno == ENOSYS || errno == EPERM)) {
		err = read_proc_mem(tid, spans[0].addr, spans[0].buf,
				    spans[0].len);
		return err ? err : 1;
	}
	if (got < 0)
		return -errno;
	for (whole = 0; whole < i && (size_t)got >= spans[whole].len;
	     whole++)
		got -= spans[whole].len;
	return whole ? (int)whole : -EFAULT;
}

enum bpf_fd_kind proc_fd_kind(pid_t tid, int fd)
{
	static const struct {
		const char *link;
		enum bpf_fd_kind kind;
	} kinds[] = {
		{ "anon_inode:bpf-map", BPF_FD_MAP },
		{ "anon_inode:bpf-prog", BPF_FD_PROG },
		{ "anon_inode:btf", BPF_FD_BTF },
		{ "anon_inode:bpf_link", BPF_FD_LINK },
	};
	char path[64], link[64];
	ssize_t n;

	if (fd < 0)
		return BPF_FD_UNKNOWN;
	snprintf(link, sizeof(link), "fd/%d", fd);
	if (procns_path(path, sizeof(path), tid, link))
		return BPF_FD_UNKNOWN;
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return BPF_FD_UNKNOWN;
	link[n] = '\0';
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(link, kinds[i].link))
			return kinds[i].kind;
	return BPF_FD_UNKNOWN;
}

int proc_each_fd(pid_t tid, const char *link,
		 int (*visit)(int dir_fd, int fd, void *arg), void *arg)
{
	char path[64], target[64];
	struct dirent *de;
	int ret = 0;
	DIR *dir;

	ret = procns_path(path, sizeof(path), tid, "fd");
	if (ret)
		return ret;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while (!ret && (de = readdir(dir))) {
		ssize_t n = readlinkat(dirfd(dir), de->d_name, target,
				       sizeof(target) - 1);

		if (n <= 0)
			continue;	/* ".", "..", or closed meanwhile */
		target[n] = '\0';
		if (!strcmp(target, link))
			ret = visit(dirfd(dir), atoi(de->d_name), arg);
	}
	closedir(dir);
	return ret;
}

/* /proc/TID/status open for reading, or NULL with errno set. */
static FILE *open_status(pid_t tid)
{
	char path[64];
	int err = procns_path(path, sizeof(path), tid, "status");

	if (err) {
		errno = -err;
		return NULL;
	}
	return fopen(path, "re");
}

int proc_status(pid_t tid, pid_t *tgid, int *filters)
{
	char line[128];
	FILE *f = open_status(tid);

	*tgid = -ESRCH;
	*filters = -1;		/* before Linux 5.9: not shown */
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Tgid: %d", tgid) == 1)
			continue;
		if (sscanf(line, "Seccomp_filters: %d", filters) == 1)
			break;
	}
	fclose(f);
	return *tgid < 0 ? -ESRCH : 0;
}

int proc_seccomp(pid_t tid)
{
	char line[128];
	int mode = -1;
	FILE *f = open_status(tid);

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp: %d", &mode) == 1)
			break;
	fclose(f);
	return mode;
}

char proc_state(pid_t tid)
{
	char line[128], state = 0;
	FILE *f = open_status(tid);

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "State: %c", &state) == 1)
			break;
	fclose(f);
	return state;
}

bool proc_signal_pending(pid_t tid, int sig)
{
	char line[128];
	unsigned long long mask, pending = 0;
	FILE *f = open_status(tid);

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigPnd: %llx", &mask) == 1 ||
		    sscanf(line, "ShdPnd: %llx", &mask) == 1)
			pending |= mask;
	fclose(f);
	return pending & (1ULL << (sig - 1));
}

pid_t proc_tgid(pid_t tid)
{
	pid_t tgid;
	int filters, err = proc_status(tid, &tgid, &filters);

	return err ? err : tgid;
}
