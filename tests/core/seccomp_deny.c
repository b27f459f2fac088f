// SPDX-License-Identifier: MIT
/*
 * A program under a seccomp filter of its own that fails bpf() with EPERM,
 * as the default profiles of podman and docker do:
 *   seccomp_deny seccomp|prctl N   lookups on a map, N allowed, then the
 *                                  filter (by seccomp(2) or prctl), then N
 *                                  denied; exit 0 when each got EPERM
 *   seccomp_deny exec CMD...       the filter, then exec CMD
 *   seccomp_deny try N             a map create and N lookups, all EPERM
 *   seccomp_deny hold FILE         a BTF-typed map, then the filter, then
 *                                  lookups (all EPERM) every 10 ms until
 *                                  killed; FILE is written once they run
 * A getppid() marks each phase so that a stop count can tell them apart.
 */
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/prctl.h>

#include "testlib.h"
#include "../common/ctr_btf.h"

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv)
#define ARCH AUDIT_ARCH_RISCV64
#endif

static void deny_bpf(bool by_prctl)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bpf, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		perror("PR_SET_NO_NEW_PRIVS");
		exit(2);
	}
	if (by_prctl ? prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) :
		       syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		perror("installing the filter");
		exit(2);
	}
}

static int lookups(int fd, int n, int want_errno)
{
	unsigned int value;
	int bad = 0;

	for (int i = 0; i < n; i++) {
		long r = test_lookup(fd, i % 4, &value);

		if (want_errno ? r != -1 || errno != want_errno : r != 0)
			bad++;
	}
	return bad;
}

static long bpf_call(int cmd, union bpf_attr *attr)
{
	return sys_bpf(cmd, attr, sizeof(*attr));
}

/* For -p: a typed map the process can no longer use by bpf() itself. */
static int hold(const char *ready)
{
	union bpf_attr attr;
	struct ctr_val v;
	int key = 1, btf = ctr_btf_load(bpf_call);
	FILE *f;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(int);
	attr.value_size = sizeof(v);
	attr.max_entries = 4;
	attr.btf_fd = btf;
	attr.btf_key_type_id = CTR_BTF_KEY;
	attr.btf_value_type_id = CTR_BTF_VALUE;
	int fd = sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));

	if (btf < 0 || fd < 0) {
		perror("seccomp_deny hold: a typed map");
		return btf < 0 && errno == EPERM ? SKIP_EXIT : 1;
	}
	deny_bpf(false);
	f = fopen(ready, "w");
	if (f)
		fclose(f);
	for (;;) {
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (unsigned long)&key;
		attr.value = (unsigned long)&v;
		if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr)) != -1 ||
		    errno != EPERM)
			return 1;
		usleep(10000);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "hold"))
		return hold(argv[2]);
	if (!strcmp(argv[1], "exec")) {
		deny_bpf(false);
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		return 127;
	}
	int n = atoi(argv[2]);

	if (!strcmp(argv[1], "try")) {
		union bpf_attr attr;

		memset(&attr, 0, sizeof(attr));
		attr.map_type = BPF_MAP_TYPE_ARRAY;
		attr.key_size = attr.value_size = 4;
		attr.max_entries = 4;
		if (sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr)) != -1 ||
		    errno != EPERM)
			return 1;
		return lookups(-1, n, EPERM) ? 1 : 0;
	}
	int fd = test_array_map(4);
	int bad = lookups(fd, n, 0);

	getppid();
	deny_bpf(!strcmp(argv[1], "prctl"));
	getppid();
	bad += lookups(fd, n, EPERM);
	if (bad)
		fprintf(stderr, "seccomp_deny: %d calls not as expected\n", bad);
	return bad ? 1 : 0;
}
