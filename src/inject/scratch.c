// SPDX-License-Identifier: MIT
/*
 * The scratch area of an address space: an anonymous mapping made by an
 * injected mmap.  Page 0 holds "syscall; trap" and is made read+exec once
 * written (never writable and executable at once); the pages after it are
 * read-write data for attrs and buffers.  It dies with the mm at execve
 * (inj_mm__exec()) and is munmapped at detach (inj_scratch__destroy()).
 */
#include "inject/inject.h"
#include "inject/remote_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The memfd behind shared scratch data, as /proc/PID/maps names it. */
#define SHARE_NAME "injtrace"
#define SHARE_MAPS_NAME "/memfd:" SHARE_NAME " (deleted)"

static bool is_err(int64_t v)
{
	return v < 0 && v >= -4095;
}

/* A call by the classic path: the scratch page cannot run itself here. */
static int classic(struct inj_task *t, long nr, const uint64_t args[6],
		   int64_t *ret)
{
	bool no_trap = t->no_trap;
	int err;

	t->no_trap = true;
	err = inj_session__syscall(t, nr, args, ret);
	t->no_trap = no_trap;
	if (!err && is_err(*ret))
		err = (int)*ret;
	return err;
}

/* A call by the path the session takes (the trap, once the area is set). */
static int call(struct inj_task *t, long nr, const uint64_t args[6],
		int64_t *ret)
{
	int err = inj_session__syscall(t, nr, args, ret);

	if (!err && is_err(*ret))
		err = (int)*ret;
	return err;
}

/* Is the maps line of an anonymous private mapping lo-hi with perms? */
static bool anon_line(const char *line, const char *perms,
		      unsigned long long *lo, unsigned long long *hi)
{
	char p[8];
	unsigned long inode;
	int name = 0;

	if (sscanf(line, "%llx-%llx %7s %*s %*s %lu %n", lo, hi, p, &inode,
		   &name) < 4 || strcmp(p, perms) || inode)
		return false;
	return !line[name] || line[name] == '\n';
}

/* Is it the data of a scratch area shared with its tracer (share_data())? */
static bool shared_line(const char *line, unsigned long long *lo,
			unsigned long long *hi)
{
	char p[8];
	int name = 0;

	if (sscanf(line, "%llx-%llx %7s %*s %*s %*u %n", lo, hi, p, &name) < 3 ||
	    strcmp(p, "rw-s") || !name)
		return false;
	return !strncmp(line + name, SHARE_MAPS_NAME, strlen(SHARE_MAPS_NAME));
}

/*
 * The last bytes of every code page we map: how a later injtrace knows
 * an area this one leaves behind (killed by SIGKILL, nothing can unmap
 * it) wherever the kernel put it, and how big it is: the kernel merges
 * its rw part with an adjacent anonymous mapping of the program, whose
 * pages must never be taken (or unmapped) as ours.  Anonymous mappings
 * cannot be named instead (PR_SET_VMA_ANON_NAME needs
 * CONFIG_ANON_VMA_NAME, 5.17+, often off).
 */
struct scratch_mark {
	char magic[16];
	uint64_t data_size;
};
#define SCRATCH_MAGIC "injtrace scratch"

/*
 * The size of the data area of the area we left whose code page is at
 * lo ("syscall; trap" first, our mark last), or 0 when it is not ours.
 */
static uint64_t left_data_size(struct inj_task *t, unsigned long long lo,
			       size_t page)
{
	const struct arch_ops *a = t->arch;
	size_t n = a->syscall_insn_len + a->trap_insn_len;
	uint8_t want[8], have[8];
	struct scratch_mark mark;

	memcpy(want, a->syscall_insn, a->syscall_insn_len);
	memcpy(want + a->syscall_insn_len, a->trap_insn, a->trap_insn_len);
	if (inj_mem_read(t->mm, lo, have, n) || memcmp(want, have, n) ||
	    inj_mem_read(t->mm, lo + page - sizeof(mark), &mark,
			 sizeof(mark)) ||
	    memcmp(mark.magic, SCRATCH_MAGIC, sizeof(mark.magic)) ||
	    !mark.data_size || mark.data_size % page)
		return 0;
	return mark.data_size;
}

