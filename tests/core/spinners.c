// SPDX-License-Identifier: MIT
/* For -p tests: N threads (default 3) doing bpf lookups without pause. */
#include <pthread.h>

#include "testlib.h"

static int map_fd;

static void *spin(void *arg)
{
	unsigned int value;

	for (;;)
		test_lookup(map_fd, (unsigned int)(unsigned long)arg % 4, &value);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;

	map_fd = test_array_map(4);
	for (int i = 1; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, spin, (void *)(unsigned long)i)) {
			perror("pthread_create");
			return 1;
		}
	}
	spin(NULL);
	return 0;
}
