// SPDX-License-Identifier: MIT
#include "fake_mem.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int fake_mem_read(const struct fake_region *regions, int n, uint64_t addr,
		  void *buf, size_t len)
{
	for (int i = 0; i < n; i++) {
		const struct fake_region *r = &regions[i];

		if (addr >= r->addr && addr - r->addr <= r->len &&
		    len <= r->len - (addr - r->addr)) {
			memcpy(buf, (const char *)r->data + (addr - r->addr),
			       len);
			return 0;
		}
	}
	return -EFAULT;
}

bool fake_mem_print_map_data(void *opaque, struct printer *p, int map_fd,
			     enum bpf_map_buf which, uint64_t addr,
			     uint32_t count)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "<%s*%u@%#llx>",
		 which == BPF_MAP_BUF_KEY ? "key" : "value", count,
		 (unsigned long long)addr);
	pr_token(p, buf);
	return true;
}
