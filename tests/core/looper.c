// SPDX-License-Identifier: MIT
/*
 * For -p tests: writes its pid, then loops doing bpf lookups, bumping a
 * counter in a file every 10 ms, until killed.  "looper FILE hint-taken"
 * first maps a page where injtrace would put its scratch area, so that
 * injtrace maps it wherever the kernel likes.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>

#include "testlib.h"

int main(int argc, char **argv)
{
	int fd = test_array_map(4);
	unsigned long beats = 0;
	unsigned int value;
	char tmp[4096];
	FILE *f;

	if (argc < 2)
		return 2;
	/* injtrace's INJ_SCRATCH_HINT */
	if (argc > 2 && !strcmp(argv[2], "hint-taken") &&
	    mmap((void *)0x2f00000000UL, 4096, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) ==
		    MAP_FAILED) {
		perror("mmap at the hint");
		return 1;
	}
	/* written aside and renamed: a reader never sees an empty file */
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	for (;;) {
		if (test_lookup(fd, 2, &value)) {
			perror("lookup");
			return 1;
		}
		f = fopen(tmp, "w");
		if (f) {
			fprintf(f, "%lu\n", ++beats);
			fclose(f);
			rename(tmp, argv[1]);
		}
		usleep(10000);
	}
}
