// SPDX-License-Identifier: MIT
/*
 * Golden: OBJ_PIN/OBJ_GET, *_GET_NEXT_ID, *_GET_FD_BY_ID,
 * OBJ_GET_INFO_BY_FD and BTF_LOAD, success and failure.
 */
#include "golden.h"

#include <linux/bpf.h>

static void next_id(const char *cmd, int nr)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	sys_bpf(nr, &a, 8);
	printf("bpf(%s, {start_id=0, next_id=0", cmd);
	if (a.next_id)
		printf(" => %u", a.next_id);
	printf("}, 8) %s\n", RET);
}

int main(void)
{
	union bpf_attr a;
	struct bpf_map_info info;
	char path[] = "/sys/fs/bpf/injtrace-golden-does-not-exist";
	unsigned char btf[24];
	char log[16];
	int fd;

	golden_require_bpf();
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 1;
	fd = sys_bpf(BPF_MAP_CREATE, &a, 16);
	printf("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, "
	       "value_size=4, max_entries=1}, 16) %s\n", RET);
	if (fd < 0)
		return 77;

	memset(&a, 0, sizeof(a));
	a.pathname = u64p(path);
	a.bpf_fd = fd;
	sys_bpf(BPF_OBJ_GET, &a, 16);
	printf("bpf(BPF_OBJ_GET, {pathname=\"%s\", bpf_fd=%d, file_flags=0}, "
	       "16) %s\n", path, fd, RET);
	a.file_flags = BPF_F_RDONLY | 0x100;
	sys_bpf(BPF_OBJ_PIN, &a, 16);
	printf("bpf(BPF_OBJ_PIN, {pathname=\"%s\", bpf_fd=%d, "
	       "file_flags=BPF_F_RDONLY|0x100}, 16) %s\n", path, fd, RET);
	a.pathname = 0;
	sys_bpf(BPF_OBJ_GET, &a, 12);
	printf("bpf(BPF_OBJ_GET, {pathname=NULL, bpf_fd=%d}, 12) %s\n", fd,
	       RET);

	next_id("BPF_MAP_GET_NEXT_ID", BPF_MAP_GET_NEXT_ID);
	next_id("BPF_PROG_GET_NEXT_ID", BPF_PROG_GET_NEXT_ID);
	next_id("BPF_BTF_GET_NEXT_ID", BPF_BTF_GET_NEXT_ID);
	next_id("BPF_LINK_GET_NEXT_ID", BPF_LINK_GET_NEXT_ID);

	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info) + 8;
	a.info.info = u64p(&info);
	sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, 16);
	printf("bpf(BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=%d, info_len=%zu",
	       fd, sizeof(info) + 8);
	if (a.info.info_len != sizeof(info) + 8)
		printf(" => %u", a.info.info_len);
	printf(", info=%s}}, 16) %s\n", ptr(&info), RET);

	memset(&a, 0, sizeof(a));
	a.map_id = info.id;
	a.open_flags = BPF_F_RDONLY;
	sys_bpf(BPF_MAP_GET_FD_BY_ID, &a, 12);
	printf("bpf(BPF_MAP_GET_FD_BY_ID, {map_id=%u, next_id=0, "
	       "open_flags=BPF_F_RDONLY}, 12) %s\n", info.id, RET);
	a.map_id = 0;
	sys_bpf(BPF_PROG_GET_FD_BY_ID, &a, 12);
	printf("bpf(BPF_PROG_GET_FD_BY_ID, {prog_id=0, next_id=0, "
	       "open_flags=BPF_F_RDONLY}, 12) %s\n", RET);
	sys_bpf(BPF_LINK_GET_FD_BY_ID, &a, 4);
	printf("bpf(BPF_LINK_GET_FD_BY_ID, {link_id=0}, 4) %s\n", RET);
	sys_bpf(BPF_BTF_GET_FD_BY_ID, &a, 4);
	printf("bpf(BPF_BTF_GET_FD_BY_ID, {btf_id=0}, 4) %s\n", RET);

	/* a BTF blob with a bad magic: rejected */
	memset(btf, 0, sizeof(btf));
	btf[0] = 0x9f;
	btf[1] = 0xeb;
	btf[2] = 'A';
	memset(&a, 0, sizeof(a));
	a.btf = u64p(btf);
	a.btf_size = sizeof(btf);
	a.btf_log_buf = u64p(log);
	a.btf_log_size = sizeof(log);
	a.btf_log_level = 1;
	sys_bpf(BPF_BTF_LOAD, &a, 28);
	printf("bpf(BPF_BTF_LOAD, {btf=\"\\237\\353A\\0\\0\\0\\0\\0\\0\\0"
	       "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\", btf_log_buf=%s, "
	       "btf_size=24, btf_log_size=16, btf_log_level=1}, 28) %s\n",
	       ptr(log), RET);
	return 0;
}
