// SPDX-License-Identifier: MIT
/*
 * maps_user MODE [ARG]: the traced side of the tests/maps end-to-end tests.
 * Prints on stdout the lines injtrace must print (expect.py); lines
 * starting "re:" are regular expressions (for what the test cannot know,
 * e.g. the wording of a failure note).
 *   scm SOCK | inherit FD | pin PATH | byid ID
 *           the map "held" of maps_holder, obtained without a MAP_CREATE
 *   attach READY  create a map, touch READY, look it up until SIGTERM
 *   reuse         one fd number, two maps of different BTF, no bpf() call
 *                 between (dup2), then close + reopen by id
 *   seccomp       own seccomp filter: BPF_OBJ_GET_INFO_BY_FD -> EPERM
 *   nocap         dropped CAP_SYS_ADMIN: BTF_GET_FD_BY_ID refused to it
 *   off           for --btf=off: bytes only
 *   prefetch      lookups from one key buffer (read with the next attr):
 *                 the key changed between calls, its page replaced, gone;
 *                 updates from fresh buffers (key and value read as one),
 *                 the value's page gone
 */
#include "maplib.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>

static int recv_fd(int sock)
{
	char data;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		die("recvmsg");
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		die("no SCM_RIGHTS");
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* What a client of someone else's map does: read, write, walk, delete */
static void use_held(int fd)
{
	struct rec out, r4 = mkrec(4444, "new", 4, RUNNING, 4, -4, 4);
	struct rec want = held_rec(2);
	__u32 k2 = 2, k4 = 4, next;
	int rc;

	memset(&out, 0, sizeof(out));
	rc = bpf_map_lookup_elem(fd, &k2, &out);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:held>, key=[2], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&out),
	       ret_text(rc));
	if (memcmp(&out, &want, sizeof(out)))
		die("held[2] differs");
	rc = bpf_map_update_elem(fd, &k4, &r4, BPF_ANY);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:held>, key=[4], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&r4),
	       ret_text(rc));
	rc = bpf_map_get_next_key(fd, NULL, &next);
	EXPECT("bpf(BPF_MAP_GET_NEXT_KEY, {map_fd=%d<map:held>, key=NULL, "
	       "next_key=[%u]}, 24) %s\n", fd, next, ret_text(rc));
	rc = bpf_map_delete_elem(fd, &k4);
	EXPECT("bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d<map:held>, key=[4]}, 32) "
	       "%s\n", fd, ret_text(rc));
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int attach(const char *ready)
{
	struct rec r = mkrec(777, "daemon", 7, SLEEPING, 7, -7, 7), out;
	__u32 k = 7;
	int fd = rec_map(BPF_MAP_TYPE_HASH, "attached", 4, 0);
	struct timespec nap = { 0, 5 * 1000 * 1000 };
	int n = 0;

	signal(SIGTERM, on_term);
	if (bpf_map_update_elem(fd, &k, &r, BPF_ANY))
		die("update");
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:attached>, key=[7], "
	       "value=%s, flags=BPF_ANY}, 32) = 0\n", fd, rec_text(&r));
	fflush(stdout);
	close(open(ready, O_CREAT | O_WRONLY, 0600));
	/* 60 s at most: a lost SIGTERM must not hang the test suite */
	while (!stop && n++ < 12000) {
		memset(&out, 0, sizeof(out));
		if (bpf_map_lookup_elem(fd, &k, &out) ||
		    memcmp(&out, &r, sizeof(r)))
			die("lookup %d while traced", n);
		nanosleep(&nap, NULL);
	}
	return stop ? 0 : 1;
}

static int reuse(void)
{
	struct rec r = mkrec(1, "first", 1, IDLE, 1, 1, 1), out;
	struct alt a = { .lo = 11, .hi = 22, .tag = { 1, 2, 3, 4 } }, aout;
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), k = 7, first_id;
	int btf = alt_btf();
	int first = rec_map(BPF_MAP_TYPE_HASH, "first", 4, 0);
	int second = typed_map(BPF_MAP_TYPE_HASH, "second", 4, sizeof(a), 4,
			       btf, ALT_KEY_ID, ALT_VALUE_ID, 0);
	int fd = first, reopened, keep, rc;

	close(btf);
	if (bpf_map_update_elem(first, &k, &r, BPF_ANY) ||
	    bpf_map_update_elem(second, &k, &a, BPF_ANY))
		die("fill");
	if (bpf_obj_get_info_by_fd(first, &info, &len))
		die("info");
	first_id = info.id;
	rc = bpf_map_lookup_elem(fd, &k, &out);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:first>, key=[7], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&out),
	       ret_text(rc));
	/* same fd number, another map, same sizes: only the id differs */
	keep = dup(first);	/* first must outlive its fd number */
	if (keep < 0 || dup2(second, fd) != fd)
		die("dup2");
	close(second);
	rc = bpf_map_lookup_elem(fd, &k, &aout);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:second>, "
	       "key={hi=7, lo=0}, value={lo=11, hi=22, tag=[1, 2, 3, 4]}, "
	       "flags=BPF_ANY}, 32) %s\n", fd, ret_text(rc));
	rc = bpf_map_update_elem(fd, &k, &a, BPF_EXIST);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:second>, "
	       "key={hi=7, lo=0}, value={lo=11, hi=22, tag=[1, 2, 3, 4]}, "
	       "flags=BPF_EXIST}, 32) %s\n", fd, ret_text(rc));
	/* and back: the number reused by the first map, opened by id */
	reopened = bpf_map_get_fd_by_id(first_id);
	if (reopened < 0 || dup2(reopened, fd) != fd)
		die("reopen first");
	close(reopened);
	memset(&out, 0, sizeof(out));
	rc = bpf_map_lookup_elem(fd, &k, &out);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:first>, key=[7], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&out),
	       ret_text(rc));
	close(keep);
	return 0;
}

