// SPDX-License-Identifier: MIT
/* Field printers shared by the bpf() decoders: see bpf_common.h. */
#include "decode/bpf_common.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <string.h>

#define PAGE_SIZE_GUESS 4096	/* only splits reads; any page size works */

size_t bpf_attr_get(const struct bpf_call *call, void *dst, size_t known)
{
	size_t len = call->size < known ? call->size : known;

	if (len > sizeof(call->attr))
		len = sizeof(call->attr);
	memcpy(dst, call->attr, len);
	memset((char *)dst + len, 0, known - len);
	return len;
}

void bpf_print_extra(const struct bpf_call *call, struct printer *p,
		     const void *data, size_t size, size_t known)
{
	const unsigned char *bytes = data;
	size_t i = known;
	uint64_t word;

	if (size <= known)
		return;
	/* every call ends here: 8 bytes at a time over the zeroed tail */
	for (; i + sizeof(word) <= size; i += sizeof(word)) {
		memcpy(&word, bytes + i, sizeof(word));
		if (word)
			break;
	}
	for (; i < size; i++) {
		if (!bytes[i])
			continue;
		if (call->env && call->env->verbose) {
			pr_field(p, "extra_data");
			pr_quoted(p, bytes + known, size - known,
				  QUOTE_FORCE_HEX);
			pr_comment(p, "bytes %zu..%zu", known, size - 1);
		} else {
			pr_more(p);
		}
		return;
	}
}

void bpf_attr_end(struct bpf_call *call, struct printer *p, size_t known)
{
	size_t size = call->size < sizeof(call->attr) ? call->size :
							sizeof(call->attr);

	bpf_print_extra(call, p, call->attr, size, known);
	pr_struct_end(p);
	call->done = true;
}

int bpf_attr_read_out(const struct bpf_call *call, size_t offset, void *buf,
		      size_t len)
{
	if (offset + len > call->size)
		return -EINVAL;
	return call->env->read_mem(call->env->opaque, call->addr + offset, buf,
				   len);
}

void bpf_print_u(struct printer *p, const char *name, uint64_t v)
{
	pr_field(p, name);
	pr_uint(p, v);
}

void bpf_print_d(struct printer *p, const char *name, int64_t v)
{
	pr_field(p, name);
	pr_int(p, v);
}

void bpf_print_x(struct printer *p, const char *name, uint64_t v)
{
	pr_field(p, name);
	pr_hex(p, v);
}

void bpf_print_addr(struct printer *p, const char *name, uint64_t addr)
{
	pr_field(p, name);
	pr_addr(p, addr);
}

void bpf_print_fd(const struct bpf_call *call, struct printer *p,
		  const char *name, int fd)
{
	pr_field(p, name);
	if (call->env && call->env->print_fd)
		call->env->print_fd(call->env->opaque, p, fd);
	else
		pr_int(p, fd);
}

void bpf_print_dirfd(const struct bpf_call *call, struct printer *p,
		     const char *name, int fd)
{
	if (fd != BPF_AT_FDCWD) {
		bpf_print_fd(call, p, name, fd);
		return;
	}
	pr_field(p, name);
	pr_token(p, "AT_FDCWD");
}

void bpf_print_xval(struct printer *p, const char *name,
		    const struct xlat *x, uint64_t v, const char *dflt)
{
	pr_field(p, name);
	pr_xval(p, x, v, dflt);
}

void bpf_print_flags(struct printer *p, const char *name,
		     const struct xlat *x, uint64_t v, const char *dflt)
{
	pr_field(p, name);
	pr_flags(p, x, v, dflt);
}

void bpf_print_xval_u_verbose(struct printer *p, const char *name,
			      const struct xlat *x, uint64_t v)
{
	const char *s = xlat_name(x, v);

	pr_field(p, name);
	pr_uint(p, v);
	if (s)
		pr_comment(p, "%s", s);
}

void bpf_print_ifindex(struct printer *p, const char *name, uint32_t ifindex)
{
	char buf[IF_NAMESIZE];

	pr_field(p, name);
	/* JSON keeps the number: a call expression is not a JSON value. */
	if (!ifindex || printer__json(p) || !if_indextoname(ifindex, buf)) {
		pr_uint(p, ifindex);
		return;
	}
	pr_raw(p, "if_nametoindex(");
	pr_quoted(p, buf, strlen(buf), QUOTE_OMIT_LIMIT);
	pr_raw(p, ")");
}

