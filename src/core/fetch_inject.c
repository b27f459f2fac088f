// SPDX-License-Identifier: MIT
/*
 * --btf=inject: the tracee itself runs bpf(BPF_OBJ_GET_INFO_BY_FD) on its
 * map fd and, for a BTF never seen, bpf(BPF_BTF_GET_FD_BY_ID) +
 * bpf(BPF_OBJ_GET_INFO_BY_FD) on that BTF fd (the blob lands in the scratch
 * page) + close.  One save/restore (an engine session) per fetch.
 *
 * Map info needs no privilege: the tracee holds the fd.  BTF_GET_FD_BY_ID
 * needs CAP_SYS_ADMIN in the caller; when the tracee lacks it (EPERM), the
 * tracer fetches the BTF id itself, as BTF ids are global.
 */
#include <bpf/btf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/fetch.h"
#include "core/log.h"
#include "core/tracer_int.h"

/* Scratch data layout: the attr, the info struct, then the BTF blob. */
#define ATTR_OFF 0
#define INFO_OFF 128
#define BLOB_OFF 512
#define FIRST_DATA_SIZE (64 * 1024)
#define MAX_BTF_SIZE (64U << 20)	/* vmlinux is ~6 MiB */

/* OBJ_GET_INFO_BY_FD attr: bpf_fd, info_len, info (union bpf_attr.info) */
struct info_attr {
	uint32_t bpf_fd;
	uint32_t info_len;
	uint64_t info;
};

static int begin(struct tracer *tr, struct task *task, struct inj_task *it)
{
	struct inj_mm *mm = tracer_mm(tr, task->tgid);

	if (!mm)
		return -ENOMEM;
	inj_task__init(it, task->tid, mm);
	it->stop = task->stop;
	it->stop_status = task->stop_status;
	return inj_session__begin(it);
}

/*
 * Ends the session and hands what the engine took back to the tracer: a
 * signal it could not leave pending is sent again; a stop it consumed (the
 * thread died) is handled by the loop after the decoder returns.
 */
static int end(struct task *task, struct inj_task *it, int err)
{
	int end_err = inj_session__end(it);
	int sig;

	while ((sig = inj_task__take_signal(it)))
		syscall(SYS_tgkill, task->tgid, task->tid, sig);
	if (it->taken) {
		task->taken = true;
		task->taken_status = it->taken_status;
	}
	return err ? err : end_err;
}

/* Runs bpf(OBJ_GET_INFO_BY_FD, fd, info_len) with the info in scratch. */
static int remote_get_info(struct inj_task *it, int fd, uint32_t info_len,
			   uint64_t info_addr, uint32_t *len_out)
{
	struct info_attr attr = {
		.bpf_fd = fd, .info_len = info_len, .info = info_addr,
	};
	uint64_t attr_addr = it->mm->data + ATTR_OFF;
	int64_t ret;
	int err;

	err = inj_mem_write(it->mm, attr_addr, &attr, sizeof(attr));
	if (err)
		return err;
	uint64_t args[6] = { BPF_OBJ_GET_INFO_BY_FD, attr_addr, sizeof(attr) };

	err = inj_session__syscall(it, __NR_bpf, args, &ret);
	if (err)
		return err;
	if (ret < 0)
		return (int)ret;
	/* the kernel writes back the length it filled */
	err = inj_mem_read(it->mm, attr_addr, &attr, sizeof(attr));
	*len_out = attr.info_len;
	return err;
}

int fetch_info_inject(struct tracer *tr, struct task *task, int fd,
		      struct bpf_map_info *info, size_t *info_len)
{
	struct inj_task it;
	uint32_t len = 0;
	int err = begin(tr, task, &it);

