// SPDX-License-Identifier: MIT
/*
 * Differential test, C half: loads the fixture BTF into the kernel, creates
 * real maps typed by it (array, hash, per-CPU array and hash, a keyless
 * .data-style DATASEC array, an enum-keyed hash), fills them with patterned
 * bytes, and prints for each map one JSON line
 *	{"name": ..., "id": N, "elements": [<map_data_print_json() members>]}
 * walking the map as bpftool does (GET_NEXT_KEY from NULL + LOOKUP).  Then
 * it prints "END" and keeps the maps alive until stdin closes, while
 * bpftool_diff.py runs `bpftool map dump -j id N` and compares.
 *
 * Exit 77 when the kernel refuses BTF or maps (no CAP_BPF).
 * Usage: btf_bpftool_maps [SEED]
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode/map_data.h"
#include "fixture.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	/* xorshift64*: deterministic, so a failure reproduces */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static void fill_random(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = rnd();
}

static void put_str(unsigned char *p, size_t cap, const char *s)
{
	memset(p, 0, cap);
	memcpy(p, s, strlen(s) < cap ? strlen(s) : cap - 1);
}

/* Random rec; even entries get real strings and known enumerators. */
static void fill_rec(unsigned char *v, unsigned int i)
{
	char s[16];

	fill_random(v, 176);
	if (i % 2)
		return;
	snprintf(s, sizeof(s), "proc-%u", i);
	put_str(v + 56, 16, s);
	put_str(v + 72, 8, "cst");
	put_str(v + 100, 6, "n0");
	put_str(v + 106, 6, "");
	put_str(v + 115, 5, "tag");
	memcpy(v + 40, &(uint32_t){ i % 4 == 0 ? 0xffffffff : 1 }, 4);
	memcpy(v + 44, &(uint32_t){ 0xffffffff }, 4);
	memcpy(v + 48, &(uint64_t){ 0xffffffff00000000ULL }, 8);
	memcpy(v + 128, &(uint64_t){ 0 }, 8);
}

static void fill_key(unsigned char *k, unsigned int i)
{
	char s[16];

	memcpy(k, &i, 4);
	snprintf(s, sizeof(s), "k%u", i);
	put_str(k + 4, 8, s);
	if (i == 3)
		fill_random(k + 4, 8);	/* unprintable comm: numbers */
}

struct spec {
	const char *name;
	enum bpf_map_type type;
	int *key_id, *value_id;
	uint32_t key_size, value_size, entries;
};

static int create(const struct fixture *f, const struct spec *s,
		  struct map_desc *m)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .btf_fd = btf__fd(f->btf),
		    .btf_key_type_id = s->key_id ? *s->key_id : 0,
		    .btf_value_type_id = *s->value_id);
	int fd = bpf_map_create(s->type, s->name, s->key_size, s->value_size,
				s->entries, &o);

	*m = (struct map_desc){
		.map_type = s->type, .key_size = s->key_size,
		.value_size = s->value_size, .btf = f->btf,
		.key_type_id = o.btf_key_type_id,
		.value_type_id = o.btf_value_type_id,
		.nr_cpus = libbpf_num_possible_cpus(),
	};
	return fd;
}

static int fill(const struct fixture *f, const struct spec *s,
		const struct map_desc *m, int fd)
{
	size_t vlen = map_data_value_buf_size(m, 0);
	unsigned char key[16], *val = calloc(1, vlen);
	size_t stride = (s->value_size + 7) & ~7U;
	int err = 0;

	for (unsigned int i = 0; i < s->entries && !err; i++) {
		memset(key, 0, sizeof(key));
		if (s->key_size == 12)
			fill_key(key, i);
		else
			memcpy(key, &i, 4);
		for (size_t off = 0; off < vlen; off += stride) {
			if (*s->value_id == f->rec)
				fill_rec(val + off, i);
			else
				fill_random(val + off, s->value_size);
		}
		if (*s->value_id == f->data_sec)
			put_str(val + 4, 8, "cfg");
		err = bpf_map_update_elem(fd, key, val, 0) ? -errno : 0;
	}
	free(val);
	return err;
}

static void dump(const struct spec *s, const struct map_desc *m, int fd)
{
	size_t vlen = map_data_value_buf_size(m, 0);
	unsigned char key[16], next[16], *val = calloc(1, vlen);
	struct bpf_map_info info = { 0 };
	uint32_t info_len = sizeof(info);
	struct printer p;
	void *prev = NULL;

	bpf_obj_get_info_by_fd(fd, &info, &info_len);
	printer__init(&p, PRINTER_JSON, 32);
	pr_struct_begin(&p);
	pr_field(&p, "name");
	pr_quoted(&p, s->name, strlen(s->name), QUOTE_OMIT_LIMIT);
	pr_field(&p, "id");
	pr_uint(&p, info.id);
	pr_field(&p, "elements");
	pr_array_begin(&p);
	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, s->key_size);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, val))
			continue;
		pr_elem(&p);
		pr_struct_begin(&p);
		map_data_print_json(&p, m, 0, key, s->key_size, val, vlen);
		pr_struct_end(&p);
	}
	pr_array_end(&p);
	pr_struct_end(&p);
	printf("%s\n", printer__str(&p));
	printer__free(&p);
	free(val);
}

int main(int argc, char **argv)
{
	struct fixture f;
	int err = fixture_build(&f, true);

	/* another seed, another set of patterns: bpftool_diff.py SEED */
	if (argc > 1)
		rng_state += strtoull(argv[1], NULL, 0);

	if (err) {
		fprintf(stderr, "fixture: %s\n", strerror(-err));
		return 1;
	}
	const struct spec specs[] = {
		{ "h5_array", BPF_MAP_TYPE_ARRAY, &f.td_u32, &f.rec, 4, 176,
		  6 },
		{ "h5_hash", BPF_MAP_TYPE_HASH, &f.key, &f.rec, 12, 176, 6 },
		{ "h5_pcpu_arr", BPF_MAP_TYPE_PERCPU_ARRAY, &f.u32, &f.pc, 4,
		  12, 3 },
		{ "h5_pcpu_hash", BPF_MAP_TYPE_PERCPU_HASH, &f.key, &f.tail,
		  12, 5, 4 },
		/* libbpf's .data maps: keyless ARRAY of one DATASEC */
		{ "h5_data", BPF_MAP_TYPE_ARRAY, NULL, &f.data_sec, 4, 16, 1 },
		{ "h5_enum_key", BPF_MAP_TYPE_HASH, &f.color, &f.u32_arr3, 4,
		  12, 5 },
		{ "h5_union", BPF_MAP_TYPE_ARRAY, &f.u32, &f.anon_union, 4, 4,
		  3 },
	};
	int fds[sizeof(specs) / sizeof(specs[0])];
	struct map_desc m;
	char c;

	if (btf__load_into_kernel(f.btf)) {
		fprintf(stderr, "btf load: %s\n", strerror(errno));
		return errno == EPERM || errno == EACCES ? 77 : 1;
	}
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		fds[i] = create(&f, &specs[i], &m);
		if (fds[i] < 0) {
			fprintf(stderr, "%s: %s\n", specs[i].name,
				strerror(errno));
			return errno == EPERM ? 77 : 1;
		}
		err = fill(&f, &specs[i], &m, fds[i]);
		if (err) {
			fprintf(stderr, "%s fill: %s\n", specs[i].name,
				strerror(-err));
			return 1;
		}
		dump(&specs[i], &m, fds[i]);
	}
	printf("END\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	fixture_free(&f);
	return 0;
}
