// SPDX-License-Identifier: MIT
/*
 * A non-leader thread execs while the main thread is inside bpf().
 *
 * The main thread runs an XDP program through BPF_PROG_TEST_RUN with a
 * repeat count that would take minutes; the kernel ends that loop when a
 * signal is pending (bpf_test_timer_continue), and the execve of the
 * other thread kills every other thread (de_thread), so the call never
 * returns: under strace it is "<unfinished ...>", superseded by execve.
 * The exec'd image ("exec_thread done") makes one lookup and exits 0.
 */
#include <linux/bpf.h>
#include <pthread.h>
#include <stdint.h>

#include "testlib.h"

static char *self;

static int xdp_pass_prog(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0,
		  .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = 2;
	attr.license = (uintptr_t)"GPL";
	fd = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		fprintf(stderr, "skip: BPF_PROG_LOAD: %s\n", strerror(errno));
		exit(SKIP_EXIT);
	}
	return fd;
}

static void *execer(void *arg)
{
	char *argv[] = { self, "done", NULL };

	/* long enough for the main thread to be well inside its call */
	usleep(300 * 1000);
	execv(self, argv);
	perror("execv");
	_exit(1);
}

int main(int argc, char **argv)
{
	unsigned char packet[64] = { 0 };
	union bpf_attr attr;
	unsigned int value;
	pthread_t thread;
	int prog_fd;

	if (argc > 1) {
		test_lookup(test_array_map(1), 0, &value);
		return 0;
	}
	self = argv[0];
	prog_fd = xdp_pass_prog();
	if (pthread_create(&thread, NULL, execer, NULL))
		return 1;
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.data_in = (uintptr_t)packet;
	attr.test.data_size_in = sizeof(packet);
	attr.test.repeat = 1U << 31;
	sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	/* only reached if the call ended before the exec */
	fprintf(stderr, "BPF_PROG_TEST_RUN returned before the exec\n");
	return 1;
}
