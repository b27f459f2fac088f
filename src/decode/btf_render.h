/* SPDX-License-Identifier: MIT */
/*
 * Typed rendering of raw bytes by a BTF type, through the printer.
 *
 * Text: strace-like C syntax ({a=1, b=[2, 3]}, "string", enum names).
 * JSON: exactly the "formatted" shape of bpftool 7.1 `map dump -j` for the
 * same bytes and BTF, except where bpftool emits broken or no JSON; those
 * places are marked "bpftool:" in btf_render*.c.
 *
 * Everything is untrusted: the bytes (tracee memory) and the BTF (any blob
 * libbpf accepted).  Every read is checked against size; a type that claims
 * more bytes than given prints what fits and a note; nesting and the amount
 * of output are bounded, so cyclic or adversarial BTF terminates.
 */
#ifndef INJTRACE_DECODE_BTF_RENDER_H
#define INJTRACE_DECODE_BTF_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/printer.h"

struct btf;

/*
 * Prints size bytes at data as type type_id of btf, as one printer value
 * (complete the pr_field()/pr_elem() the caller began, if any).
 * Returns 0 when the type was fully rendered, -E2BIG when the bytes ended
 * before the type did (what fitted is printed, then a text note), -EINVAL
 * for an id or kind that cannot be rendered, -ELOOP when nesting or output
 * limits cut it.  Output is well-formed (valid JSON) in every case.
 */
int btf_render(struct printer *p, const struct btf *btf, uint32_t type_id,
	       const void *data, size_t size);

/*
 * Render plans (btf_plan.c): the rendering of one BTF's types compiled,
 * at a type's first render, into a flat list of printer steps and scalar
 * leaves, run for every later value of that type.  Structs and unions of
 * named members, arrays, ints, enums, floats, pointers and bitfields,
 * through typedefs and modifiers, up to a size, get one; a value cut
 * short, or any other type, takes btf_render().  Either way the output
 * is the same, byte for byte.
 */
struct btf_plans;

/* Plans for types of btf, which must outlive them; NULL: no memory. */
struct btf_plans *btf_plans__new(const struct btf *btf);
void btf_plans__free(struct btf_plans *ps);
/* The most memory one BTF's plans take, for a cache's accounting. */
size_t btf_plans__max_bytes(void);
/* Renders run by a plan so far (tests). */
unsigned long btf_plans__runs(const struct btf_plans *ps);

/* btf_render() through ps's plan of type_id (ps NULL: btf_render()). */
int btf_render_planned(struct printer *p, const struct btf *btf,
		       struct btf_plans *ps, uint32_t type_id,
		       const void *data, size_t size);
/* btf_render_is_scalar(), remembered in ps (NULL: not). */
bool btf_render_planned_is_scalar(const struct printer *p,
				  const struct btf *btf, struct btf_plans *ps,
				  uint32_t type_id);

/*
 * True when type_id, through typedefs and modifiers, is a scalar (int,
 * enum, float, pointer): strace prints a pointer to one as "[7]".
 */
bool btf_render_is_scalar(const struct btf *btf, uint32_t type_id);

#endif
