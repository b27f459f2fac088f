// SPDX-License-Identifier: MIT
/*
 * The differential test's tracee: random BTF graphs (gen.c) loaded into
 * the kernel, a map typed by each, random bytes written into it and looked
 * up, every bpf() call traced by injtrace.  For each map it prints one
 * JSON line on stdout, what the oracle needs:
 *	{"name", "id", "btf": hex of the raw BTF, "key_type",
 *	 "value_type", "huge", "elements": [[key hex, value hex], ...]}
 * then "END", and holds the maps until stdin closes (bpftool reads them).
 * Graphs the kernel refuses are counted, not used.
 *
 * Usage: btf_diff_maps SEED GRAPHS    (exit 77: no bpf() here)
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

#define MAX_VALUE 4096

static void put_hex(const void *data, size_t n)
{
	const unsigned char *s = data;

	putchar('"');
	for (size_t i = 0; i < n; i++)
		printf("%02x", s[i]);
	putchar('"');
}

/* Random bytes, zeros, small numbers, or text with NULs (strings). */
static void fill(unsigned char *b, size_t n)
{
	unsigned int mode = gen_rand() % 4;

	for (size_t i = 0; i < n; i++) {
		uint64_t r = gen_rand();

		switch (mode) {
		case 0:
			b[i] = r;
			break;
		case 1:
			b[i] = r % 16 == 0 ? r >> 8 : 0;
			break;
		case 2:
			b[i] = r % 4;
			break;
		default:
			b[i] = r % 8 == 0 ? 0 : ' ' + r % 95;
		}
	}
}

/*
 * One map of graph g (a quarter of them per-CPU: round_up(size, 8) per
 * possible CPU), filled and looked up; its line on stdout.
 */
static int exercise(const struct gen_graph *g, unsigned int nr, int *fd)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .btf_fd = btf__fd(g->btf),
		    .btf_key_type_id = g->key_id ? g->key_id : 1,
		    .btf_value_type_id = g->value_id);
	uint32_t ksz = g->key_id ? g->key_size : 4, n = 1 + gen_rand() % 3;
	bool percpu = gen_rand() % 4 == 0;
	int cpus = percpu ? libbpf_num_possible_cpus() : 1;
	size_t stride = percpu ? (g->value_size + 7) / 8 * 8 : g->value_size;
	unsigned char key[MAX_VALUE], *val, *out;
	struct bpf_map_info info = {0};
	uint32_t info_len = sizeof(info), size;
	enum bpf_map_type type;
	const void *raw;
	char name[16];
	int err = 0;

	if (cpus < 1)
		return -EINVAL;
	if (g->key_id)
		type = percpu ? BPF_MAP_TYPE_PERCPU_HASH : BPF_MAP_TYPE_HASH;
	else
		type = percpu ? BPF_MAP_TYPE_PERCPU_ARRAY : BPF_MAP_TYPE_ARRAY;
	snprintf(name, sizeof(name), "g%u", nr);
	*fd = bpf_map_create(type, name, ksz, g->value_size, n, &o);
	if (*fd < 0)
		return -errno;
	val = calloc(cpus, stride);
	out = calloc(cpus, stride);
	bpf_obj_get_info_by_fd(*fd, &info, &info_len);
	raw = btf__raw_data(g->btf, &size);
	printf("{\"name\": \"%s\", \"id\": %u, \"key_type\": %d, "
	       "\"value_type\": %d, \"huge\": %s, \"percpu\": %d, "
	       "\"btf\": ",
	       name, info.id, o.btf_key_type_id, g->value_id,
	       g->huge ? "true" : "false", percpu ? cpus : 0);
	put_hex(raw, size);
	printf(", \"elements\": [");
	for (uint32_t i = 0; i < n && !err; i++) {
		if (g->key_id)
			fill(key, ksz);
		else
			memcpy(key, &i, 4);
		for (int c = 0; c < cpus; c++)
			fill(val + c * stride, g->value_size);
		if (bpf_map_update_elem(*fd, key, val, 0) ||
		    bpf_map_lookup_elem(*fd, key, out)) {
			err = -errno;
			break;
		}
		printf("%s[", i ? ", " : "");
		put_hex(key, ksz);
		printf(", ");
		put_hex(out, stride * cpus);
		printf("]");
	}
	printf("]}\n");
	free(val);
	free(out);
	return err;
}

int main(int argc, char **argv)
{
	unsigned int graphs, refused = 0, made = 0;
	int *fds;
	char c;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SEED GRAPHS\n", argv[0]);
		return 2;
	}
	libbpf_set_print(NULL);
	gen_seed(strtoull(argv[1], NULL, 0));
	graphs = strtoul(argv[2], NULL, 0);
	fds = calloc(graphs, sizeof(*fds));
	for (unsigned int i = 0; i < graphs; i++) {
		struct gen_graph g;
		int err;

		fds[i] = -1;
		if (gen_graph(&g)) {
			refused++;
			continue;
		}
		if (btf__load_into_kernel(g.btf)) {
			if (errno == EPERM) {
				fprintf(stderr, "no bpf() here: skip\n");
				return 77;
			}
			refused++;
			btf__free(g.btf);
			continue;
		}
		err = exercise(&g, i, &fds[i]);
		if (err == -EPERM) {
			fprintf(stderr, "no bpf() maps here: skip\n");
			return 77;
		}
		if (err)
			refused++;
		else
			made++;
		btf__free(g.btf);
	}
	printf("END %u %u\n", made, refused);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	for (unsigned int i = 0; i < graphs; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	return 0;
}
