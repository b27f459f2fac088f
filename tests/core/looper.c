// SPDX-License-Identifier: MIT
/*
 * For -p tests: writes its pid, then loops doing bpf lookups, bumping a
 * counter in a file every 10 ms, until killed.
 */
#include <fcntl.h>
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