/*
 * A scratch area an earlier injtrace left: an anonymous r-x mapping whose
 * last page starts with our "syscall; trap" and ends with our mark, an
 * anonymous rw mapping (or our shared memfd) right after it at least as
 * big as the mark says.
 * Taken over rather than another mapped beside it, so repeated attaches
 * never pile up mappings.  Looked for when INJ_SCRATCH_HINT is taken, by
 * such an area or by the program; one left elsewhere while the program
 * has since freed the hint is not (the maps of every new process would
 * be read for a case that rare).
 */
static bool adopt_left_area(struct inj_task *t, size_t page)
{
	struct inj_mm *mm = t->mm;
	unsigned long long lo, hi, dlo, dhi, code = 0;
	uint64_t size = 0;
	char path[64], line[512];
	FILE *f;

	if (mm->proc_pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/maps", mm->proc_pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (code && (anon_line(line, "rw-p", &dlo, &dhi) ||
			     shared_line(line, &dlo, &dhi)) &&
		    dlo == code + page) {
			size = left_data_size(t, code, page);
			if (size > dhi - dlo)
				size = 0;
			if (size)
				break;
		}
		code = 0;
		if (anon_line(line, "r-xp", &lo, &hi))
			code = hi - page;
	}
	fclose(f);
	if (!size)
		return false;
	mm->base = mm->code = code;
	mm->data = code + page;
	mm->data_size = size;
	mm->size = page + size;
	mm->chain_at = 0;	/* rewritten: it may be another build's */
	return true;
}

/* The tracer's side of the shared data: the memfd the process holds as
 * rfd, opened through /proc, sized, sealed, mapped.  NULL: none. */
static void *map_local(struct inj_mm *mm, int64_t rfd)
{
	char path[64];
	void *local = MAP_FAILED;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", mm->proc_pid, (int)rfd);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	/* sealed: a process that shrank it would fault our reads (SIGBUS) */
	if (!ftruncate(fd, (off_t)mm->data_size) &&
	    !fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL))
		local = mmap(NULL, mm->data_size, PROT_READ | PROT_WRITE,
			     MAP_SHARED, fd, 0);
	close(fd);
	return local == MAP_FAILED ? NULL : local;
}

/*
 * Makes the data pages a memfd mapped shared by the process and by the
 * tracer: what the engine writes there (attrs, a chain's table) and reads
 * back (results, a BTF blob) is then a copy in the tracer's own memory,
 * not a process_vm_writev/readv each (docs/design.md).  memfd_create in
 * the process, the tracer opens it through /proc/PID/fd, then mmap over
 * the data pages and close, in the process.  Best effort: when any step
 * fails the anonymous pages stay.  0, or -errno when the data pages could
 * not be put back (the area is unusable).
 */
static int share_data(struct inj_task *t)
{
	struct inj_mm *mm = t->mm;
	uint64_t args[6] = { mm->data, MFD_CLOEXEC | MFD_ALLOW_SEALING };
	int64_t rfd, r;
	void *local;
	int err;

	if (!mm->share || mm->proc_pid <= 0 ||
	    inj_mem_write(mm, mm->data, SHARE_NAME, sizeof(SHARE_NAME)) ||
	    call(t, SYS_memfd_create, args, &rfd))
		return 0;
	local = map_local(mm, rfd);
	err = -ENOENT;
	if (local) {
		uint64_t a[6] = { mm->data, mm->data_size,
				  PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_FIXED, (uint64_t)rfd, 0 };

		err = call(t, SYS_mmap, a, &r);
		if (err) {
			munmap(local, mm->data_size);
			/* a failed MAP_FIXED may have unmapped the old pages */
			a[3] = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
			a[4] = (uint64_t)-1;
			if (call(t, SYS_mmap, a, &r))
				return -EFAULT;
		}
	}
	args[0] = (uint64_t)rfd;
	if (call(t, SYS_close, args, &r))
		fprintf(stderr, "injtrace: thread %d: memfd %lld left open\n",
			t->tid, (long long)rfd);
	if (!err)
		mm->local = local;
	return 0;
}

