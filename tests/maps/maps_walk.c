// SPDX-License-Identifier: MIT
/*
 * maps_walk fill | walk ID...: the two sides of the bpftool differential
 * test.  "fill" (untraced) creates and fills the maps, prints their ids
 * and holds them until stdin closes (bpftool dumps them meanwhile).
 * "walk" (traced with --json) opens each by id and walks it the way
 * libbpf clients do: GET_NEXT_KEY from NULL, LOOKUP_ELEM of every key.
 *
 *   walked     key struct flow { __u32 id; __u8 addr[4]; }
 *              value struct stats { char name[12]; struct ctr ctr;
 *                  enum kind kind; __u8 flags[3]; __s8 delta;
 *                  union { __u32 u; __s32 s; }; }  (anonymous union)
 *   walked_pc  per-CPU hash, __u32 -> struct ctr (stride 16)
 *   walked_bf  array, __u32 -> struct bits { __u32 a:3, b:13, c:16;
 *              __s32 d:5; __u32 e; }
 *
 * Bitfields in their own map: bpftool 7.1 -j prints them as hex strings
 * ("0x1d" for a 5-bit signed -3), which injtrace's JSON copies
 * (injtrace(1), JSON OUTPUT); compared as is.  No floats: bpftool cannot print them.
 */
#include "maplib.h"

struct flow {
	__u32 id;
	__u8 addr[4];
};

struct ctr {
	__u64 pkts;
	__u64 bytes;
};

struct stats {
	char name[12];
	__u32 pad;		/* named: bpftool prints every member */
	struct ctr ctr;
	__u32 kind;
	__u8 flags[3];
	__s8 delta;
	union {
		__u32 u;
		__s32 s;
	};
	__u32 tail;
};

static int walk_btf(void)
{
	struct btf *btf = btf__new_empty();

	if (!btf)
		die("btf__new_empty");
	btf__add_int(btf, "__u32", 4, 0);				/* 1 */
	btf__add_int(btf, "__u8", 1, 0);				/* 2 */
	btf__add_int(btf, "char", 1, BTF_INT_CHAR);			/* 3 */
	btf__add_int(btf, "__u64", 8, 0);				/* 4 */
	btf__add_int(btf, "__s8", 1, BTF_INT_SIGNED);			/* 5 */
	btf__add_int(btf, "__s32", 4, BTF_INT_SIGNED);			/* 6 */
	btf__add_array(btf, 1, 2, 4);			/* 7 __u8[4] */
	btf__add_array(btf, 1, 3, 12);			/* 8 char[12] */
	btf__add_array(btf, 1, 2, 3);			/* 9 __u8[3] */
	btf__add_struct(btf, "flow", sizeof(struct flow));		/* 10 */
	btf__add_field(btf, "id", 1, 0, 0);
	btf__add_field(btf, "addr", 7, 32, 0);
	btf__add_struct(btf, "ctr", sizeof(struct ctr));		/* 11 */
	btf__add_field(btf, "pkts", 4, 0, 0);
	btf__add_field(btf, "bytes", 4, 64, 0);
	btf__add_enum(btf, "kind", 4);					/* 12 */
	btf__add_enum_value(btf, "K_TCP", 6);
	btf__add_enum_value(btf, "K_UDP", 17);
	btf__add_union(btf, NULL, 4);					/* 13 */
	btf__add_field(btf, "u", 1, 0, 0);
	btf__add_field(btf, "s", 6, 0, 0);
	btf__add_struct(btf, "stats", sizeof(struct stats));		/* 14 */
	btf__add_field(btf, "name", 8, 0, 0);
	btf__add_field(btf, "pad", 1, 96, 0);
	btf__add_field(btf, "ctr", 11, 128, 0);
	btf__add_field(btf, "kind", 12, 256, 0);
	btf__add_field(btf, "flags", 9, 288, 0);
	btf__add_field(btf, "delta", 5, 312, 0);
	btf__add_field(btf, NULL, 13, 320, 0);
	btf__add_field(btf, "tail", 1, 352, 0);
	btf__add_struct(btf, "bits", 12);				/* 15 */
	btf__add_field(btf, "a", 1, 0, 3);
	btf__add_field(btf, "b", 1, 3, 13);
	btf__add_field(btf, "c", 1, 16, 16);
	btf__add_field(btf, "d", 6, 32, 5);
	btf__add_field(btf, "e", 1, 64, 0);
	return load_btf(btf);
}

