/* SPDX-License-Identifier: MIT */
/*
 * Random BTF type graphs for the differential test, built with libbpf's
 * btf__add_*: ints of every size, width and encoding, enums and enum64 of
 * every size and sign with enumerators in and out of range, bitfields of
 * kflag 0 and 1, structs, unions and arrays nested and anonymous,
 * modifiers, typedefs, type tags, floats, pointers; now and then a chain
 * nested past the renderer's depth bound or an array of 4e9 empty structs.
 */
#ifndef INJTRACE_TESTS_BTF_DIFF_GEN_H
#define INJTRACE_TESTS_BTF_DIFF_GEN_H

#include <stdbool.h>
#include <stdint.h>

struct btf;

struct gen_graph {
	struct btf *btf;
	int value_id; /* map value type */
	uint32_t value_size;
	int key_id; /* hash map key type, 0: an array map */
	uint32_t key_size;
	bool huge; /* bpftool cannot finish dumping it */
};

uint64_t gen_rand(void);
void gen_seed(uint64_t seed);
/* 0 or a negative errno (the graph is then freed). */
int gen_graph(struct gen_graph *g);

#endif
