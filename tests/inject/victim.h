/* SPDX-License-Identifier: MIT */
/* The victim side of the spy/victim injection test. */
#ifndef INJTRACE_TESTS_VICTIM_H
#define INJTRACE_TESTS_VICTIM_H

#include <signal.h>

#define VICTIM_SIG (SIGRTMIN + 1)

struct victim_args {
	int go_fd;	/* one byte arrives once the spy has seized us */
	int data_fd;	/* the reader thread's byte sequence; EOF ends */
	int result_fd;	/* struct victim_result is written here */
	int seccomp;	/* install a SECCOMP_RET_TRACE filter for bpf() */
};

struct victim_result {
	long errors;
	long sig_count;
	long long sig_sum;
};

/* Runs in the forked child; returns its exit status. */
int victim_main(const struct victim_args *va);

#endif
