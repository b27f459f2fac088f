// SPDX-License-Identifier: MIT
/*
 * Tracee memory.  process_vm_readv/writev is one syscall and needs no open
 * fd, but it honours page protections (EFAULT on the read-only code page)
 * and can be refused by an LSM; /proc/PID/mem writes with FOLL_FORCE, like
 * a debugger, so it is the fallback and the way to write code pages.
 */
#include "inject/inject.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "inject/remote_int.h"

void inj_mm__init(struct inj_mm *mm, pid_t pid)
{
	*mm = (struct inj_mm){ .pid = pid, .proc_pid = pid, .mem_fd = -1,
			       .stat_fd = -1 };
}

void inj_mm__exec(struct inj_mm *mm)
{
	pid_t pid = mm->pid, proc_pid = mm->proc_pid;
	bool share = mm->share;

	/* /proc/PID/mem is bound to the old mm (proc_mem_open). */
	inj_mm__free(mm);
	inj_mm__init(mm, pid);
	mm->proc_pid = proc_pid;
	mm->share = share;
}

void inj_mm_unmap_local(struct inj_mm *mm)
{
	if (mm->local)
		munmap(mm->local, mm->data_size);
	mm->local = NULL;
}

void inj_mm__free(struct inj_mm *mm)
{
	inj_mm_unmap_local(mm);
	if (mm->mem_fd >= 0)
		close(mm->mem_fd);
	mm->mem_fd = -1;
	if (mm->stat_fd >= 0)
		close(mm->stat_fd);
	mm->stat_fd = -1;
}

/* Inside the scratch data that the tracer maps too: where, else NULL. */
static char *local_at(const struct inj_mm *mm, uint64_t addr, size_t len)
{
	if (!mm->local || addr < mm->data || len > mm->data_size ||
	    addr - mm->data > mm->data_size - len)
		return NULL;
	return (char *)mm->local + (addr - mm->data);
}

static int mem_fd(struct inj_mm *mm)
{
	char path[64];

	if (mm->mem_fd >= 0)
		return mm->mem_fd;
	if (mm->proc_pid <= 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "/proc/%d/mem", mm->proc_pid);
	mm->mem_fd = open(path, O_RDWR | O_CLOEXEC);
	if (mm->mem_fd < 0)
		return -errno;
	return mm->mem_fd;
}

static int proc_mem_io(struct inj_mm *mm, uint64_t addr, void *buf,
		       size_t len, bool write)
{
	int fd = mem_fd(mm);
	size_t done = 0;

	if (fd < 0)
		return fd;
	while (done < len) {
		ssize_t n = write ?
			pwrite(fd, (char *)buf + done, len - done,
			       (off_t)(addr + done)) :
			pread(fd, (char *)buf + done, len - done,
			      (off_t)(addr + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		done += (size_t)n;
	}
	return 0;
}

static int vm_io(struct inj_mm *mm, uint64_t addr, void *buf, size_t len,
		 bool write)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n;

	if (mm->no_vm_rw || len == 0)
		return len ? proc_mem_io(mm, addr, buf, len, write) : 0;
	n = write ? process_vm_writev(mm->pid, &local, 1, &remote, 1, 0) :
		    process_vm_readv(mm->pid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return 0;
	if (n < 0 && (errno == ENOSYS || errno == EPERM))
		mm->no_vm_rw = true;
	/* Partial, EFAULT on a protected page, ENOSYS, EPERM: go by /proc. */
	return proc_mem_io(mm, addr, buf, len, write);
}

const void *inj_mem_local(const struct inj_mm *mm, uint64_t addr,
			  size_t len)
{
	return local_at(mm, addr, len);
}

int inj_mem_read(struct inj_mm *mm, uint64_t addr, void *buf, size_t len)
{
	const char *local = local_at(mm, addr, len);

	if (local) {
		memcpy(buf, local, len);
		return 0;
	}
	return vm_io(mm, addr, buf, len, false);
}

int inj_mem_read_output(struct inj_mm *mm, uint64_t addr, void *buf,
			size_t len)
{
	if (mm->mem_fd < 0)
		return -EBADF;
	if (addr + len < addr)
		return -EFAULT;
	return proc_mem_io(mm, addr, buf, len, false);
}

int inj_mem_write(struct inj_mm *mm, uint64_t addr, const void *buf,
		  size_t len)
{
	char *local = local_at(mm, addr, len);

	if (local) {
		memcpy(local, buf, len);
		return 0;
	}
	return vm_io(mm, addr, (void *)buf, len, true);
}
