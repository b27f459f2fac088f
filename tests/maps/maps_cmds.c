// SPDX-License-Identifier: MIT
/*
 * Every map command's typed line (run under "injtrace -s 8"): single
 * element commands, get_next_key with a NULL key and not, the four batch
 * commands with a partial batch ending in ENOENT, per-CPU values, queue
 * and stack (NULL key), fd-holding maps and a map without BTF.  Prints the
 * lines injtrace must print; expect.py matches them in order.
 */
#include "maplib.h"


static int nr_cpus;

static void single(void)
{
	struct rec a = mkrec(1234, "sshd", 1, RUNNING, 1, -2, 42);
	struct rec b = mkrec(99, "bash", 2, SLEEPING, 65535, -32768,
			     18446744073709551615ULL);
	struct rec out;
	__u32 k7 = 7, k8 = 8, k99 = 99, next, next2, next3;
	int fd = rec_map(BPF_MAP_TYPE_HASH, "cmds", 16, 0);
	int rc;

	rc = bpf_map_update_elem(fd, &k7, &a, BPF_ANY);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:cmds>, key=[7], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&a),
	       ret_text(rc));
	rc = bpf_map_update_elem(fd, &k8, &b, BPF_NOEXIST);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:cmds>, key=[8], "
	       "value=%s, flags=BPF_NOEXIST}, 32) %s\n", fd, rec_text(&b),
	       ret_text(rc));
	/* a failed update still shows its input, decoded at entry */
	rc = bpf_map_update_elem(fd, &k8, &a, BPF_NOEXIST);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:cmds>, key=[8], "
	       "value=%s, flags=BPF_NOEXIST}, 32) %s\n", fd, rec_text(&a),
	       ret_text(rc));

	memset(&out, 0, sizeof(out));
	rc = bpf_map_lookup_elem(fd, &k7, &out);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:cmds>, key=[7], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&out),
	       ret_text(rc));
	/* output buffer not filled: stays an address */
	rc = bpf_map_lookup_elem(fd, &k99, &out);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:cmds>, key=[99], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, ptr(&out),
	       ret_text(rc));

	rc = bpf_map_get_next_key(fd, NULL, &next);
	EXPECT("bpf(BPF_MAP_GET_NEXT_KEY, {map_fd=%d<map:cmds>, key=NULL, "
	       "next_key=[%u]}, 24) %s\n", fd, next, ret_text(rc));
	rc = bpf_map_get_next_key(fd, &next, &next2);
	EXPECT("bpf(BPF_MAP_GET_NEXT_KEY, {map_fd=%d<map:cmds>, key=[%u], "
	       "next_key=[%u]}, 24) %s\n", fd, next, next2, ret_text(rc));
	rc = bpf_map_get_next_key(fd, &next2, &next3);
	EXPECT("bpf(BPF_MAP_GET_NEXT_KEY, {map_fd=%d<map:cmds>, key=[%u], "
	       "next_key=%s}, 24) %s\n", fd, next2, ptr(&next3), ret_text(rc));

	memset(&out, 0, sizeof(out));
	rc = bpf_map_lookup_and_delete_elem(fd, &k8, &out);
	EXPECT("bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, {map_fd=%d<map:cmds>, "
	       "key=[8], value=%s, flags=BPF_ANY}, 32) %s\n", fd,
	       rec_text(&out), ret_text(rc));
	rc = bpf_map_delete_elem(fd, &k7);
	EXPECT("bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d<map:cmds>, key=[7]}, 32) "
	       "%s\n", fd, ret_text(rc));
	rc = bpf_map_delete_elem(fd, &k7);
	EXPECT("bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d<map:cmds>, key=[7]}, 32) "
	       "%s\n", fd, ret_text(rc));
	close(fd);
}

static void keys_text(char *b, size_t n, const __u32 *k, unsigned int cnt)
{
	size_t o = snprintf(b, n, "[");

	for (unsigned int i = 0; i < cnt; i++)
		o += snprintf(b + o, n - o, "%s[%u]", i ? ", " : "", k[i]);
	snprintf(b + o, n - o, "]");
}

