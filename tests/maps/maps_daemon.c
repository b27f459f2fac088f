// SPDX-License-Identifier: MIT
/*
 * maps_daemon READY UID [nobtf | big=N]: a daemon as real ones are written.  As
 * root it loads BTF and creates its maps, keeps every fd (the BTF fd too, as a
 * libbpf bpf_object does), then drops to UID (groups, gids, uids; no
 * capability left) and keeps working on the maps it holds:
 *
 *   dm_hash     hash        __u32 -> struct rec, keys 1..20
 *   dm_array    array       __u32 -> struct rec, 8 entries
 *   dm_percpu   percpu_hash __u32 -> __u64, keys 1..5 (value key*100+cpu)
 *   dm_inner_a  array       __u32 -> __u32 (inner maps of dm_outer)
 *   dm_inner_b  array       __u32 -> __u32
 *   dm_outer    hash_of_maps __u32 -> inner map (ids), keys 1, 2
 *   dm_ring     ringbuf     (cannot be iterated: listed with a reason)
 *   dm_data     array of one element, no key type, a DATASEC value (a
 *               libbpf .data map): {counter=5, limit=6}
 *   dm_pcarray  percpu_array __u32 -> __u64, 4 entries (value key*10+cpu)
 *   dm_lru      lru_hash    __u32 -> struct rec, keys 1..3
 *   dm_lrupc    lru_percpu_hash __u32 -> __s16 (a value of 2 bytes in
 *               8-byte per-CPU slots), keys 1..3 (value -(key*10+cpu))
 *   dm_aom      array_of_maps (ids of dm_inner_a, dm_inner_b)
 *   dm_lpm      lpm_trie, no BTF: 8-byte keys (prefixlen, 4 bytes), 2
 *   dm_progs    prog_array, slot 1 holds a socket filter (read back: its id)
 *   dm_perf, dm_queue  perf_event_array, queue (cannot be iterated:
 *               listed with a reason)
 *   dm_churn    hash        __u32 -> __u64 value = key * 3, changed all the
 *               time by a second thread (inserts and deletes)
 *
 * With "nobtf" it closes its BTF fd before the drop (nothing left to
 * read the BTF through); with "big=N" it also holds dm_big, a hash of N
 * elements __u32 -> __u64 (value = key * 3), to dump a large map; with
 * "leader_exits" its main thread exits once READY is there (a zombie
 * leader: /proc/PID/fd is empty), the churn thread holding on.  It prints
 * "NAME ID" for each map on stdout, touches READY once it works as UID, then
 * looks up dm_hash key 7 every 5 ms until SIGTERM.
 *
 * Dropping uids makes a process non-dumpable, and a non-dumpable process
 * cannot be ptraced by its own (new) uid: prctl(PR_SET_DUMPABLE, 1) after
 * the drop is what a daemon that wants to be inspectable must do.
 * Exit 77 when bpf() is not permitted (not root, no CAP_BPF).
 */
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <time.h>

#include "maplib.h"

#define S16_ID 5 /* __s16 in rec_btf() */
#define U64_ID 6 /* __u64 in rec_btf() */
#define CHURN_KEYS 4096

static volatile sig_atomic_t done;

static void on_term(int sig)
{
	done = 1;
}

static void update(int fd, const void *key, const void *value)
{
	if (bpf_map_update_elem(fd, key, value, BPF_ANY))
		die("update");
}

static void announce(const char *name, int fd)
{
	printf("%s %u\n", name, map_id(fd));
}

/*
 * A global data map as libbpf makes one for .data: an mmapable array of
 * one element, no key type, the value a DATASEC of two variables.  Its
 * BTF fd is kept open, as libbpf keeps its object's.
 */
static int data_map(void)
{
	struct btf *btf = btf__new_empty();
	__u32 k = 0, v[2] = {5, 6};
	int fd;

	if (!btf)
		die("btf__new_empty");
	btf__add_int(btf, "__u32", 4, 0);			   /* 1 */
	btf__add_var(btf, "counter", BTF_VAR_GLOBAL_ALLOCATED, 1); /* 2 */
	btf__add_var(btf, "limit", BTF_VAR_GLOBAL_ALLOCATED, 1);   /* 3 */
	btf__add_datasec(btf, ".data", sizeof(v));		   /* 4 */
	btf__add_datasec_var_info(btf, 2, 0, 4);
	btf__add_datasec_var_info(btf, 3, 4, 4);
	fd = typed_map(BPF_MAP_TYPE_ARRAY, "dm_data", 4, sizeof(v), 1,
		       load_btf(btf), 0, 4, BPF_F_MMAPABLE);
	update(fd, &k, v);
	return fd;
}