void bpf_print_cstring(struct printer *p, const char *name, const char *buf,
		       size_t size)
{
	pr_field(p, name);
	if (!size) {
		pr_quoted(p, "", 0, 0);
		return;
	}
	/*
	 * strace expects the last byte to be the NUL: without one, it shows
	 * size - 1 bytes then "...".
	 */
	if (memchr(buf, 0, size))
		pr_quoted(p, buf, size, QUOTE_0_TERMINATED | QUOTE_OMIT_LIMIT);
	else
		pr_quoted(p, buf, size - 1,
			  QUOTE_0_TERMINATED | QUOTE_OMIT_LIMIT);
}

void bpf_print_hex_array(struct printer *p, const char *name,
			 const void *buf, size_t size)
{
	pr_field(p, name);
	pr_quoted(p, buf, size, QUOTE_FORCE_HEX | QUOTE_OMIT_LIMIT);
}

/*
 * Reads a NUL-terminated string of at most max bytes, page by page so
 * that a string ending just before an unmapped page is still read.
 * Returns the bytes read (up to and including a NUL), or -1 when not even
 * the first chunk is readable.
 */
static long read_str(const struct bpf_call *call, uint64_t addr, char *buf,
		     size_t max)
{
	size_t got = 0;

	while (got < max) {
		uint64_t at = addr + got;
		size_t chunk = PAGE_SIZE_GUESS - (at % PAGE_SIZE_GUESS);

		if (chunk > max - got)
			chunk = max - got;
		if (call->env->read_mem(call->env->opaque, at, buf + got,
					chunk))
			return got ? (long)got : -1;
		void *nul = memchr(buf + got, 0, chunk);

		if (nul)
			return (char *)nul - buf + 1;
		got += chunk;
	}
	return got;
}

void bpf_print_str(const struct bpf_call *call, struct printer *p,
		   const char *name, uint64_t addr)
{
	char buf[PATH_MAX + 1];
	size_t max = (size_t)p->string_limit + 1;
	long n;

	pr_field(p, name);
	if (!addr) {
		pr_null(p);
		return;
	}
	/* One byte past the limit tells pr_quoted() to add "...". */
	if (!p->string_limit || max > sizeof(buf))
		max = sizeof(buf);
	n = read_str(call, addr, buf, max);
	if (n < 0) {
		pr_addr(p, addr);
		return;
	}
	pr_quoted(p, buf, n, QUOTE_0_TERMINATED);
}

void bpf_print_strn(const struct bpf_call *call, struct printer *p,
		    const char *name, uint64_t addr, uint64_t len)
{
	char buf[PATH_MAX];
	size_t n = len;

	pr_field(p, name);
	if (!addr) {
		pr_null(p);
		return;
	}
	/* One byte past the limit lets pr_quoted() add the "...". */
	if (p->string_limit && n > p->string_limit + 1)
		n = p->string_limit + 1;
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (n && call->env->read_mem(call->env->opaque, addr, buf, n)) {
		pr_addr(p, addr);
		return;
	}
	pr_quoted(p, buf, n, 0);
}

void bpf_print_path(const struct bpf_call *call, struct printer *p,
		    const char *name, uint64_t addr)
{
	char buf[PATH_MAX + 1];
	long n;

	pr_field(p, name);
	if (!addr) {
		pr_null(p);
		return;
	}
	n = read_str(call, addr, buf, sizeof(buf));
	if (n < 0) {
		pr_addr(p, addr);
		return;
	}
	pr_quoted(p, buf, n, QUOTE_0_TERMINATED | QUOTE_OMIT_LIMIT);
}

void bpf_print_map_data(const struct bpf_call *call, struct printer *p,
			const char *name, int map_fd, enum bpf_map_buf which,
			uint64_t addr, uint32_t count)
{
	const struct bpf_decode_env *env = call->env;

	pr_field(p, name);
	if (addr && env && env->print_map_data &&
	    env->print_map_data(env->opaque, p, map_fd, which, addr, count))
		return;
	pr_addr(p, addr);
}
