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
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