static void values_text(char *b, size_t n, const struct rec *v,
			unsigned int cnt)
{
	size_t o = snprintf(b, n, "[");

	for (unsigned int i = 0; i < cnt; i++)
		o += snprintf(b + o, n - o, "%s%s", i ? ", " : "",
			      rec_text(&v[i]));
	snprintf(b + o, n - o, "]");
}

/* strace's "=> {batch={count=N}}" when the kernel changed the count */
static const char *count_text(__u32 in, __u32 out)
{
	static char b[64];

	if (in == out)
		return "";
	snprintf(b, sizeof(b), " => {batch={count=%u}}", out);
	return b;
}

/*
 * Batches: input keys/values at entry, output ones at exit, only the
 * count the kernel wrote back (also on ENOENT, the partial last batch).
 */
static void batch(void)
{
	struct rec in[3] = {
		mkrec(1, "a", 1, IDLE, 1, 1, 1),
		mkrec(2, "bb", 2, RUNNING, 2, -2, 2),
		mkrec(3, "ccc", 3, SLEEPING, 3, 3, 3),
	};
	__u32 keys[3] = { 1, 2, 3 }, okeys[3], out_batch, count;
	struct rec ovals[3];
	char kt[256], vt[1024];
	int fd = rec_map(BPF_MAP_TYPE_HASH, "batch", 8, BPF_F_ZERO_SEED);
	int rc;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);

	count = 3;
	rc = bpf_map_update_batch(fd, keys, in, &count, &opts);
	keys_text(kt, sizeof(kt), keys, 3);
	values_text(vt, sizeof(vt), in, 3);
	EXPECT("bpf(BPF_MAP_UPDATE_BATCH, {batch={keys=%s, values=%s, "
	       "count=3, map_fd=%d<map:batch>, elem_flags=BPF_ANY, flags=0}}, "
	       "56) %s\n", kt, vt, fd, ret_text(rc));

	/* 2 of 3: a full batch, then the partial one ending in ENOENT */
	memset(ovals, 0, sizeof(ovals));
	count = 2;
	rc = bpf_map_lookup_batch(fd, NULL, &out_batch, okeys, ovals, &count,
				  &opts);
	keys_text(kt, sizeof(kt), okeys, count);
	values_text(vt, sizeof(vt), ovals, count);
	EXPECT("bpf(BPF_MAP_LOOKUP_BATCH, {batch={in_batch=NULL, "
	       "out_batch=%s, keys=%s, values=%s, count=2, "
	       "map_fd=%d<map:batch>, elem_flags=BPF_ANY, flags=0}}%s, 56) "
	       "%s\n", ptr(&out_batch), kt, vt, fd, count_text(2, count),
	       ret_text(rc));
	count = 2;
	rc = bpf_map_lookup_batch(fd, &out_batch, &out_batch, okeys, ovals,
				  &count, &opts);
	keys_text(kt, sizeof(kt), okeys, count);
	values_text(vt, sizeof(vt), ovals, count);
	EXPECT("bpf(BPF_MAP_LOOKUP_BATCH, {batch={in_batch=%s, out_batch=%s, "
	       "keys=%s, values=%s, count=2, map_fd=%d<map:batch>, "
	       "elem_flags=BPF_ANY, flags=0}}%s, 56) %s\n", ptr(&out_batch),
	       ptr(&out_batch), kt, vt, fd, count_text(2, count),
	       ret_text(rc));
	if (rc != -ENOENT || count != 1)
		die("partial batch: rc %d count %u", rc, count);

	count = 1;
	rc = bpf_map_lookup_and_delete_batch(fd, NULL, &out_batch, okeys,
					     ovals, &count, &opts);
	keys_text(kt, sizeof(kt), okeys, count);
	values_text(vt, sizeof(vt), ovals, count);
	EXPECT("bpf(BPF_MAP_LOOKUP_AND_DELETE_BATCH, {batch={in_batch=NULL, "
	       "out_batch=%s, keys=%s, values=%s, count=1, "
	       "map_fd=%d<map:batch>, elem_flags=BPF_ANY, flags=0}}%s, 56) "
	       "%s\n", ptr(&out_batch), kt, vt, fd, count_text(1, count),
	       ret_text(rc));

	keys[0] = 2;
	keys[1] = 99;
	count = 2;
	rc = bpf_map_delete_batch(fd, keys, &count, &opts);
	EXPECT("bpf(BPF_MAP_DELETE_BATCH, {batch={keys=[[2], [99]], "
	       "count=2, map_fd=%d<map:batch>, elem_flags=BPF_ANY, flags=0}}"
	       "%s, 56) %s\n", fd, count_text(2, count), ret_text(rc));
	close(fd);
}