	if (err)
		return end(task, &it, err);
	err = inj_scratch__ensure(&it, FIRST_DATA_SIZE);
	/*
	 * The info buffer goes in zeroed: since Linux 6.18 the kernel reads
	 * it first (map hash request) and leaves fields it does not set,
	 * e.g. btf_id of a map without BTF, as they were.
	 */
	memset(info, 0, sizeof(*info));
	if (!err)
		err = inj_mem_write(it.mm, it.mm->data + INFO_OFF, info,
				    sizeof(*info));
	if (!err)
		err = remote_get_info(&it, fd, sizeof(*info),
				      it.mm->data + INFO_OFF, &len);
	if (!err) {
		if (len > sizeof(*info))
			len = sizeof(*info);
		err = inj_mem_read(it.mm, it.mm->data + INFO_OFF, info, len);
		*info_len = len;
	}
	return end(task, &it, err);
}

/* The BTF blob of the tracee's btf_fd: two-step sizing, as libbpf. */
static struct btf *remote_btf_blob(struct inj_task *it, int btf_fd, int *err)
{
	struct bpf_btf_info info;
	uint32_t len;
	void *blob;
	struct btf *btf;

	for (int round = 0; round < 2; round++) {
		uint32_t room = it->mm->data_size - BLOB_OFF;

		memset(&info, 0, sizeof(info));
		info.btf = it->mm->data + BLOB_OFF;
		info.btf_size = room;
		*err = inj_mem_write(it->mm, it->mm->data + INFO_OFF, &info,
				     sizeof(info));
		if (!*err)
			*err = remote_get_info(it, btf_fd, sizeof(info),
					       it->mm->data + INFO_OFF, &len);
		if (!*err)
			*err = inj_mem_read(it->mm, it->mm->data + INFO_OFF,
					    &info, sizeof(info));
		if (*err)
			return NULL;
		if (info.btf_size <= room)
			break;
		if (info.btf_size > MAX_BTF_SIZE || round) {
			*err = -E2BIG;
			return NULL;
		}
		/* too small: the kernel told the size; grow once, retry */
		*err = inj_scratch__ensure(it, BLOB_OFF + info.btf_size);
		if (*err)
			return NULL;
	}
	blob = malloc(info.btf_size);
	if (!blob) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = inj_mem_read(it->mm, it->mm->data + BLOB_OFF, blob,
			    info.btf_size);
	btf = *err ? NULL : btf__new(blob, info.btf_size);
	if (!*err && !btf)
		*err = -errno;
	free(blob);
	return btf;
}

struct btf *fetch_btf_inject(struct tracer *tr, struct task *task,
			     uint32_t btf_id, char *note, size_t note_len)
{
	struct inj_task it;
	struct btf *btf = NULL;
	int64_t btf_fd = -1;
	int err = begin(tr, task, &it);

	if (!err)
		err = inj_scratch__ensure(&it, FIRST_DATA_SIZE);
	if (!err) {
		/* BTF_GET_FD_BY_ID attr: btf_id, next_id, open_flags */
		uint32_t attr[3] = { btf_id, 0, 0 };
		uint64_t attr_addr = it.mm->data + ATTR_OFF;

		err = inj_mem_write(it.mm, attr_addr, attr, sizeof(attr));
		uint64_t args[6] = { BPF_BTF_GET_FD_BY_ID, attr_addr,
				     sizeof(attr) };

		if (!err)
			err = inj_session__syscall(&it, __NR_bpf, args,
						   &btf_fd);
	}
	if (!err && btf_fd >= 0) {
		btf = remote_btf_blob(&it, (int)btf_fd, &err);
		uint64_t args[6] = { (uint64_t)btf_fd };
		int64_t ret;

		/* the tracee's fd table is as it was, whatever happened */
		if (inj_session__syscall(&it, __NR_close, args, &ret))
			log_error("could not close BTF fd %d injected into %d",
				  (int)btf_fd, task->tid);
	}
	end(task, &it, err);
	if (btf)
		return btf;
	if (!err && btf_fd == -EPERM) {
		/* the tracee may not open BTF by id: the tracer can */
		btf = fetch_btf_by_id(btf_id);
		if (btf)
			return btf;
	}
	err = err ? err : (int)btf_fd;
	snprintf(note, note_len, "btf: BTF id %u: %s%s", btf_id,
		 strerror(-err), it.seccomp_denied ? " (seccomp)" : "");
	errno = -err;
	return NULL;
}
