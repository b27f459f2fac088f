// SPDX-License-Identifier: MIT
/*
 * Golden: the rules common to all commands: bad sizes, an attr bigger
 * than a page, an unreadable attr, an attr ending at an unmapped page,
 * unknown commands, non-zero bytes past the known struct.
 */
#include "golden.h"

#include <linux/bpf.h>
#include <sys/mman.h>

int main(void)
{
	static char big[8192];
	union bpf_attr *a = (void *)big;
	long page = sysconf(_SC_PAGESIZE);
	char *pg;

	golden_require_bpf();

	sys_bpf(BPF_MAP_CREATE, big, 0);
	printf("bpf(BPF_MAP_CREATE, %s, 0) %s\n", ptr(big), RET);
	sys_bpf(BPF_MAP_CREATE, big, page + 1);
	printf("bpf(BPF_MAP_CREATE, %s, %ld) %s\n", ptr(big), page + 1, RET);
	sys_bpf(BPF_MAP_CREATE, big, 8192);
	printf("bpf(BPF_MAP_CREATE, %s, 8192) %s\n", ptr(big), RET);
	sys_bpf(BPF_MAP_CREATE, (void *)8, 64);
	printf("bpf(BPF_MAP_CREATE, 0x8, 64) %s\n", RET);
	sys_bpf(BPF_MAP_CREATE, NULL, 64);
	printf("bpf(BPF_MAP_CREATE, NULL, 64) %s\n", RET);

	sys_bpf(0x63, big, 16);
	printf("bpf(0x63 /* BPF_??? */, %s, 16) %s\n", ptr(big), RET);
	sys_bpf(0xffff, NULL, 16);
	printf("bpf(0xffff /* BPF_??? */, NULL, 16) %s\n", RET);

	/* a whole page: read and decoded; a non-zero byte far past map_fd */
	a->map_fd = -1;
	big[page - 1] = 1;
	sys_bpf(BPF_MAP_FREEZE, big, page);
	printf("bpf(BPF_MAP_FREEZE, {map_fd=-1, ...}, %ld) %s\n", page, RET);
	big[page - 1] = 0;
	sys_bpf(BPF_MAP_FREEZE, big, page);
	printf("bpf(BPF_MAP_FREEZE, {map_fd=-1}, %ld) %s\n", page, RET);

	/* an attr at the end of the last mapped page */
	pg = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pg == MAP_FAILED || munmap(pg + page, page))
		return 1;
	memset(pg, 0, page);
	*(int *)(pg + page - 4) = -1;
	sys_bpf(BPF_MAP_FREEZE, pg + page - 4, 4);
	printf("bpf(BPF_MAP_FREEZE, {map_fd=-1}, 4) %s\n", RET);
	sys_bpf(BPF_MAP_FREEZE, pg + page - 4, 8);
	printf("bpf(BPF_MAP_FREEZE, %s, 8) %s\n", ptr(pg + page - 4), RET);
	sys_bpf(BPF_MAP_FREEZE, pg + page, 4);
	printf("bpf(BPF_MAP_FREEZE, %s, 4) %s\n", ptr(pg + page), RET);

	/* size smaller than the field: copied partially, like strace */
	a->map_fd = 0x12345;
	sys_bpf(BPF_MAP_FREEZE, big, 2);
	printf("bpf(BPF_MAP_FREEZE, {map_fd=9029}, 2) %s\n", RET);
	return 0;
}
