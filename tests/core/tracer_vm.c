// SPDX-License-Identifier: MIT
/*
 * Run under injtrace: makes bpf() calls the tracer injects into (a map it
 * never saw created, so its info is fetched inside this process), then
 * prints the tracer's (its parent's) VmPeak and VmSize lines from
 * /proc/PPID/status.  With a FILE argument, also copies /proc/PPID/maps
 * there (how an ASan build's tracer is measured: tests/core/check_memory.sh).
 */
#include "testlib.h"

static int copy_maps(const char *to)
{
	char path[64], buf[4096];
	FILE *in, *out;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)getppid());
	in = fopen(path, "re");
	if (!in) {
		perror(path);
		return 1;
	}
	out = fopen(to, "we");
	if (!out) {
		perror(to);
		fclose(in);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)))
		fwrite(buf, 1, n, out);
	fclose(in);
	return fclose(out) ? 1 : 0;
}

int main(int argc, char **argv)
{
	int fd = test_array_map(4);
	unsigned int value;
	char path[64], line[128];
	FILE *f;

	if (fd < 0) {
		perror("map create");
		return 1;
	}
	for (unsigned int i = 0; i < 4; i++) {
		if (test_lookup(fd, i, &value)) {
			perror("lookup");
			return 1;
		}
	}
	snprintf(path, sizeof(path), "/proc/%d/status", (int)getppid());
	f = fopen(path, "re");
	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmPeak:", 7) || !strncmp(line, "VmSize:", 7))
			fputs(line, stdout);
	fclose(f);
	return argc > 1 ? copy_maps(argv[1]) : 0;
}
