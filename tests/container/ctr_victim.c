// SPDX-License-Identifier: MIT
/*
 * The statically linked program of the container tests (it runs in a
 * busybox rootfs with no libraries):
 *   ctr_victim own DIR TAG         makes a BTF-typed map itself
 *   ctr_victim SOCKET DIR TAG      receives one over SCM_RIGHTS
 *   ctr_victim serve SOCKET        (on the host) hands out such a map
 * then updates and looks up ROUNDS elements, writes "setup=N calls=C
 * sum=S" (bpf() calls made to get the map, then after it) to
 * DIR/TAG.res and exits with a status made from the sum.  Where bpf() is
 * denied every call still happens (and fails), so a trace has as many
 * lines as calls.  A TAG starting with "wait" waits for DIR/TAG.go before
 * the calls (the host attaches meanwhile) and for DIR/TAG.end after them
 * (the host compares maps and fds after the detach).
 */
#include <errno.h>
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "../common/ctr_btf.h"

#define ROUNDS 40

static int calls;

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	calls++;
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int make_map(void)
{
	union bpf_attr attr;
	int btf = ctr_btf_load(sys_bpf);

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(int);
	attr.value_size = sizeof(struct ctr_val);
	attr.max_entries = 4;
	attr.btf_fd = btf < 0 ? 0 : btf;
	attr.btf_key_type_id = btf < 0 ? 0 : CTR_BTF_KEY;
	attr.btf_value_type_id = btf < 0 ? 0 : CTR_BTF_VALUE;
	strcpy(attr.map_name, "ctr_map");
	int fd = sys_bpf(BPF_MAP_CREATE, &attr);

	if (btf >= 0)
		close(btf);
	return fd;
}

static int unix_socket(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	snprintf(sa->sun_path, sizeof(sa->sun_path), "%s", path);
	return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

static int serve(const char *path)
{
	struct sockaddr_un sa;
	int map = make_map(), s = unix_socket(path, &sa), c;
	char byte = 'm';
	char cbuf[CMSG_SPACE(sizeof(int))];

	if (map < 0 || s < 0 || bind(s, (void *)&sa, sizeof(sa)) ||
	    chmod(path, 0777) || listen(s, 8)) {
		perror("ctr_victim serve");
		return 1;
	}
	while ((c = accept(s, NULL, NULL)) >= 0) {
		struct iovec iov = { &byte, 1 };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = cbuf,
				      .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &map, sizeof(int));
		if (sendmsg(c, &msg, 0) != 1)
			perror("sendmsg");
		close(c);
	}
	return 0;
}

static int receive(const char *path)
{
	struct sockaddr_un sa;
	int s = unix_socket(path, &sa), fd = -1;
	char byte, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };

	if (s < 0 || connect(s, (void *)&sa, sizeof(sa)) ||
	    recvmsg(s, &msg, 0) != 1 || !CMSG_FIRSTHDR(&msg)) {
		perror("ctr_victim: receiving the map");
		exit(1);
	}
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(int));
	close(s);
	return fd;
}

static void wait_file(const char *dir, const char *tag, const char *what)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.%s", dir, tag, what);
	/* polled; past the test's own bound, fail rather than go on early */
	for (int i = 0; access(path, F_OK); i++) {
		if (i == 50000) {
			fprintf(stderr, "ctr_victim: no %s after 500 s\n", path);
			exit(3);
		}
		usleep(10000);
	}
}

static void put_file(const char *dir, const char *tag, const char *what,
		     const char *text)
{
	char path[512], tmp[520];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, tag, what);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) || rename(tmp, path)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	unsigned long sum = 0;
	union bpf_attr attr;
	char res[96];

	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(argv[2]);
	if (argc != 4)
		return 2;
	const char *dir = argv[2], *tag = argv[3];
	bool handshake = !strncmp(tag, "wait", 4);
	int fd = strcmp(argv[1], "own") ? receive(argv[1]) : make_map();

	int setup = calls;

	calls = 0;
	if (handshake) {
		put_file(dir, tag, "ready", "");
		wait_file(dir, tag, "go");
	}
	for (int i = 0; i < ROUNDS; i++) {
		struct ctr_val v = { i, i * 3 }, out = { 0, 0 };
		int key = i % 4;

		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (unsigned long)&key;
		attr.value = (unsigned long)&v;
		sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
		attr.value = (unsigned long)&out;
		if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) == 0)
			sum += out.count * 7UL + out.flags;
		else
			sum += errno;
		getppid();
	}
	snprintf(res, sizeof(res), "setup=%d calls=%d sum=%lu\n", setup, calls,
		 sum);
	put_file(dir, tag, "res", res);
	if (handshake)
		wait_file(dir, tag, "end");
	return (int)(sum % 199) + 1;	/* 40 when all went well */
}
