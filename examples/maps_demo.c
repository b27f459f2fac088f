// SPDX-License-Identifier: MIT
/*
 * A small BPF map user for trying injtrace: builds BTF for
 *	struct hist { __u64 slots[4]; char comm[16]; };
 * creates a hash map "hists" (u32 -> struct hist) and a plain array without
 * BTF, then updates, looks up, walks and deletes, as real tools do.
 * Needs CAP_BPF (run as root).
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct hist {
	__u64 slots[4];
	char comm[16];
};

/* BTF ids: 1 u32, 2 u64, 3 char, 4 u32 (array index), 5 u64[4],
 * 6 char[16], 7 struct hist */
static int load_btf(__u32 *key_id, __u32 *value_id)
{
	struct btf *btf = btf__new_empty();
	int fd;

	if (!btf)
		return -errno;
	btf__add_int(btf, "__u32", 4, 0);
	btf__add_int(btf, "__u64", 8, 0);
	btf__add_int(btf, "char", 1, BTF_INT_CHAR);
	btf__add_int(btf, "unsigned int", 4, 0);
	btf__add_array(btf, 4, 2, 4);
	btf__add_array(btf, 4, 3, 16);
	btf__add_struct(btf, "hist", sizeof(struct hist));
	btf__add_field(btf, "slots", 5, 0, 0);
	btf__add_field(btf, "comm", 6, 32 * 8, 0);
	if (btf__load_into_kernel(btf)) {
		btf__free(btf);
		return -errno;
	}
	fd = dup(btf__fd(btf));
	btf__free(btf);
	*key_id = 1;
	*value_id = 7;
	return fd;
}

int main(void)
{
	struct hist h = { .slots = { 0, 0, 3, 1 }, .comm = "bash" };
	__u32 key = 7, missing = 8, next, value = 42;
	__u32 key_id, value_id;
	int btf_fd, hists, plain;

	btf_fd = load_btf(&key_id, &value_id);
	if (btf_fd < 0) {
		fprintf(stderr, "maps_demo: loading BTF: %s (run as root)\n",
			strerror(-btf_fd));
		return 1;
	}
	LIBBPF_OPTS(bpf_map_create_opts, opts, .btf_fd = btf_fd,
		    .btf_key_type_id = key_id,
		    .btf_value_type_id = value_id);
	hists = bpf_map_create(BPF_MAP_TYPE_HASH, "hists", sizeof(key),
			       sizeof(h), 10240, &opts);
	plain = bpf_map_create(BPF_MAP_TYPE_ARRAY, "plain", sizeof(key),
			       sizeof(value), 4, NULL);
	if (hists < 0 || plain < 0) {
		perror("maps_demo: bpf_map_create");
		return 1;
	}
	bpf_map_update_elem(hists, &key, &h, BPF_ANY);
	memset(&h, 0, sizeof(h));
	bpf_map_lookup_elem(hists, &key, &h);
	bpf_map_lookup_elem(hists, &missing, &h);
	bpf_map_get_next_key(hists, NULL, &next);
	bpf_map_update_elem(plain, &(__u32){ 1 }, &value, BPF_ANY);
	bpf_map_lookup_elem(plain, &(__u32){ 1 }, &value);
	bpf_map_delete_elem(hists, &key);
	printf("maps_demo: hist[%u].comm=%s, plain[1]=%u\n", key, h.comm,
	       value);
	close(plain);
	close(hists);
	close(btf_fd);
	return 0;
}