int inj_scratch__ensure(struct inj_task *t, size_t data_size)
{
	const struct arch_ops *a = t->arch;
	struct inj_mm *mm = t->mm;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t code[8];
	uint64_t args[6] = { 0 };
	int64_t addr, r;
	size_t size;
	int err;

	if (!data_size)
		data_size = page;
	data_size = (data_size + page - 1) & ~(page - 1);
	if (mm->base && mm->data_size >= data_size)
		return 0;
	if (mm->base) {
		err = inj_scratch__destroy(t);
		if (err)
			return err;
	}
	size = page + data_size;
	/*
	 * At INJ_SCRATCH_HINT when that is free, so that the tracer's seccomp
	 * filter lets the chain's bpf() calls through without a stop; where
	 * the kernel likes when not (those calls then stop, and are resumed).
	 */
	args[0] = INJ_SCRATCH_HINT;
	args[1] = size;
	args[2] = PROT_READ | PROT_WRITE;
	args[3] = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	args[4] = (uint64_t)-1;
	err = classic(t, SYS_mmap, args, &addr);
	if (err == -EEXIST && adopt_left_area(t, page)) {
		if (mm->data_size >= data_size)
			return 0;
		/* too small: replaced by one of the size needed, there */
		err = inj_scratch__destroy(t);
		if (err)
			return err;
		err = classic(t, SYS_mmap, args, &addr);
	}
	if (err == -EEXIST || err == -EINVAL) {
		args[0] = 0;
		args[3] = MAP_PRIVATE | MAP_ANONYMOUS;
		err = classic(t, SYS_mmap, args, &addr);
	}
	if (err)
		goto fail;
	memcpy(code, a->syscall_insn, a->syscall_insn_len);
	memcpy(code + a->syscall_insn_len, a->trap_insn, a->trap_insn_len);
	err = inj_mem_write(mm, (uint64_t)addr, code,
			    a->syscall_insn_len + a->trap_insn_len);
	if (!err) {
		struct scratch_mark mark = { .data_size = data_size };

		memcpy(mark.magic, SCRATCH_MAGIC, sizeof(mark.magic));
		err = inj_mem_write(mm, (uint64_t)addr + page - sizeof(mark),
				    &mark, sizeof(mark));
	}
	if (!err) {
		args[0] = (uint64_t)addr;
		args[1] = page;
		args[2] = PROT_READ | PROT_EXEC;
		args[3] = 0;
		args[4] = 0;
		err = classic(t, SYS_mprotect, args, &r);
	}
	if (err) {
		args[0] = (uint64_t)addr;
		args[1] = size;
		if (classic(t, SYS_munmap, args, &r))
			fprintf(stderr, "injtrace: thread %d: scratch page "
				"%#llx left mapped\n", t->tid,
				(unsigned long long)addr);
		goto fail;
	}
	mm->base = (uint64_t)addr;
	mm->size = size;
	mm->code = (uint64_t)addr;
	mm->data = (uint64_t)addr + page;
	mm->data_size = data_size;
	err = share_data(t);
	if (!err)
		return 0;
	if (inj_scratch__destroy(t))
		fprintf(stderr, "injtrace: thread %d: scratch page "
			"%#llx left mapped\n", t->tid,
			(unsigned long long)addr);
fail:
	if (err != -ESRCH && err != -EAGAIN)
		fprintf(stderr, "injtrace: thread %d: no scratch page: %s\n",
			t->tid, strerror(-err));
	return err;
}

int inj_scratch__destroy(struct inj_task *t)
{
	struct inj_mm *mm = t->mm;
	uint64_t args[6] = { mm->base, mm->size };
	int64_t r;
	int err;

	if (!mm->base)
		return 0;
	/* Not by the trap path: the code would unmap itself under its pc. */
	err = classic(t, SYS_munmap, args, &r);
	if (!err) {
		inj_mm_unmap_local(mm);
		mm->base = mm->code = mm->data = 0;
		mm->size = mm->data_size = 0;
	}
	return err;
}
