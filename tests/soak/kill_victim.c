// SPDX-License-Identifier: MIT
/*
 * For kill.sh: tracees that are SIGKILLed at random points.
 *
 *   kill_victim work     forever: a new map with BTF, a lookup on it (a map
 *	injtrace never saw: an injection fetches its info and BTF inside
 *	this process), close; so most of its traced time is an injection.
 *   kill_victim spawn N  forks N "work" children one after the other,
 *	writes each child's pid on fd 3 and waits for it; every one must
 *	die of SIGKILL (exit 1 otherwise), then exits 0.
 *   kill_victim steady   as work, and every call checked (a value written
 *	then read back, every fd closed) until SIGUSR2: then prints
 *	"iters=N" and exits 0; exits 3 at the first call that went wrong.
 *	For a tracer SIGKILLed while it traces this process (-p).
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_usr2(int sig)
{
	stop = 1;
}

/* One new map with BTF; -1 when there is no BTF or map here. */
static int new_map(void)
{
	struct btf *btf = btf__new_empty();
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	int fd, id;

	id = btf ? btf__add_int(btf, "int", 4, BTF_INT_SIGNED) : -1;
	if (id < 0 || btf__add_int(btf, "long long", 8, BTF_INT_SIGNED) < 0 ||
	    btf__load_into_kernel(btf)) {
		btf__free(btf);
		return -1;
	}
	opts.btf_fd = btf__fd(btf);
	opts.btf_key_type_id = id;
	opts.btf_value_type_id = id + 1;
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "kv", 4, 8, 1, &opts);
	btf__free(btf);
	return fd;
}

static int steady(void)
{
	struct sigaction sa = { .sa_handler = on_usr2, .sa_flags = SA_RESTART };
	unsigned long i;
	int fd0 = -1;

	sigaction(SIGUSR2, &sa, NULL);
	for (i = 0; !stop; i++) {
		long long value = -1, want = (long long)i * 0x10001;
		int key = 0, fd = new_map();

		if (fd < 0) {
			perror("kill_victim: map");
			return 77;
		}
		/* a fresh array element reads 0; then what was written */
		if (bpf_map_lookup_elem(fd, &key, &value) || value ||
		    bpf_map_update_elem(fd, &key, &want, BPF_ANY) ||
		    bpf_map_lookup_elem(fd, &key, &value) || value != want) {
			fprintf(stderr, "kill_victim: iteration %lu: value "
				"%lld, want %lld: %s\n", i, value, want,
				strerror(errno));
			return 3;
		}
		/* every iteration gets the same fds: none leaked */
		if (!i)
			fd0 = fd;
		if (close(fd) || fd != fd0) {
			fprintf(stderr, "kill_victim: iteration %lu: map fd %d,"
				" was %d\n", i, fd, fd0);
			return 3;
		}
	}
	printf("iters=%lu\n", i);
	return 0;
}

static int work(void)
{
	for (;;) {
		struct btf *btf = btf__new_empty();
		LIBBPF_OPTS(bpf_map_create_opts, opts);
		int key = 0, fd, id;
		long long value;

		id = btf ? btf__add_int(btf, "int", 4, BTF_INT_SIGNED) : -1;
		if (id < 0 || btf__add_int(btf, "long long", 8,
					   BTF_INT_SIGNED) < 0 ||
		    btf__load_into_kernel(btf)) {
			perror("kill_victim: BTF");
			return 77;
		}
		opts.btf_fd = btf__fd(btf);
		opts.btf_key_type_id = id;
		opts.btf_value_type_id = id + 1;
		fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "kv", 4, 8, 1, &opts);
		btf__free(btf);
		if (fd < 0) {
			perror("kill_victim: map");
			return 77;
		}
		bpf_map_lookup_elem(fd, &key, &value);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "work"))
		return work();
	if (argc == 2 && !strcmp(argv[1], "steady"))
		return steady();
	if (argc != 3 || strcmp(argv[1], "spawn"))
		return 2;
	for (int i = 0, n = atoi(argv[2]); i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (!pid) {
			execl("/proc/self/exe", argv[0], "work", (char *)NULL);
			_exit(1);
		}
		dprintf(3, "%d\n", pid);
		if (waitpid(pid, &status, 0) != pid)
			return 1;
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
			fprintf(stderr, "kill_victim: child %d: status %#x\n",
				pid, status);
			return 1;
		}
	}
	return 0;
}
