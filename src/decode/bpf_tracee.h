/* SPDX-License-Identifier: MIT */
/*
 * Tracee memory an attr points to, in the two shapes bpf_common.h does
 * not cover: strace's printstr_ex() with a length and flags (a verifier
 * log, a name buffer the kernel fills), and print_array() (ids, flags,
 * symbol names).  Used by the program and link decoders.
 */
#ifndef INJTRACE_DECODE_BPF_TRACEE_H
#define INJTRACE_DECODE_BPF_TRACEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/bpf_decode.h"

/*
 * At exit: the attr as the kernel left it (fields it writes back), len as
 * bpf_attr_get() returns it; the entry copy when the re-read fails.
 */
size_t bpf_attr_get_exit(const struct bpf_call *call, void *dst, size_t known);

/*
 * strace printstr_ex(addr, len, flags), flags QUOTE_0_TERMINATED or
 * QUOTE_FORCE_HEX: MIN(len, -s + 1) bytes read at once, the address when
 * they cannot be; QUOTE_0_TERMINATED stops at a NUL and adds "..." when
 * there is none.
 */
void bpf_print_str_ex(const struct bpf_call *call, struct printer *p,
		      const char *name, uint64_t addr, uint64_t len,
		      unsigned int flags);

/* Prints one element; returning false stops the array. */
typedef bool bpf_elem_printer(const struct bpf_call *call, struct printer *p,
			      const void *elem, size_t elem_size);
/*
 * strace print_array(): NULL; "[]" for count 0; the address when the
 * first element is unreadable or, at exit, the call failed (tfetch_mem
 * fetches nothing then); at most -s elements, then "...".
 */
void bpf_print_array(const struct bpf_call *call, struct printer *p,
		     const char *name, uint64_t addr, uint64_t count,
		     size_t elem_size, bpf_elem_printer *print_elem);
bpf_elem_printer bpf_elem_u;   /* unsigned decimal, 4 or 8 bytes */
bpf_elem_printer bpf_elem_x;   /* hex, 4 or 8 bytes */
bpf_elem_printer bpf_elem_str; /* a 64-bit char * of the tracee */

#endif