/* BPF_OBJ_GET_INFO_BY_FD (15) -> EPERM; everything else allowed */
static int install_seccomp(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bpf, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, BPF_OBJ_GET_INFO_BY_FD, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]),
				   .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die("no_new_privs");
	return syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static int seccomp_mode(void)
{
	struct rec r = mkrec(5, "denied", 5, RUNNING, 5, -5, 5), out;
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), k = 5;
	int fd = rec_map(BPF_MAP_TYPE_HASH, "sec", 4, 0);
	int rc;

	if (install_seccomp())
		die("seccomp");
	/* proves the filter: the tracee itself is refused map info */
	if (bpf_obj_get_info_by_fd(fd, &info, &len) != -EPERM)
		die("filter does not deny OBJ_GET_INFO_BY_FD");
	/*
	 * Injection is refused by the filter: the tracer gets the map itself
	 * (pidfd_getfd, then its BTF by id), so the calls print typed, and
	 * the tracee's own refused call is printed too.
	 */
	EXPECT("re:bpf\\(BPF_OBJ_GET_INFO_BY_FD, \\{info=\\{bpf_fd=%d<map:sec>, "
	       ".* = -1 EPERM \\(Operation not permitted\\)\n", fd);
	rc = bpf_map_update_elem(fd, &k, &r, BPF_ANY);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:sec>, key=[5], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&r),
	       ret_text(rc));
	memset(&out, 0, sizeof(out));
	rc = bpf_map_lookup_elem(fd, &k, &out);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:sec>, key=[5], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&out),
	       ret_text(rc));
	/* still running, its own calls intact */
	if (rc || memcmp(&out, &r, sizeof(r)))
		die("lookup under seccomp");
	return 0;
}

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(__NR_capget, &h, d))
		return -1;
	d[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
	d[CAP_SYS_ADMIN / 32].permitted &= ~(1U << (CAP_SYS_ADMIN % 32));
	d[CAP_SYS_ADMIN / 32].inheritable &= ~(1U << (CAP_SYS_ADMIN % 32));
	return syscall(__NR_capset, &h, d);
}

static int nocap(void)
{
	struct rec r = mkrec(6, "nocap", 6, SLEEPING, 6, -6, 6), out;
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), k = 6;
	int fd = rec_map(BPF_MAP_TYPE_HASH, "nocap", 4, 0);
	int btf, rc;

	if (drop_sys_admin())
		die("capset");
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		die("map info");
	btf = bpf_btf_get_fd_by_id(info.btf_id);
	if (btf >= 0) {
		fprintf(stderr, "BTF_GET_FD_BY_ID allowed without "
			"CAP_SYS_ADMIN: nothing to test\n");
		return SKIP;
	}
	rc = bpf_map_update_elem(fd, &k, &r, BPF_ANY);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:nocap>, key=[6], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&r),
	       ret_text(rc));
	memset(&out, 0, sizeof(out));
	rc = bpf_map_lookup_elem(fd, &k, &out);
	EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:nocap>, key=[6], "
	       "value=%s, flags=BPF_ANY}, 32) %s\n", fd, rec_text(&out),
	       ret_text(rc));
	return 0;
}

static int off(void)
{
	struct rec r = mkrec(8, "off", 8, IDLE, 8, -8, 8);
	__u32 k = 8;
	int fd = rec_map(BPF_MAP_TYPE_HASH, "offmap", 4, 0);
	int rc;

	/* the name annotation is not part of what "off" turns off */
	rc = bpf_map_update_elem(fd, &k, &r, BPF_ANY);
	EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:offmap>, "
	       "key=\"\\x08\\x00\\x00\\x00\", value=%s, flags=BPF_ANY}, 32) "
	       "%s /* btf: off */\n", fd, hex_text(&r, sizeof(r), 32),
	       ret_text(rc));
	rc = bpf_map_delete_elem(fd, &k);
	EXPECT("bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d<map:offmap>, "
	       "key=\"\\x08\\x00\\x00\\x00\"}, 32) %s /* btf: off */\n", fd,
	       ret_text(rc));
	return 0;
}