/* More map kinds, each with a few elements; inner: dm_inner_a's fd */
static void make_kinds(int btf, int inner_a, int inner_b)
{
	int ncpu = libbpf_num_possible_cpus();
	int pcarray = typed_map(BPF_MAP_TYPE_PERCPU_ARRAY, "dm_pcarray", 4, 8,
				4, btf, U32_ID, U64_ID, 0);
	int lru = typed_map(BPF_MAP_TYPE_LRU_HASH, "dm_lru", 4,
			    sizeof(struct rec), 16, btf, REC_KEY_ID,
			    REC_VALUE_ID, 0);
	int lrupc = typed_map(BPF_MAP_TYPE_LRU_PERCPU_HASH, "dm_lrupc", 4, 2,
			      16, btf, U32_ID, S16_ID, 0);
	LIBBPF_OPTS(bpf_map_create_opts, oo, .inner_map_fd = inner_a);
	LIBBPF_OPTS(bpf_map_create_opts, lo, .map_flags = BPF_F_NO_PREALLOC);
	int aom =
	    bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "dm_aom", 4, 4, 2, &oo);
	int lpm = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, "dm_lpm", 8, 4, 8, &lo);
	int progs =
	    bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "dm_progs", 4, 4, 2, NULL);
	int perf = bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "dm_perf", 4,
				  4, 2, NULL);
	int queue = bpf_map_create(BPF_MAP_TYPE_QUEUE, "dm_queue", 0, 4, 4,
				   NULL);
	__u64 u64s[ncpu];
	__s16 s16s[ncpu * 4]; /* 2-byte values, 8-byte slots */
	/* r0 = 0; exit */
	struct bpf_insn insns[] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	int prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "dm_prog", "GPL",
				 insns, 2, NULL);
	__u32 v = 5, one = 1;

	if (aom < 0 || lpm < 0 || progs < 0 || perf < 0 || queue < 0 ||
	    prog < 0)
		die("map kinds");
	for (__u32 k = 0; k < 4; k++) {
		for (int c = 0; c < ncpu; c++)
			u64s[c] = k * 10 + c;
		update(pcarray, &k, u64s);
	}
	for (__u32 k = 1; k <= 3; k++) {
		struct rec r = mkrec(2000 + k, "lru", (__u8)k, RUNNING, k,
				     (__s16)k, k);

		memset(s16s, 0, sizeof(s16s));
		for (int c = 0; c < ncpu; c++)
			s16s[c * 4] = (__s16)-(k * 10 + c);
		update(lru, &k, &r);
		update(lrupc, &k, s16s);
	}
	for (__u32 k = 0; k < 2; k++)
		update(aom, &k, k ? &inner_b : &inner_a);
	for (__u32 k = 0; k < 2; k++) {
		/* 10.k.0.0/16 */
		__u8 key[8] = {16, 0, 0, 0, 10, (__u8)k, 0, 0};

		update(lpm, key, &k);
	}
	update(queue, NULL, &v);
	update(progs, &one, &prog);
	announce("dm_data", data_map());
	announce("dm_pcarray", pcarray);
	announce("dm_lru", lru);
	announce("dm_lrupc", lrupc);
	announce("dm_aom", aom);
	announce("dm_lpm", lpm);
	announce("dm_progs", progs);
	announce("dm_perf", perf);
	announce("dm_queue", queue);
}

