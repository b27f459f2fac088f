// SPDX-License-Identifier: MIT
/*
 * main() for builds without libFuzzer (gcc, or no libclang-rt): runs the
 * target once on every file named, or in a directory named, as libFuzzer
 * does for a corpus with -runs=0.  The seed corpora and every regression
 * input are replayed so in every build and every CI run.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	/* what libFuzzer does: the input in a buffer of exactly its size */
	uint8_t *exact = malloc(len ? len : 1);

	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int replay(const char *path, unsigned int *count)
{
	struct stat st;
	struct dirent **names;
	int n, err = 0;

	if (stat(path, &st)) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char sub[4096];

		if (names[i]->d_name[0] != '.' && !err) {
			snprintf(sub, sizeof(sub), "%s/%s", path,
				 names[i]->d_name);
			err = replay(sub, count);
		}
		free(names[i]);
	}
	free(names);
	return err;
}

int main(int argc, char **argv)
{
	unsigned int count = 0;

	for (int i = 1; i < argc; i++)
		if (replay(argv[i], &count))
			return 1;
	printf("%s: %u inputs replayed, no finding\n", argv[0], count);
	return count ? 0 : 1;
}
