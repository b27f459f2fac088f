// SPDX-License-Identifier: MIT
#include "core/dump_proc.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/proc.h"
#include "core/procns.h"

#define MAX_MAP_FDS 65536

static bool alive(pid_t tid)
{
	char state = proc_state(tid);

	return state && state != 'Z' && state != 'X';
}

pid_t dump_proc_thread(pid_t pid)
{
	char path[64];
	struct dirent *de;
	pid_t tid = -ESRCH;
	DIR *dir;

	if (alive(pid))
		return pid;
	if (procns_path(path, sizeof(path), pid, "task") ||
	    !(dir = opendir(path)))
		return -ESRCH;
	while (tid < 0 && (de = readdir(dir))) {
		/* /proc's numbers: of the PID namespace it was mounted in */
		pid_t t =
		    de->d_name[0] == '.' ? -1 : procns_ours(atoi(de->d_name));

		if (t > 0 && t != pid && alive(t))
			tid = t;
	}
	closedir(dir);
	return tid;
}

static int compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int dump_proc_map_fds(pid_t tid, int **fds, unsigned int *n)
{
	char path[64], link[32];
	struct dirent *de;
	unsigned int cap = 0;
	DIR *dir;

	*fds = NULL;
	*n = 0;
	int err = procns_path(path, sizeof(path), tid, "fd");

	if (err)
		return err;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir)) && *n < MAX_MAP_FDS) {
		ssize_t len =
		    readlinkat(dirfd(dir), de->d_name, link, sizeof(link) - 1);

		if (len <= 0)
			continue;
		link[len] = '\0';
		if (strcmp(link, "anon_inode:bpf-map"))
			continue;
		if (*n == cap) {
			int *more =
			    realloc(*fds, (cap = cap * 2 + 16) * sizeof(int));

			if (!more)
				break;
			*fds = more;
		}
		(*fds)[(*n)++] = atoi(de->d_name);
	}
	closedir(dir);
	if (*n > 1) /* none: *fds is NULL, which qsort() may not get (UB) */
		qsort(*fds, *n, sizeof(int), compare_ints);
	return 0;
}