/* u32 values: value_size 4, the kernel's per-CPU stride is 8 */
static void percpu(void)
{
	int btf = rec_btf();
	int fd = typed_map(BPF_MAP_TYPE_PERCPU_ARRAY, "pcpu", 4, 4, 2, btf,
			   U32_ID, U32_ID, 0);
	__u64 in[64], out[64];
	__u32 k = 1;
	char vt[2048];
	size_t o;
	int rc;

	close(btf);
	memset(in, 0, sizeof(in));
	for (int c = 0; c < nr_cpus; c++)
		in[c] = (100 + c) | 0xdead000000000000ULL; /* pad: ignored */
	rc = bpf_map_update_elem(fd, &k, in, BPF_ANY);
	o = snprintf(vt, sizeof(vt), "[");
	for (int c = 0; c < nr_cpus; c++)
		o += snprintf(vt + o, sizeof(vt) - o, "%s{cpu=%d, v=%d}",
			      c ? ", " : "", c, 100 + c);
	snprintf(vt + o, sizeof(vt) - o, "]");
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:pcpu>, key=[1], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, vt, ret_text(rc));
	memset(out, 0xff, sizeof(out));
	rc = bpf_map_lookup_elem(fd, &k, out);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:pcpu>, key=[1], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, vt, ret_text(rc));
	close(fd);
}

/* hex bytes of a little-endian u64, as strace prints them */
static const char *u64_bytes(__u64 v)
{
	static char b[64];
	size_t o = 0;

	for (int i = 0; i < 8; i++)
		o += snprintf(b + o, sizeof(b) - o, "\\x%02x",
			      (unsigned int)(v >> (8 * i)) & 0xff);
	return b;
}

/*
 * Queue and stack: NULL key.  The kernel refuses BTF for them (a key
 * type is required and they have no key), so values are bytes.
 */
static void queue_stack(void)
{
	static const struct {
		enum bpf_map_type type;
		const char *name;
	} kinds[] = {
		{ BPF_MAP_TYPE_QUEUE, "q" },
		{ BPF_MAP_TYPE_STACK, "stk" },
	};

	for (unsigned int i = 0; i < 2; i++) {
		int fd = bpf_map_create(kinds[i].type, kinds[i].name, 0, 8, 4,
					NULL);
		__u64 v = 0x0102030405060708ULL + i, out;
		const char *n = kinds[i].name;
		char vt[64];
		int rc;

		if (fd < 0)
			die("bpf_map_create %s", n);
		strcpy(vt, u64_bytes(v));
		rc = bpf_map_update_elem(fd, NULL, &v, BPF_ANY);
		EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:%s>, key=NULL, "
		       "value=\"%s\", flags=BPF_ANY}, 32) %s\n", fd, n, vt, ret_text(rc));
		out = 0;
		rc = bpf_map_lookup_elem(fd, NULL, &out);	/* peek */
		EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:%s>, key=NULL, "
		       "value=\"%s\", flags=BPF_ANY}, 32) %s\n", fd, n, u64_bytes(out),
		       ret_text(rc));
		out = 0;
		rc = bpf_map_lookup_and_delete_elem(fd, NULL, &out); /* pop */
		EXPECT("bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, {map_fd=%d<map:%s>, "
		       "key=NULL, value=\"%s\", flags=BPF_ANY}, 32) %s\n", fd, n, u64_bytes(out),
		       ret_text(rc));
		if (out != v)
			die("%s popped %llx", n, (unsigned long long)out);
		rc = bpf_map_lookup_and_delete_elem(fd, NULL, &out);
		EXPECT("bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, {map_fd=%d<map:%s>, "
		       "key=NULL, value=%s, flags=BPF_ANY}, 32) %s\n", fd, n, ptr(&out),
		       ret_text(rc));
		close(fd);
	}
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		die("prog info");
	return info.id;
}

