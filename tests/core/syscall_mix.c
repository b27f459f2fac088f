// SPDX-License-Identifier: MIT
/*
 * N getppid() and N/1000 + 1 bpf lookups: under injtrace only the bpf calls
 * may stop the process (seccomp filter), so the stop count stays small.
 */
#include "testlib.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	int fd = test_array_map(4);
	unsigned int value;

	for (long i = 0; i < n; i++) {
		getppid();
		if (i % 1000 == 0 && test_lookup(fd, 1, &value)) {
			perror("lookup");
			return 1;
		}
	}
	return 0;
}
