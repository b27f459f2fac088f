// SPDX-License-Identifier: MIT
/*
 * A tracee that gives the tracer a hard time; each mode must end exactly as
 * it does untraced (exit status), with injtrace neither crashing nor
 * hanging:
 *   badptr   attrs, keys, values at unmapped addresses, a huge attr size,
 *            a batch count of 2^31 over small buffers, an fd that is no map
 *   churn    a thread closes and re-creates map fds (different BTF-less
 *            layouts, same numbers) while the main thread looks them up
 *            ("churn N": N lookups, default 3000)
 *   die      a thread SIGKILLs the process while the main thread touches
 *            hundreds of maps never seen (each a fetch inside the tracee)
 */
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include "testlib.h"

static int map_of(unsigned int value_size)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = value_size;
	a.max_entries = 4;
	return sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
}

static int badptr(void)
{
	char *hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	int fd = test_array_map(4);
	unsigned int key = 1, value[64];
	union bpf_attr a;

	/* attr unreadable, attr size of 1 GiB, attr NULL */
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, (void *)hole, 32) != -1 ||
	    sys_bpf(BPF_MAP_LOOKUP_ELEM, (void *)&a, 1U << 30) != -1 ||
	    sys_bpf(BPF_MAP_LOOKUP_ELEM, NULL, 32) != -1)
		return 2;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (unsigned long)hole;		/* key unreadable */
	a.value = (unsigned long)value;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a)) != -1)
		return 3;
	a.key = (unsigned long)&key;
	a.value = (unsigned long)hole + 4000;	/* value unwritable */
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a)) != -1)
		return 4;
	a.map_fd = 1;				/* not a map */
	a.value = (unsigned long)value;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a)) != -1)
		return 5;
	memset(&a, 0, sizeof(a));
	a.batch.map_fd = fd;
	a.batch.keys = (unsigned long)value;
	a.batch.values = (unsigned long)value;
	a.batch.count = 1U << 31;		/* far more than the buffers */
	sys_bpf(BPF_MAP_UPDATE_BATCH, &a, sizeof(a));
	a.batch.count = 2;
	a.batch.keys = (unsigned long)hole;
	sys_bpf(BPF_MAP_LOOKUP_BATCH, &a, sizeof(a));
	return 0;
}

static volatile int stop;

static void *churner(void *arg)
{
	int fd = *(int *)arg;

	while (!stop) {
		int n = map_of(8 + (rand() % 4) * 8);

		/* the same fd number, now another map */
		if (n >= 0 && dup2(n, fd) >= 0)
			close(n);
	}
	return NULL;
}

static int churn(int lookups)
{
	int fd = test_array_map(4);
	unsigned int value[16];
	pthread_t t;

	if (pthread_create(&t, NULL, churner, &fd))
		return 2;
	for (int i = 0; i < lookups; i++)
		test_lookup(fd, 1, value);	/* any result: no crash */
	stop = 1;
	pthread_join(t, NULL);
	return 0;
}

static void *killer(void *arg)
{
	usleep(20000);
	kill(getpid(), SIGKILL);
	return NULL;
}

static int die(void)
{
	unsigned int value[16];
	pthread_t t;

	test_array_map(4);	/* skips when bpf() is not allowed */
	if (pthread_create(&t, NULL, killer, NULL))
		return 2;
	for (;;) {
		int fd = map_of(4);

		if (fd < 0)
			return 3;
		test_lookup(fd, 1, value);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "badptr"))
		return badptr();
	if (!strcmp(mode, "churn"))
		return churn(argc > 2 ? atoi(argv[2]) : 3000);
	if (!strcmp(mode, "die"))
		return die();
	fprintf(stderr, "usage: hostile badptr|churn [N]|die\n");
	return 64;
}
