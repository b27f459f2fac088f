/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the per-command decoders (bpf_map.c, bpf_obj.c,
 * bpf_prog.c, bpf_link.c, ...).  They print one attr field the way strace
 * does (name=value, separators handled by the printer) and fetch tracee
 * memory only through call->env->read_mem.
 *
 * A decoder's usual shape:
 *
 *	struct my_attr a;
 *	size_t len = bpf_attr_get(call, &a, sizeof(a));
 *
 *	pr_struct_begin(p);
 *	bpf_print_fd(call, p, "map_fd", a.map_fd);
 *	if (len <= offsetof(struct my_attr, newer_field))  (older kernels)
 *		goto end;
 *	...
 * end:
 *	bpf_attr_end(call, p, sizeof(a));	(extra data, "}", done)
 */
#ifndef INJTRACE_DECODE_BPF_COMMON_H
#define INJTRACE_DECODE_BPF_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "decode/bpf_attr.h"	/* the layouts, BPF_U64, offsetofend */
#include "decode/bpf_cmds.h"
#include "decode/bpf_xlat.h"

/* strace's AT_FDCWD spelling for a dirfd field. */
#define BPF_AT_FDCWD (-100)

/*
 * Copies the attr as the decoder knows it: MIN(size, known) bytes of the
 * copy taken at entry, the rest zeroed.  Returns the bytes copied: the
 * decoder stops printing at fields that start at or past it (a caller
 * built for an older kernel did not pass them).
 */
size_t bpf_attr_get(const struct bpf_call *call, void *dst, size_t known);

/*
 * Ends the attr struct: a "..." item when the caller passed non-zero bytes
 * past the known layout (strace decode_attr_extra_data), then "}".  Marks
 * the call done, so the decoder is not called at exit.
 */
void bpf_attr_end(struct bpf_call *call, struct printer *p, size_t known);
/* Only the "..." part, for decoders that close several levels. */
void bpf_print_extra(const struct bpf_call *call, struct printer *p,
		     const void *data, size_t size, size_t known);

/*
 * At exit: re-reads len bytes at offset of the tracee's attr, for fields
 * the kernel writes back (next_id, count, info_len, log_true_size).
 * Returns 0, or -errno when the field lies past size or is unreadable.
 */
int bpf_attr_read_out(const struct bpf_call *call, size_t offset, void *buf,
		      size_t len);

/* Scalars: "name=42", "name=-1", "name=0x2a". */
void bpf_print_u(struct printer *p, const char *name, uint64_t v);
void bpf_print_d(struct printer *p, const char *name, int64_t v);
void bpf_print_x(struct printer *p, const char *name, uint64_t v);
/* A pointer field: NULL or 0x7ffd...  */
void bpf_print_addr(struct printer *p, const char *name, uint64_t addr);
/* An fd field, through env->print_fd ("4<map:hists>") or as a number. */
void bpf_print_fd(const struct bpf_call *call, struct printer *p,
		  const char *name, int fd);
/* A dirfd field: AT_FDCWD or an fd. */
void bpf_print_dirfd(const struct bpf_call *call, struct printer *p,
		     const char *name, int fd);
void bpf_print_xval(struct printer *p, const char *name,
		    const struct xlat *x, uint64_t v, const char *dflt);
void bpf_print_flags(struct printer *p, const char *name,
		     const struct xlat *x, uint64_t v, const char *dflt);
/* Decimal, then the name as a comment when known: 4294967295 /\* NUMA_NO_NODE *\/ */
void bpf_print_xval_u_verbose(struct printer *p, const char *name,
			      const struct xlat *x, uint64_t v);
/* An interface index: if_nametoindex("lo") when the name is known. */
void bpf_print_ifindex(struct printer *p, const char *name, uint32_t ifindex);
/* A char[size] member of the attr (map_name), strace's cstring rules. */
void bpf_print_cstring(struct printer *p, const char *name, const char *buf,
		       size_t size);
/* A byte array of the attr as hex escapes ("\x01\x02"), e.g. a tag. */
void bpf_print_hex_array(struct printer *p, const char *name,
			 const void *buf, size_t size);

/*
 * Tracee strings.  NULL for 0, the address when unreadable.
 * _str: NUL-terminated, at most -s bytes shown then "...".
 * _strn: exactly len bytes (a blob), at most -s shown then "...".
 * _path: NUL-terminated, up to PATH_MAX, never cut at -s (strace printpath).
 */
void bpf_print_str(const struct bpf_call *call, struct printer *p,
		   const char *name, uint64_t addr);
void bpf_print_strn(const struct bpf_call *call, struct printer *p,
		    const char *name, uint64_t addr, uint64_t len);
void bpf_print_path(const struct bpf_call *call, struct printer *p,
		    const char *name, uint64_t addr);

/*
 * Map keys/values: typed by env->print_map_data when it can, else the
 * address.  count: how many keys (values) are stored at addr.
 */
void bpf_print_map_data(const struct bpf_call *call, struct printer *p,
			const char *name, int map_fd, enum bpf_map_buf which,
			uint64_t addr, uint32_t count);

#endif