static void make_maps(int btf, int *hash_fd, int *churn_fd)
{
	int ncpu = libbpf_num_possible_cpus();
	int hash =
	    typed_map(BPF_MAP_TYPE_HASH, "dm_hash", 4, sizeof(struct rec), 64,
		      btf, REC_KEY_ID, REC_VALUE_ID, 0);
	int array =
	    typed_map(BPF_MAP_TYPE_ARRAY, "dm_array", 4, sizeof(struct rec), 8,
		      btf, REC_KEY_ID, REC_VALUE_ID, 0);
	int percpu = typed_map(BPF_MAP_TYPE_PERCPU_HASH, "dm_percpu", 4, 8, 16,
			       btf, U32_ID, U64_ID, 0);
	int inner_a = typed_map(BPF_MAP_TYPE_ARRAY, "dm_inner_a", 4, 4, 4, btf,
				U32_ID, U32_ID, 0);
	int inner_b = typed_map(BPF_MAP_TYPE_ARRAY, "dm_inner_b", 4, 4, 4, btf,
				U32_ID, U32_ID, 0);
	LIBBPF_OPTS(bpf_map_create_opts, oo, .inner_map_fd = inner_a);
	int outer =
	    bpf_map_create(BPF_MAP_TYPE_HASH_OF_MAPS, "dm_outer", 4, 4, 8, &oo);
	int ring =
	    bpf_map_create(BPF_MAP_TYPE_RINGBUF, "dm_ring", 0, 0, 4096, NULL);
	int churn = typed_map(BPF_MAP_TYPE_HASH, "dm_churn", 4, 8, CHURN_KEYS,
			      btf, U32_ID, U64_ID, 0);
	__u64 pcv[ncpu];

	if (outer < 0 || ring < 0)
		die("map of maps / ringbuf");
	for (__u32 k = 1; k <= 20; k++) {
		struct rec r =
		    mkrec(1000 + k, k % 2 ? "odd" : "even", (__u8)k,
			  (enum state)(k % 3), k, -(__s16)k, (__u64)k << 32);

		update(hash, &k, &r);
	}
	for (__u32 k = 0; k < 8; k++) {
		struct rec r = mkrec(k, "arr", (__u8)k, IDLE, 0, 0, k);

		update(array, &k, &r);
	}
	for (__u32 k = 1; k <= 5; k++) {
		for (int c = 0; c < ncpu; c++)
			pcv[c] = k * 100 + c;
		update(percpu, &k, pcv);
	}
	for (__u32 k = 1; k <= 2; k++)
		update(outer, &k, k == 1 ? &inner_a : &inner_b);
	for (__u32 k = 0; k < CHURN_KEYS / 2; k++) {
		__u64 v = (__u64)k * 3;

		update(churn, &k, &v);
	}
	announce("dm_hash", hash);
	announce("dm_array", array);
	announce("dm_percpu", percpu);
	announce("dm_inner_a", inner_a);
	announce("dm_inner_b", inner_b);
	announce("dm_outer", outer);
	announce("dm_ring", ring);
	make_kinds(btf, inner_a, inner_b);
	announce("dm_churn", churn);
	fflush(stdout);
	*hash_fd = hash;
	*churn_fd = churn;
}

/* Inserts and deletes in dm_churn, a window of keys moving round. */
static void *churn(void *arg)
{
	int fd = *(int *)arg;
	struct timespec pause = {0, 200 * 1000};
	__u32 i = 0;

	while (!done) {
		for (int n = 0; n < 64; n++, i++) {
			__u32 add = (i + CHURN_KEYS / 2) % CHURN_KEYS;
			__u32 del = i % CHURN_KEYS;
			__u64 v = (__u64)add * 3;

			bpf_map_update_elem(fd, &add, &v, BPF_ANY);
			bpf_map_delete_elem(fd, &del);
		}
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/* dm_big: n elements, filled by batches (Linux 5.6) */
static void make_big(int btf, __u32 n)
{
	enum { CHUNK = 65536 };
	static __u32 keys[CHUNK];
	static __u64 values[CHUNK];
	int fd = typed_map(BPF_MAP_TYPE_HASH, "dm_big", 4, 8, n, btf, U32_ID,
			   U64_ID, 0);

	for (__u32 done = 0; done < n;) {
		__u32 count = n - done < CHUNK ? n - done : CHUNK;

		for (__u32 i = 0; i < count; i++) {
			keys[i] = done + i;
			values[i] = (__u64)(done + i) * 3;
		}
		if (bpf_map_update_batch(fd, keys, values, &count, NULL))
			die("filling dm_big");
		done += count;
	}
	announce("dm_big", fd);
	fflush(stdout);
}

static void drop_to(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		die("dropping to uid %u", uid);
	/* the uid change made us non-dumpable: same-uid ptrace needs this */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		die("PR_SET_DUMPABLE");
}

int main(int argc, char **argv)
{
	struct timespec tick = {0, 5 * 1000 * 1000};
	struct sigaction sa = {.sa_handler = on_term};
	int hash, churn_fd, btf;
	struct rec r;
	__u32 key = 7;
	pthread_t th;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: maps_daemon READY UID "
				"[nobtf|big=N|leader_exits]\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	btf = rec_btf(); /* kept open, as libbpf keeps its object's */
	make_maps(btf, &hash, &churn_fd);
	if (argc == 4 && !strncmp(argv[3], "big=", 4))
		make_big(btf, strtoul(argv[3] + 4, NULL, 10));
	else if (argc == 4 && !strcmp(argv[3], "nobtf"))
		close(btf);
	drop_to((uid_t)strtoul(argv[2], NULL, 10));
	if (bpf_map_lookup_elem(hash, &key, &r))
		die("lookup after the drop");
	if (pthread_create(&th, NULL, churn, &churn_fd))
		die("pthread_create");
	close(open(argv[1], O_CREAT | O_WRONLY, 0644));
	if (argc == 4 && !strcmp(argv[3], "leader_exits"))
		pthread_exit(NULL); /* the churn thread runs on, and exits 0 */
	while (!done) {
		if (bpf_map_lookup_elem(hash, &key, &r))
			die("lookup");
		nanosleep(&tick, NULL);
	}
	pthread_join(th, NULL);
	return 0;
}
