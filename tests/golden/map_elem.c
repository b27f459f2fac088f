// SPDX-License-Identifier: MIT
/* Golden: MAP_CREATE and the single-element map commands, success and failure. */
#include "golden.h"

#include <linux/bpf.h>

static int create(void)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 16;
	strcpy(a.map_name, "golden");
	/* libbpf 1.1's size: up to map_extra */
	fd = sys_bpf(BPF_MAP_CREATE, &a, 72);
	printf("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4, "
	       "value_size=8, max_entries=16, map_flags=0, inner_map_fd=0, "
	       "map_name=\"golden\", map_ifindex=0, btf_fd=0, "
	       "btf_key_type_id=0, btf_value_type_id=0, "
	       "btf_vmlinux_value_type_id=0, map_extra=0}, 72) %s\n", RET);
	return fd;
}

int main(void)
{
	union bpf_attr a;
	uint32_t key = 7, next_key;
	uint64_t value = 42;
	int fd;

	golden_require_bpf();
	fd = create();
	if (fd < 0)
		return 77;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 0;	/* invalid */
	a.max_entries = 1;
	a.map_flags = BPF_F_NO_PREALLOC | 0x80000000;
	sys_bpf(BPF_MAP_CREATE, &a, 20);
	printf("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, "
	       "value_size=0, max_entries=1, "
	       "map_flags=BPF_F_NO_PREALLOC|0x80000000}, 20) %s\n", RET);

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = u64p(&key);
	a.value = u64p(&value);
	a.flags = BPF_NOEXIST;
	sys_bpf(BPF_MAP_UPDATE_ELEM, &a, 32);
	printf("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d, key=%s, value=%s, "
	       "flags=BPF_NOEXIST}, 32) %s\n", fd, ptr(&key), ptr(&value),
	       RET);
	sys_bpf(BPF_MAP_UPDATE_ELEM, &a, 32);
	printf("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d, key=%s, value=%s, "
	       "flags=BPF_NOEXIST}, 32) %s\n", fd, ptr(&key), ptr(&value),
	       RET);
	a.flags = 0x55;
	sys_bpf(BPF_MAP_UPDATE_ELEM, &a, 32);
	printf("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d, key=%s, value=%s, "
	       "flags=0x55 /* BPF_??? */}, 32) %s\n", fd, ptr(&key),
	       ptr(&value), RET);

	a.flags = BPF_ANY;
	sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, 32);
	printf("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d, key=%s, value=%s, "
	       "flags=BPF_ANY}, 32) %s\n", fd, ptr(&key), ptr(&value), RET);
	key = 8;
	sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, 24);
	printf("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d, key=%s, value=%s}, 24) "
	       "%s\n", fd, ptr(&key), ptr(&value), RET);
	a.flags = BPF_F_LOCK;
	sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, 32);
	printf("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d, key=%s, value=%s, "
	       "flags=BPF_F_LOCK}, 32) %s\n", fd, ptr(&key), ptr(&value), RET);

	/* NULL pointers */
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, 32);
	printf("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d, key=NULL, value=NULL, "
	       "flags=BPF_ANY}, 32) %s\n", fd, RET);

	a.key = 0;
	a.next_key = u64p(&next_key);
	sys_bpf(BPF_MAP_GET_NEXT_KEY, &a, 24);
	printf("bpf(BPF_MAP_GET_NEXT_KEY, {map_fd=%d, key=NULL, "
	       "next_key=%s}, 24) %s\n", fd, ptr(&next_key), RET);
	a.key = u64p(&next_key);
	sys_bpf(BPF_MAP_GET_NEXT_KEY, &a, 24);
	printf("bpf(BPF_MAP_GET_NEXT_KEY, {map_fd=%d, key=%s, "
	       "next_key=%s}, 24) %s\n", fd, ptr(&next_key), ptr(&next_key),
	       RET);

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	key = 7;
	a.key = u64p(&key);
	sys_bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, &a, 32);
	printf("bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, {map_fd=%d, key=%s, "
	       "value=NULL, flags=BPF_ANY}, 32) %s\n", fd, ptr(&key), RET);
	sys_bpf(BPF_MAP_DELETE_ELEM, &a, 16);
	printf("bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d, key=%s}, 16) %s\n", fd,
	       ptr(&key), RET);
	sys_bpf(BPF_MAP_DELETE_ELEM, &a, 16);
	printf("bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d, key=%s}, 16) %s\n", fd,
	       ptr(&key), RET);

	sys_bpf(BPF_MAP_FREEZE, &a, 4);
	printf("bpf(BPF_MAP_FREEZE, {map_fd=%d}, 4) %s\n", fd, RET);
	a.map_fd = -1;
	sys_bpf(BPF_MAP_FREEZE, &a, 4);
	printf("bpf(BPF_MAP_FREEZE, {map_fd=-1}, 4) %s\n", RET);
	return 0;
}
