// SPDX-License-Identifier: MIT
/*
 * Which /proc entry is a task's.  injtrace may run in a PID namespace whose
 * /proc is not its own (unshare --pid --fork without --mount-proc, a
 * container that shares the host's /proc): there, the pid injtrace knows
 * a task by names another process, or none, and reading its files would
 * show another process's fds.  A pidfd names the task itself; its fdinfo
 * shows its pid in the namespace of the /proc the fdinfo is read from
 * (kernel/pid.c, pidfd_show_fdinfo()).  When a task cannot be found that
 * way, its /proc files are not read at all, and the user is told once.
 */
#include "core/procns.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/log.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#define PIDFD_THREAD_FLAG O_EXCL	/* PIDFD_THREAD, Linux 6.9 */

enum { NS_UNKNOWN, NS_OURS, NS_OTHER, NS_NONE };
static int proc_ns;
/* NSpid of a /proc status line: our pid is field our_level (0-based) */
static int our_level;

#define CACHE_SIZE 256
static struct {
	pid_t pid, proc;
} cache[CACHE_SIZE];

static void say_once(pid_t pid, int err)
{
	static bool said;

	if (said)
		return;
	said = true;
	log_error("/proc is not of injtrace's PID namespace and task %d cannot "
		  "be found in it (%s): its fd kinds, map names and typed "
		  "values are not shown", pid, strerror(-err));
}

/* The pids of NSpid (from /proc's namespace down), their count or -errno. */
static int read_nspid(const char *path, pid_t *pids, int max)
{
	char line[256];
	int n = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		if (strncmp(line, "NSpid:", 6))
			continue;
		p += 6;
		while (n < max) {
			long v = strtol(p, &end, 10);

			if (end == p)
				break;
			pids[n++] = v;
			p = end;
		}
		break;
	}
	fclose(f);
	return n;
}

static void probe(void)
{
	pid_t pids[32];
	int n = read_nspid("/proc/self/status", pids, 32);

	/* /proc/self missing: injtrace is not in /proc's namespace at all */
	if (n < 0) {
		proc_ns = NS_NONE;
		return;
	}
	/* no NSpid (no CONFIG_PID_NS): one namespace */
	proc_ns = n <= 1 ? NS_OURS : NS_OTHER;
	our_level = n - 1;
}

static pid_t translate(pid_t pid)
{
	char path[64], line[64];
	pid_t nr = -ESRCH;
	int pidfd = syscall(SYS_pidfd_open, pid, 0);
	FILE *f;

	/* a thread that is not a group leader: PIDFD_THREAD */
	if (pidfd < 0 && errno == EINVAL)
		pidfd = syscall(SYS_pidfd_open, pid, PIDFD_THREAD_FLAG);
	if (pidfd < 0)
		return -errno;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "Pid: %d", &nr) == 1)
				break;
		fclose(f);
	} else {
		nr = -errno;
	}
	close(pidfd);
	/* 0: not in that namespace; -1: gone */
	return nr > 0 ? nr : nr < 0 && nr != -1 ? nr : -ESRCH;
}

pid_t procns_pid(pid_t pid)
{
	unsigned int slot = (unsigned int)pid % CACHE_SIZE;
	pid_t nr;

	if (proc_ns == NS_UNKNOWN)
		probe();
	if (proc_ns == NS_OURS)
		return pid;
	if (proc_ns == NS_NONE) {
		say_once(pid, -ENOENT);
		return -ENOENT;
	}
	if (cache[slot].pid == pid && cache[slot].proc > 0)
		return cache[slot].proc;
	nr = translate(pid);
	if (nr < 0) {
		say_once(pid, nr);
		return nr;
	}
	cache[slot].pid = pid;
	cache[slot].proc = nr;
	return nr;
}

void procns_forget(pid_t pid)
{
	unsigned int slot = (unsigned int)pid % CACHE_SIZE;

	if (cache[slot].pid == pid)
		cache[slot].pid = cache[slot].proc = 0;
}

int procns_path(char *buf, size_t size, pid_t pid, const char *file)
{
	pid_t nr = procns_pid(pid);

	if (nr < 0)
		return nr;
	if ((size_t)snprintf(buf, size, "/proc/%d/%s", nr, file) >= size)
		return -ENAMETOOLONG;
	return 0;
}

pid_t procns_ours(pid_t proc_pid)
{
	char path[64];
	pid_t pids[32];
	int n;

	if (proc_ns == NS_UNKNOWN)
		probe();
	if (proc_ns == NS_OURS)
		return proc_pid;
	snprintf(path, sizeof(path), "/proc/%d/status", proc_pid);
	n = read_nspid(path, pids, 32);
	if (n < 0)
		return n;
	return n > our_level ? pids[our_level] : -ESRCH;
}
