// SPDX-License-Identifier: MIT
/*
 * maps_many N [keep]: N distinct maps, each with its own BTF (a struct
 * named after the map, so no two BTF blobs are equal): create, update,
 * one lookup, close.  With "keep", all N stay open (distinct fd numbers,
 * RLIMIT_NOFILE raised) and are looked up in a second pass before being
 * closed.  Prints the lookup lines injtrace must print: the tracer's
 * caches must stay bounded and still type every map correctly.
 */
#include "maplib.h"

#include <sys/resource.h>

struct val {
	__u32 id;
	__u32 sq;
};

static int many_btf(unsigned int i)
{
	struct btf *btf = btf__new_empty();
	char name[32];

	if (!btf)
		die("btf__new_empty");
	snprintf(name, sizeof(name), "val%u", i);
	btf__add_int(btf, "__u32", 4, 0);			/* 1 */
	btf__add_struct(btf, name, sizeof(struct val));		/* 2 */
	btf__add_field(btf, "id", 1, 0, 0);
	btf__add_field(btf, "sq", 1, 32, 0);
	return load_btf(btf);
}

static int create(unsigned int i)
{
	char name[16];
	int btf = many_btf(i);
	int fd;

	snprintf(name, sizeof(name), "m%u", i);
	fd = typed_map(BPF_MAP_TYPE_ARRAY, name, 4, sizeof(struct val), 1,
		       btf, 1, 2, 0);
	close(btf);
	return fd;
}

static void lookup(int fd, unsigned int i)
{
	struct val v = { .id = i, .sq = i * i }, out = {};
	__u32 k = 0;
	int rc;

	if (bpf_map_update_elem(fd, &k, &v, BPF_ANY))
		die("update m%u", i);
	rc = bpf_map_lookup_elem(fd, &k, &out);
	if (rc || out.id != i)
		die("lookup m%u", i);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:m%u>, key=[0], "
	       "value={id=%u, sq=%u}, flags=BPF_ANY}, 32) = 0\n", fd, i, i,
	       i * i);
}

int main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100;
	bool keep = argc > 2 && !strcmp(argv[2], "keep");
	int *fds = calloc(n, sizeof(int));

	if (!fds)
		die("calloc");
	if (keep) {
		struct rlimit rl = { n + 64, n + 64 };

		if (setrlimit(RLIMIT_NOFILE, &rl))
			die("RLIMIT_NOFILE %u", n + 64);
	}
	for (unsigned int i = 0; i < n; i++) {
		fds[i] = create(i);
		if (!keep) {
			lookup(fds[i], i);
			close(fds[i]);
		}
	}
	if (keep) {
		for (unsigned int i = 0; i < n; i++)
			lookup(fds[i], i);
		for (unsigned int i = 0; i < n; i++)
			close(fds[i]);
	}
	free(fds);
	return 0;
}
