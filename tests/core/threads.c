// SPDX-License-Identifier: MIT
/* Many short-lived threads, each making one bpf() call. */
#include <pthread.h>

#include "testlib.h"

static int map_fd;

static void *worker(void *arg)
{
	unsigned int value;

	test_lookup(map_fd, (unsigned int)(unsigned long)arg % 4, &value);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2000;

	map_fd = test_array_map(4);
	for (int i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, worker, (void *)(unsigned long)i)) {
			perror("pthread_create");
			return 1;
		}
		pthread_join(t, NULL);
	}
	return 0;
}