static int fill(void)
{
	int btf = walk_btf();
	int fd = typed_map(BPF_MAP_TYPE_HASH, "walked", sizeof(struct flow),
			   sizeof(struct stats), 16, btf, 10, 14, 0);
	int pc = typed_map(BPF_MAP_TYPE_PERCPU_HASH, "walked_pc", 4,
			   sizeof(struct ctr), 16, btf, 1, 11, 0);
	int bf = typed_map(BPF_MAP_TYPE_ARRAY, "walked_bf", 4, 12, 3, btf, 1,
			   15, 0);
	int ncpu = libbpf_num_possible_cpus();
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char c;

	close(btf);
	for (__u32 i = 0; i < 6; i++) {
		struct flow k = { .id = i * 1000 + 1,
				  .addr = { 192, 168, (__u8)i, 255 } };
		struct stats v;
		struct ctr cv[ncpu];

		memset(&v, 0, sizeof(v));
		switch (i) {
		case 0: strcpy(v.name, "eth0"); break;
		case 1: strcpy(v.name, "a b\tc"); break;	/* unprintable */
		case 2: memcpy(v.name, "twelve chars", 12); break; /* no NUL */
		case 3: break;					/* empty */
		default: snprintf(v.name, sizeof(v.name), "if%u", i);
		}
		v.pad = i == 5 ? 0xffffffff : 0;
		v.ctr.pkts = i * 10;
		v.ctr.bytes = i == 4 ? ~0ULL : i * 1500;
		v.kind = i % 3 == 0 ? 6 : i % 3 == 1 ? 17 : 99; /* 99: no name */
		v.flags[0] = i;
		v.flags[2] = 0xff;
		v.delta = -(__s8)(i * 40);
		v.s = -(__s32)i;
		v.tail = 0xabcd0000 + i;
		if (bpf_map_update_elem(fd, &k, &v, BPF_ANY))
			die("fill walked");
		for (int c = 0; c < ncpu; c++)
			cv[c] = (struct ctr){ i + c, (i + 1) * 100 + c };
		if (bpf_map_update_elem(pc, &i, cv, BPF_ANY))
			die("fill walked_pc");
	}
	for (__u32 i = 0; i < 3; i++) {
		/* a=5 b=0x1abc c=0xffff d=-3 e=7, then variations */
		__u32 w[3] = { 5 | (0x1abcu << 3) | (0xffffu << 16),
			       (__u32)(-3 + (int)i) & 0x1f, 7 + i };

		w[0] ^= i << 1;
		if (bpf_map_update_elem(bf, &i, w, BPF_ANY))
			die("fill walked_bf");
	}
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		die("info");
	printf("%u", info.id);
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(pc, &info, &len))
		die("info");
	printf(" %u", info.id);
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(bf, &info, &len))
		die("info");
	printf(" %u\n", info.id);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}

static void walk(__u32 id)
{
	int fd = bpf_map_get_fd_by_id(id);
	__u8 key[64], next[64], value[64 * 512];
	void *prev = NULL;

	if (fd < 0)
		die("map id %u", id);
	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, sizeof(key));
		if (bpf_map_lookup_elem(fd, key, value))
			die("lookup");
		prev = key;
	}
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "fill"))
		return fill();
	for (int i = 2; i < argc; i++)
		walk(strtoul(argv[i], NULL, 10));
	return argc > 2 ? 0 : 2;
}
