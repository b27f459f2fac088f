/* SPDX-License-Identifier: MIT */
/* Pieces of the program attach decoders shared with the link decoders. */
#ifndef INJTRACE_DECODE_BPF_PROG_H
#define INJTRACE_DECODE_BPF_PROG_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/bpf_decode.h"

/*
 * Attach types whose target is a network device, not an fd: the
 * target_fd member is then read as target_ifindex (Linux 6.6 named it).
 */
bool bpf_attach_type_is_ifindex(uint32_t attach_type);

/* "target_fd=3" or "target_ifindex=if_nametoindex(\"lo\")". */
void bpf_print_attach_target(const struct bpf_call *call, struct printer *p,
			     uint32_t attach_type, uint32_t target);

/*
 * "relative_fd=N" or, with BPF_F_ID in flags, "relative_id=N": where the
 * multi-program attach API (Linux 6.6) inserts the program.
 */
void bpf_print_mprog_relative(const struct bpf_call *call, struct printer *p,
			      uint32_t flags, uint32_t relative);

#endif
