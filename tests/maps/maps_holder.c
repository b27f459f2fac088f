// SPDX-License-Identifier: MIT
/*
 * maps_holder MODE [PIN] -- CMD [ARGS...]: creates and fills the map
 * "held" (BTF-typed, keys 1..3 = held_rec()), untraced, then hands it to
 * CMD (normally "injtrace maps_user ..."), which never sees it created:
 *   scm      CMD runs as a child; the fd is sent over a socketpair whose
 *            end CMD gets as @SOCK@ (SCM_RIGHTS)
 *   inherit  the holder execs CMD itself, the fd inherited as @FD@
 *   byid     CMD runs as a child, gets @ID@ (the holder keeps the map alive)
 *   pin      the map is pinned at PIN (on a bpffs the test mounted), CMD
 *            runs as a child with @PIN@, the pin is removed after
 * Exits with CMD's status.
 */
#include "maplib.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>

static char sock_arg[16], fd_arg[16], id_arg[16];
static const char *pin_arg = "";

static void run(char **argv)
{
	for (int i = 0; argv[i]; i++) {
		if (!strcmp(argv[i], "@SOCK@"))
			argv[i] = sock_arg;
		else if (!strcmp(argv[i], "@FD@"))
			argv[i] = fd_arg;
		else if (!strcmp(argv[i], "@ID@"))
			argv[i] = id_arg;
		else if (!strcmp(argv[i], "@PIN@"))
			argv[i] = (char *)pin_arg;
	}
	execvp(argv[0], argv);
	die("exec %s", argv[0]);
}

static int wait_child(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) < 0)
		die("waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void send_fd(int sock, int fd)
{
	char data = 'm';
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1)
		die("sendmsg");
}

int main(int argc, char **argv)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	const char *mode;
	char **cmd;
	int fd, sv[2], rc;
	pid_t pid;

	if (argc < 4)
		return 2;
	mode = argv[1];
	cmd = argv + 3;
	if (strcmp(argv[2], "--")) {
		pin_arg = argv[2];
		cmd = argv + 4;
	}
	fd = rec_map(BPF_MAP_TYPE_HASH, "held", 16, 0);
	for (__u32 k = 1; k <= 3; k++) {
		struct rec r = held_rec(k);

		if (bpf_map_update_elem(fd, &k, &r, BPF_ANY))
			die("fill");
	}
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		die("map info");
	snprintf(id_arg, sizeof(id_arg), "%u", info.id);
	snprintf(fd_arg, sizeof(fd_arg), "%d", fd);

	if (!strcmp(mode, "inherit")) {
		/* map fds are O_CLOEXEC: make this one survive the exec */
		if (fcntl(fd, F_SETFD, 0))
			die("fcntl");
		run(cmd);
	}
	if (!strcmp(mode, "pin") && bpf_obj_pin(fd, pin_arg))
		die("pin %s", pin_arg);
	if (!strcmp(mode, "scm") && socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		if (!strcmp(mode, "scm")) {
			close(sv[0]);
			snprintf(sock_arg, sizeof(sock_arg), "%d", sv[1]);
		}
		run(cmd);	/* the map fd is O_CLOEXEC: not inherited */
	}
	if (!strcmp(mode, "scm")) {
		close(sv[1]);
		send_fd(sv[0], fd);
		close(sv[0]);
	}
	rc = wait_child(pid);
	if (!strcmp(mode, "pin"))
		unlink(pin_arg);
	return rc;
}