/*
 * The user writes an fd and reads back an id: shown as written / read.
 * The kernel allows no BTF on these maps: the uapi fixes the layout, a u32
 * index key and an fd/id value.
 */
static void fd_maps(void)
{
	/* r0 = 0; exit */
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int inner = bpf_map_create(BPF_MAP_TYPE_ARRAY, "inner", 4, 4, 1, NULL);
	LIBBPF_OPTS(bpf_map_create_opts, o, .inner_map_fd = inner);
	int outer = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "outer", 4, 4,
				   2, &o);
	int prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "p0", "GPL",
				 insns, 2, NULL);
	int progs = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "progs", 4, 4, 2,
				   NULL);
	__u32 k = 0, v;
	int rc;

	if (inner < 0 || outer < 0 || prog < 0 || progs < 0)
		die("fd maps");
	v = inner;
	rc = bpf_map_update_elem(outer, &k, &v, BPF_ANY);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:outer>, "
	       "key=[0], value=[%d], flags=BPF_ANY}, 32) "
	       "%s\n", outer, inner,
	       ret_text(rc));
	v = 0;
	rc = bpf_map_lookup_elem(outer, &k, &v);
	if (v != map_id(inner))
		die("outer[0] = %u, not inner's id", v);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:outer>, "
	       "key=[0], value=[%u], flags=BPF_ANY}, 32) "
	       "%s\n", outer, v, ret_text(rc));
	v = prog;
	rc = bpf_map_update_elem(progs, &k, &v, BPF_ANY);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:progs>, "
	       "key=[0], value=[%d], flags=BPF_ANY}, 32) "
	       "%s\n", progs, prog,
	       ret_text(rc));
	v = 0;
	rc = bpf_map_lookup_elem(progs, &k, &v);
	if (v != prog_id(prog))
		die("progs[0] = %u, not the prog's id", v);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:progs>, "
	       "key=[0], value=[%u], flags=BPF_ANY}, 32) "
	       "%s\n", progs, v, ret_text(rc));
	close(progs);
	close(prog);
	close(outer);
	close(inner);
}

/* No BTF: strace-style hex bytes, cut at -s 8 */
static void raw(void)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "raw", 4, 12, 2, NULL);
	__u32 k = 7;
	__u8 v[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	int rc;

	if (fd < 0)
		die("raw map");
	rc = bpf_map_update_elem(fd, &k, v, BPF_ANY);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:raw>, "
	       "key=\"\\x07\\x00\\x00\\x00\", "
	       "value=\"\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\"..., "
	       "flags=BPF_ANY}, 32) %s\n", fd,
	       ret_text(rc));
	rc = bpf_map_delete_elem(fd, &k);
	EXPECT("bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d<map:raw>, "
	       "key=\"\\x07\\x00\\x00\\x00\"}, 32) %s\n",
	       fd, ret_text(rc));
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	nr_cpus = libbpf_num_possible_cpus();
	if (nr_cpus <= 0 || nr_cpus > 64)
		die("possible cpus: %d", nr_cpus);
	single();
	batch();
	percpu();
	queue_stack();
	fd_maps();
	raw();
	return 0;
}
