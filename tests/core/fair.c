// SPDX-License-Identifier: MIT
/*
 * fair THREADS CALLS: THREADS threads look up a map CALLS times each, all
 * at once.  Natively, and under a tracer that hands every stopped thread
 * its turn, they progress together; a tracer that serves the thread it
 * resumed last first (waitpid(-1) finds the same child again, back at its
 * next stop on the tracer's CPU) lets one thread run while the others wait
 * at their stops.  When the first thread is done, the slowest other one
 * must have made at least 1/32 of its calls: the unfair tracer let them
 * make 0 or 1 of 2000; a fair one on a loaded machine (load average 9 on
 * 2 CPUs), strace alike, let the slowest make 190 at worst, and over 1500
 * on a quiet one, where the CPUs, not the tracer, decide.  Prints each
 * thread's progress at that moment; exit 1 if the slowest is behind, 77
 * without bpf().
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "testlib.h"

#define MAX_THREADS 16

static int map_fd;
static unsigned long calls;
static unsigned int nthreads;
static atomic_ulong done[MAX_THREADS];
static pthread_barrier_t start;
static atomic_bool first_done;
static unsigned long seen[MAX_THREADS];	/* when the first was done */

static void *caller(void *arg)
{
	unsigned int self = (unsigned int)(uintptr_t)arg, value;

	pthread_barrier_wait(&start);
	for (unsigned long i = 0; i < calls; i++) {
		if (test_lookup(map_fd, 0, &value)) {
			perror("bpf(BPF_MAP_LOOKUP_ELEM)");
			exit(1);
		}
		atomic_store(&done[self], i + 1);
	}
	if (!atomic_exchange(&first_done, true))
		for (unsigned int t = 0; t < nthreads; t++)
			seen[t] = atomic_load(&done[t]);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t threads[MAX_THREADS];
	unsigned long slowest;

	if (argc != 3 || (nthreads = atoi(argv[1])) < 2 ||
	    nthreads > MAX_THREADS || !(calls = strtoul(argv[2], NULL, 0))) {
		fprintf(stderr, "usage: fair THREADS(2-16) CALLS\n");
		return 2;
	}
	map_fd = test_array_map(1);
	pthread_barrier_init(&start, NULL, nthreads);
	for (unsigned int t = 0; t < nthreads; t++)
		pthread_create(&threads[t], NULL, caller, (void *)(uintptr_t)t);
	for (unsigned int t = 0; t < nthreads; t++)
		pthread_join(threads[t], NULL);
	slowest = calls;
	printf("fair: when the first thread was done:");
	for (unsigned int t = 0; t < nthreads; t++) {
		printf(" %lu", seen[t]);
		if (seen[t] < slowest)
			slowest = seen[t];
	}
	printf(" of %lu calls\n", calls);
	return slowest * 32 >= calls ? 0 : 1;
}
