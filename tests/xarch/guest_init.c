// SPDX-License-Identifier: MIT
/*
 * /init of the cross-arch test guests: mounts the pseudo filesystems, runs
 * every test listed in /xarch/tests.list in order, prints one line per test
 * and a summary line the host greps, then powers the machine off.
 *
 * tests.list has one test a line: "TIMEOUT_S NAME CWD PATH [ARG...]" (see
 * tests/xarch/guest/CMakeLists.txt, which writes it). A test
 * passes with exit 0, is skipped with 77, fails otherwise (or on a signal,
 * or when it runs past its timeout and is killed with its process group).
 *
 * The whole run has a budget, xarch.budget=SECONDS on the kernel command
 * line (the host kills qemu a little after it): a test never runs past it,
 * and tests left when it is spent fail as "not run", so the summary line
 * always comes out.
 *
 * Summary (machine-readable, the last line the host looks for):
 *   xarch: N passed, M failed, K skipped
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define INIT_LIST "/xarch/tests.list"
#define INIT_MAX_ARGS 32
#define INIT_SKIP 77

enum init_result { INIT_PASS, INIT_FAIL, INIT_SKIPPED };

/* When the run's budget is spent (init_now() clock); 0: no budget. */
static double init_deadline;

static double init_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void init_mount(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) < 0 && errno != EBUSY)
		printf("xarch: init: mount %s: %s\n", dir, strerror(errno));
}

/*
 * The initramfs carries no device nodes (packing one needs mknod), so the
 * kernel may have started us without stdio: take the console from devtmpfs.
 */
static void init_console(void)
{
	int fd = open("/dev/console", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/* xarch.budget=SECONDS from the kernel command line, or 0. */
static double init_read_budget(void)
{
	char cmdline[4096], *p;
	FILE *f = fopen("/proc/cmdline", "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(cmdline, 1, sizeof(cmdline) - 1, f);
	fclose(f);
	cmdline[n] = '\0';
	p = strstr(cmdline, "xarch.budget=");
	return p ? atof(p + strlen("xarch.budget=")) : 0;
}

/* Wait for pid at most timeout seconds; kill its group past that. */
static enum init_result init_wait(pid_t pid, int timeout, const char *name)
{
	double deadline = init_now() + timeout;
	struct timespec tick = {.tv_nsec = 10 * 1000 * 1000};
	int status;
	pid_t got;

	for (;;) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			break;
		if (got < 0) {
			printf("xarch: init: waitpid %s: %s\n", name,
			       strerror(errno));
			return INIT_FAIL;
		}
		if (init_now() > deadline) {
			printf("xarch: init: %s timed out after %d s\n", name,
			       timeout);
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			return INIT_FAIL;
		}
		nanosleep(&tick, NULL);
	}
	/* Reap whatever the test left behind in its group. */
	kill(-pid, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (WIFSIGNALED(status)) {
		printf("xarch: init: %s killed by signal %d\n", name,
		       WTERMSIG(status));
		return INIT_FAIL;
	}
	if (WEXITSTATUS(status) == INIT_SKIP)
		return INIT_SKIPPED;
	if (WEXITSTATUS(status) != 0) {
		printf("xarch: init: %s exited with %d\n", name,
		       WEXITSTATUS(status));
		return INIT_FAIL;
	}
	return INIT_PASS;
}

static enum init_result init_run(char *line)
{
	static const char *const verdict[] = {"PASS", "FAIL", "SKIP"};
	char *argv[INIT_MAX_ARGS + 1], *name, *cwd, *word, *save;
	enum init_result result;
	int timeout, argc = 0;
	double start;
	pid_t pid;

	word = strtok_r(line, " \t\n", &save);
	name = strtok_r(NULL, " \t\n", &save);
	cwd = strtok_r(NULL, " \t\n", &save);
	if (!word || !name || !cwd) {
		printf("xarch: init: bad line in %s\n", INIT_LIST);
		return INIT_FAIL;
	}
	timeout = atoi(word);
	if (init_deadline) {
		double left = init_deadline - init_now();

		if (left < 1) {
			printf("xarch: FAIL %s (not run: budget spent)\n",
			       name);
			return INIT_FAIL;
		}
		if (timeout > left)
			timeout = (int)left;
	}
	while (argc < INIT_MAX_ARGS && (word = strtok_r(NULL, " \t\n", &save)))
		argv[argc++] = word;
	argv[argc] = NULL;
	if (argc == 0) {
		printf("xarch: init: %s has no command\n", name);
		return INIT_FAIL;
	}

	printf("xarch: RUN %s\n", name);
	fflush(stdout);
	start = init_now();
	pid = fork();
	if (pid < 0)
		return INIT_FAIL;
	if (pid == 0) {
		setpgid(0, 0);
		if (chdir(cwd) < 0)
			printf("xarch: init: chdir %s: %s\n", cwd,
			       strerror(errno));
		execv(argv[0], argv);
		printf("xarch: init: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	result = init_wait(pid, timeout, name);
	printf("xarch: %s %s (%.1f s)\n", verdict[result], name,
	       init_now() - start);
	fflush(stdout);
	return result;
}

int main(void)
{
	int counts[3] = {0};
	struct utsname uts;
	char line[1024];
	double budget;
	FILE *list;

	init_mount("devtmpfs", "/dev", "devtmpfs");
	init_console();
	init_mount("proc", "/proc", "proc");
	init_mount("sysfs", "/sys", "sysfs");
	/*
	 * The initramfs root is already a writable tmpfs; a tmpfs on /tmp
	 * would hide test programs mirrored at host paths under /tmp.
	 */
	mkdir("/tmp", 01777);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (uname(&uts) == 0)
		printf("xarch: guest %s %s\n", uts.machine, uts.release);
	budget = init_read_budget();
	if (budget > 0)
		init_deadline = init_now() + budget;

	list = fopen(INIT_LIST, "r");
	if (!list) {
		printf("xarch: init: %s: %s\n", INIT_LIST, strerror(errno));
		counts[INIT_FAIL]++;
	} else {
		while (fgets(line, sizeof(line), list))
			if (line[0] != '#' && line[0] != '\n')
				counts[init_run(line)]++;
		fclose(list);
	}
	printf("xarch: %d passed, %d failed, %d skipped\n", counts[INIT_PASS],
	       counts[INIT_FAIL], counts[INIT_SKIPPED]);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	/* Not reached; exiting pid 1 panics, which also stops qemu. */
	return 1;
}
