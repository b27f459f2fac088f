// SPDX-License-Identifier: MIT
/*
 * sigtrap MODE [GO]: a program whose SIGTRAP is ignored, blocked or handled
 * (MODE ignore, block, handler) makes a BTF-typed map and looks it up,
 * then checks that its SIGTRAP is as it set it: the disposition, the mask,
 * and what a raise(SIGTRAP) does (ignored: nothing; blocked: it stays
 * pending; handled: the handler runs once).  Under a tracer that forces a
 * SIGTRAP on it with int3, the kernel resets an ignored or blocked one to
 * SIG_DFL (force_sig_info_to_task()), and that raise kills it.
 * With GO, a path: after the map is made it says "ready" and waits (at
 * most 10 minutes) until GO exists before the lookup, for a tracer to
 * attach or dump it meanwhile.
 * Exit 0 and "sigtrap MODE: ok", 1 on a difference, 77 without bpf().
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct trap_value {
	unsigned int hits;
	char tag[8];
};

static volatile sig_atomic_t handled;

static void on_trap(int sig)
{
	(void)sig;
	handled++;
}

/* A hash map of __u32 -> struct trap_value, typed by BTF; -1 skips. */
static int typed_map(void)
{
	struct btf *btf = btf__new_empty();
	int fd = -1;

	if (!btf)
		return -1;
	btf__add_int(btf, "__u32", 4, 0);			/* 1 */
	btf__add_int(btf, "char", 1, BTF_INT_CHAR);		/* 2 */
	btf__add_array(btf, 1, 2, 8);				/* 3 */
	btf__add_struct(btf, "trap_value", sizeof(struct trap_value)); /* 4 */
	btf__add_field(btf, "hits", 1, 0, 0);
	btf__add_field(btf, "tag", 3, 32, 0);
	if (!btf__load_into_kernel(btf)) {
		LIBBPF_OPTS(bpf_map_create_opts, o, .btf_fd = btf__fd(btf),
			    .btf_key_type_id = 1, .btf_value_type_id = 4);

		fd = bpf_map_create(BPF_MAP_TYPE_HASH, "trap_map", 4,
				    sizeof(struct trap_value), 4, &o);
	}
	btf__free(btf);
	return fd;
}

/* Until path exists: 0, or -1 after 10 minutes. */
static int wait_file(const char *path)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	for (int i = 0; i < 60000; i++) {
		if (!access(path, F_OK))
			return 0;
		nanosleep(&tick, NULL);
	}
	return -1;
}

static int fail(const char *mode, const char *what)
{
	fprintf(stderr, "sigtrap %s: %s\n", mode, what);
	return 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "ignore";
	struct trap_value v = { .hits = 3, .tag = "trap" }, out;
	struct sigaction sa = { .sa_handler = on_trap }, now;
	unsigned int key = 1;
	sigset_t set, mask;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTRAP);
	if (!strcmp(mode, "ignore"))
		sa.sa_handler = SIG_IGN;
	else if (!strcmp(mode, "block"))
		sigprocmask(SIG_BLOCK, &set, NULL);
	else if (strcmp(mode, "handler"))
		return fail(mode, "MODE is ignore, block or handler");
	sigaction(SIGTRAP, &sa, NULL);

	fd = typed_map();
	if (fd < 0) {
		fprintf(stderr, "skip: a map with BTF: %s\n", strerror(errno));
		return 77;
	}
	if (bpf_map_update_elem(fd, &key, &v, BPF_ANY))
		return fail(mode, "the map does not work");
	if (argc > 2) {
		printf("ready\n");
		fflush(stdout);
		if (wait_file(argv[2]))
			return fail(mode, "GO never came");
	}
	if (bpf_map_lookup_elem(fd, &key, &out) || out.hits != 3)
		return fail(mode, "the map does not work");

	sigaction(SIGTRAP, NULL, &now);
	sigprocmask(SIG_BLOCK, NULL, &mask);
	if (now.sa_handler != sa.sa_handler)
		return fail(mode, now.sa_handler == SIG_DFL ?
				  "SIGTRAP was reset to SIG_DFL" :
				  "SIGTRAP's handler changed");
	if (sigismember(&mask, SIGTRAP) != !strcmp(mode, "block"))
		return fail(mode, "SIGTRAP's mask bit changed");
	raise(SIGTRAP);		/* killed here when reset to SIG_DFL */
	if (!strcmp(mode, "block")) {
		sigpending(&mask);
		if (!sigismember(&mask, SIGTRAP))
			return fail(mode, "a blocked SIGTRAP is not pending");
	}
	if (handled != !strcmp(mode, "handler"))
		return fail(mode, "the handler ran a wrong number of times");
	printf("sigtrap %s: ok\n", mode);
	return 0;
}
