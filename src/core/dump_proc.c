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

struct fd_list {
	int *fds;
	unsigned int n, cap;
};

/* Adds fd; 1 (stop) when the list is full or cannot grow. */
static int add_fd(int dir_fd, int fd, void *arg)
{
	struct fd_list *l = arg;

	(void)dir_fd;
	if (l->n == l->cap) {
		unsigned int cap = l->cap * 2 + 16;
		int *more = realloc(l->fds, cap * sizeof(int));

		if (!more)
			return 1;
		l->fds = more;
		l->cap = cap;
	}
	l->fds[l->n++] = fd;
	return l->n == MAX_MAP_FDS;
}

int dump_proc_map_fds(pid_t tid, int **fds, unsigned int *n)
{
	struct fd_list l = { 0 };
	int err = proc_each_fd(tid, "anon_inode:bpf-map", add_fd, &l);

	if (err < 0) {
		free(l.fds);
		l = (struct fd_list){ 0 };
	}
	*fds = l.fds;
	*n = l.n;
	if (l.n > 1) /* none: fds is NULL, which qsort() may not get (UB) */
		qsort(l.fds, l.n, sizeof(int), compare_ints);
	return err < 0 ? err : 0;
}
