// SPDX-License-Identifier: MIT
/* Strings and arrays the attr points to: see bpf_tracee.h. */
#include "decode/bpf_tracee.h"

#include <stdlib.h>
#include <string.h>

#include "decode/bpf_common.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

size_t bpf_attr_get_exit(const struct bpf_call *call, void *dst, size_t known)
{
	size_t len = bpf_attr_get(call, dst, known);
	unsigned char tmp[BPF_ATTR_MAX];

	/* strace fetches the whole attr again at exit */
	if (len && !bpf_attr_read_out(call, 0, tmp, len))
		memcpy(dst, tmp, len);
	return len;
}

static int read_tracee(const struct bpf_call *call, uint64_t addr, void *buf,
		       size_t len)
{
	if (!call->env || !call->env->read_mem)
		return -1;
	return call->env->read_mem(call->env->opaque, addr, buf, len);
}

void bpf_print_str_ex(const struct bpf_call *call, struct printer *p,
		      const char *name, uint64_t addr, uint64_t len,
		      unsigned int flags)
{
	/* one byte past -s tells pr_quoted() to add "..." */
	uint64_t size = p->string_limit
			    ? MIN(len, (uint64_t)p->string_limit + 1)
			    : MIN(len, 65536);
	char *buf = NULL;

	pr_field(p, name);
	if (!addr) {
		pr_null(p);
		return;
	}
	if (size) {
		buf = malloc(size);
		if (!buf || read_tracee(call, addr, buf, size)) {
			pr_addr(p, addr);
			free(buf);
			return;
		}
	}
	/* strace: no "..." when len is 0, even unterminated */
	pr_quoted(p, size ? buf : "", size, size ? flags : 0);
	free(buf);
}

static uint64_t elem_value(const void *elem, size_t elem_size)
{
	uint32_t v32;
	uint64_t v64 = 0;

	if (elem_size == sizeof(v32)) {
		memcpy(&v32, elem, sizeof(v32));
		return v32;
	}
	memcpy(&v64, elem, MIN(elem_size, sizeof(v64)));
	return v64;
}

bool bpf_elem_u(const struct bpf_call *call, struct printer *p,
		const void *elem, size_t elem_size)
{
	pr_uint(p, elem_value(elem, elem_size));
	return true;
}

bool bpf_elem_x(const struct bpf_call *call, struct printer *p,
		const void *elem, size_t elem_size)
{
	pr_hex(p, elem_value(elem, elem_size));
	return true;
}

bool bpf_elem_str(const struct bpf_call *call, struct printer *p,
		  const void *elem, size_t elem_size)
{
	uint64_t addr = elem_value(elem, elem_size);
	char buf[4096];
	size_t max = (size_t)p->string_limit + 1, got = 0;

	if (!addr) {
		pr_null(p);
		return true;
	}
	if (!p->string_limit || max > sizeof(buf))
		max = sizeof(buf);
	/* byte-exact reads stop at the first unreadable page */
	while (got < max) {
		size_t chunk = MIN(max - got, 4096 - ((addr + got) % 4096));

		if (read_tracee(call, addr + got, buf + got, chunk))
			break;
		got += chunk;
		if (memchr(buf + got - chunk, 0, chunk))
			break;
	}
	if (!got)
		pr_addr(p, addr);
	else
		pr_quoted(p, buf, got, QUOTE_0_TERMINATED);
	return true;
}

void bpf_print_array(const struct bpf_call *call, struct printer *p,
		     const char *name, uint64_t addr, uint64_t count,
		     size_t elem_size, bpf_elem_printer *print_elem)
{
	unsigned char elem[16];
	uint64_t i;

	pr_field(p, name);
	if (!addr) {
		pr_null(p);
		return;
	}
	if (!count) {
		pr_array_begin(p);
		pr_array_end(p);
		return;
	}
	if (elem_size > sizeof(elem) || (call->exiting && call->ret < 0) ||
	    count > UINT64_MAX / elem_size || addr + count * elem_size < addr ||
	    read_tracee(call, addr, elem, elem_size)) {
		pr_addr(p, addr);
		return;
	}
	pr_array_begin(p);
	for (i = 0; i < count; i++) {
		uint64_t cur = addr + i * elem_size;

		if (i && read_tracee(call, cur, elem, elem_size)) {
			pr_more(p);
			pr_comment(p, "%#llx", (unsigned long long)cur);
			break;
		}
		if (p->string_limit && i >= p->string_limit) {
			pr_more(p);
			break;
		}
		pr_elem(p);
		if (!print_elem(call, p, elem, elem_size))
			break;
	}
	pr_array_end(p);
}
