// SPDX-License-Identifier: MIT
/*
 * Calls that name a map without being map commands: two maps, "wanted"
 * and "other", each pinned (BPF_OBJ_PIN) under DIR and asked for its info
 * (BPF_OBJ_GET_INFO_BY_FD); then the pins are removed.  argv[1]: DIR, a
 * directory on a bpffs.
 */
#include "testlib.h"

static void pin_and_ask(int fd, const char *dir, const char *name)
{
	struct bpf_map_info info;
	union bpf_attr attr;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (unsigned long)path;
	attr.bpf_fd = fd;
	if (sys_bpf(BPF_OBJ_PIN, &attr, sizeof(attr)))
		perror("BPF_OBJ_PIN");
	memset(&attr, 0, sizeof(attr));
	memset(&info, 0, sizeof(info));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (unsigned long)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)))
		perror("BPF_OBJ_GET_INFO_BY_FD");
	unlink(path);
}

int main(int argc, char **argv)
{
	int wanted, other;

	if (argc < 2)
		return 2;
	wanted = test_named_array_map("wanted", 1, sizeof(union bpf_attr));
	other = test_named_array_map("other", 1, sizeof(union bpf_attr));
	pin_and_ask(wanted, argv[1], "wanted");
	pin_and_ask(other, argv[1], "other");
	return 0;
}