/*
 * injtrace reads the key a call read at entry again with the next call's
 * attr: every line must still show the key as it is at its own call.
 */
static int prefetch(void)
{
	struct rec r = mkrec(5, "pf", 5, IDLE, 5, 5, 5), out;
	int fd = rec_map(BPF_MAP_TYPE_HASH, "pf", 8, 0);
	__u32 *key = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int rc;

	if (key == MAP_FAILED)
		die("mmap");
	for (__u32 i = 1; i <= 3; i++) {
		*key = i;
		rc = bpf_map_update_elem(fd, key, &r, BPF_ANY);
		EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:pf>, "
		       "key=[%u], value=%s, flags=BPF_ANY}, 32) %s\n", fd, i,
		       rec_text(&r), ret_text(rc));
	}
	for (__u32 i = 4; i >= 1; i--) {
		*key = i;
		memset(&out, 0, sizeof(out));
		rc = bpf_map_lookup_elem(fd, key, &out);
		if (rc)
			EXPECT("re:%s%d<map:pf>, key=\\[%u\\], "
			       "value=0x[0-9a-f]+, flags=BPF_ANY\\}, "
			       "32\\) %s\n",
			       re_quote("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd="),
			       fd, i, re_quote(ret_text(rc)));
		else
			EXPECT("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:pf>, "
			       "key=[%u], value=%s, flags=BPF_ANY}, 32) %s\n",
			       fd, i, rec_text(&out), ret_text(rc));
	}
	/*
	 * Key and value in fresh buffers at every update, as cilium/ebpf
	 * marshals them: read together at entry, each shown as it is now.
	 */
	for (__u32 i = 11; i <= 13; i++) {
		char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		__u32 *k = (__u32 *)(page + 8 * i);
		struct rec *v = (struct rec *)(page + 4096 + 8 * i);

		if (page == MAP_FAILED)
			die("mmap");
		*k = i;
		*v = mkrec(i, "fresh", i, IDLE, i, i, i);
		rc = bpf_map_update_elem(fd, k, v, BPF_ANY);
		EXPECT("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d<map:pf>, "
		       "key=[%u], value=%s, flags=BPF_ANY}, 32) %s\n", fd, i,
		       rec_text(v), ret_text(rc));
		/* the value's page gone: the key typed, the value unread */
		munmap(page + 4096, 4096);
		rc = bpf_map_update_elem(fd, k, v, BPF_ANY);
		EXPECT("re:%s%d<map:pf>, key=\\[%u\\], value=0x[0-9a-f]+, "
		       "flags=BPF_ANY\\}, 32\\) %s\n",
		       re_quote("bpf(BPF_MAP_UPDATE_ELEM, {map_fd="), fd, i,
		       re_quote(ret_text(rc)));
		munmap(page, 4096);
	}
	/* another page at the same address: zeroes, read at this call */
	if (mmap(key, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != key)
		die("mmap again");
	rc = bpf_map_lookup_elem(fd, key, &out);
	EXPECT("re:%s%d<map:pf>, key=\\[0\\], value=0x[0-9a-f]+, "
	       "flags=BPF_ANY\\}, 32\\) %s\n",
	       re_quote("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd="), fd,
	       re_quote(ret_text(rc)));
	/* no page at all: the key prints as its address */
	munmap(key, 4096);
	rc = bpf_map_lookup_elem(fd, key, &out);
	EXPECT("re:%s%d<map:pf>, key=0x[0-9a-f]+, value=0x[0-9a-f]+, "
	       "flags=BPF_ANY\\}, 32\\) %s\n",
	       re_quote("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd="), fd,
	       re_quote(ret_text(rc)));
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : "";
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "scm")) {
		fd = recv_fd(atoi(arg));
	} else if (!strcmp(mode, "inherit")) {
		fd = atoi(arg);
	} else if (!strcmp(mode, "pin")) {
		fd = bpf_obj_get(arg);
		if (fd < 0)
			die("bpf_obj_get %s", arg);
	} else if (!strcmp(mode, "byid")) {
		fd = bpf_map_get_fd_by_id(strtoul(arg, NULL, 10));
		if (fd < 0)
			die("bpf_map_get_fd_by_id %s", arg);
	} else if (!strcmp(mode, "attach")) {
		return attach(arg);
	} else if (!strcmp(mode, "reuse")) {
		return reuse();
	} else if (!strcmp(mode, "seccomp")) {
		return seccomp_mode();
	} else if (!strcmp(mode, "nocap")) {
		return nocap();
	} else if (!strcmp(mode, "off")) {
		return off();
	} else if (!strcmp(mode, "prefetch")) {
		return prefetch();
	} else {
		fprintf(stderr, "maps_user: unknown mode '%s'\n", mode);
		return 2;
	}
	use_held(fd);
	return 0;
}
