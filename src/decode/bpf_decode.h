/* SPDX-License-Identifier: MIT */
/*
 * Decoding one bpf(cmd, attr, size) call, strace style.  Pure: the tracee is
 * reached only through the callbacks of struct bpf_decode_env, so decoders
 * are unit-testable without a tracee.
 *
 * The tracer calls bpf_decode_entry() at the syscall-entry stop and
 * bpf_decode_exit() at the exit stop, both on the same printer; the printer
 * then holds "BPF_CMD, {attr...}" or "BPF_CMD, {attr} => {changed}" and the
 * caller adds "bpf(", ", SIZE) = RET".  In JSON mode the printer holds
 * only the attr value (then PRINTER_JSON_EXIT_MARK and the exit part, if
 * any); the caller adds the command from bpf_cmd_name().
 */
#ifndef INJTRACE_DECODE_BPF_DECODE_H
#define INJTRACE_DECODE_BPF_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/printer.h"

/* What kind of object an fd of the tracee refers to (for OBJ_GET_INFO_BY_FD). */
enum bpf_fd_kind {
	BPF_FD_UNKNOWN,
	BPF_FD_MAP,
	BPF_FD_PROG,
	BPF_FD_BTF,
	BPF_FD_LINK,
};

enum bpf_map_buf {
	BPF_MAP_BUF_KEY,
	BPF_MAP_BUF_VALUE,
};

struct bpf_decode_env {
	void *opaque;
	/* Copy exactly len bytes of tracee memory at addr: 0 or -errno. */
	int (*read_mem)(void *opaque, uint64_t addr, void *buf, size_t len);
	/* Print an fd of the tracee, e.g. "4" or "4<map:hists>"; NULL: number. */
	void (*print_fd)(void *opaque, struct printer *p, int fd);
	/* Kind of an fd of the tracee; NULL: unknown. */
	enum bpf_fd_kind (*fd_kind)(void *opaque, int fd);
	/*
	 * Print count keys (or values) of the map behind map_fd stored at
	 * addr, typed by the map's BTF.  Returns false when it printed
	 * nothing: the decoder then prints the address.  NULL: addresses.
	 */
	bool (*print_map_data)(void *opaque, struct printer *p, int map_fd,
			       enum bpf_map_buf which, uint64_t addr,
			       uint32_t count);
	/*
	 * Print what strace -v prints: OBJ_GET_INFO_BY_FD info structs and
	 * the bytes of unknown trailing attr data.  false: strace's default.
	 */
	bool verbose;
};

#define BPF_ATTR_MAX 4096	/* attr read only when 0 < size <= page size */

struct bpf_call {
	/* set by the caller */
	uint64_t cmd;
	uint64_t addr;
	uint64_t size;
	bool exiting;
	int64_t ret;		/* at exit: the return value, -errno on error */
	const struct bpf_decode_env *env;

	/* owned by the decoder */
	bool attr_read;			/* the attr was read (attr_ok: with success) */
	bool attr_ok;			/* attr[] holds size bytes read at entry */
	bool done;			/* entry printed everything */
	unsigned char attr[BPF_ATTR_MAX];
	uint64_t priv[8];		/* a decoder's state from entry to exit */
};

/* Prepare call for a new syscall (clears decoder state). */
void bpf_call__init(struct bpf_call *call, uint64_t cmd, uint64_t addr,
		    uint64_t size, const struct bpf_decode_env *env);
/*
 * Reads the attr (once; bpf_decode_entry() does it if nobody did): true
 * when attr[] holds size bytes, i.e. 0 < size <= page size, a known
 * command and readable memory.  For callers that look at the attr before
 * decoding (e.g. which map a call is on).
 */
bool bpf_call__read_attr(struct bpf_call *call);
void bpf_decode_entry(struct bpf_call *call, struct printer *p);
void bpf_decode_exit(struct bpf_call *call, struct printer *p);

/* "BPF_MAP_LOOKUP_ELEM" or NULL. */
const char *bpf_cmd_name(uint64_t cmd);
/* Parses "BPF_MAP_LOOKUP_ELEM" or "map_lookup_elem"; -1 if unknown. */
int bpf_cmd_parse(const char *name);

#endif
