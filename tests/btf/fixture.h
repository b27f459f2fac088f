/* SPDX-License-Identifier: MIT */
/*
 * One BTF, built in memory with libbpf's btf__add_*, shared by the unit
 * tests and the bpftool differential test.  The C each type stands for is
 * in fixture.c.
 */
#ifndef INJTRACE_TESTS_BTF_FIXTURE_H
#define INJTRACE_TESTS_BTF_FIXTURE_H

#include <stdbool.h>

struct btf;

struct fixture {
	struct btf *btf;
	/* ints */
	int u8, s8, chr, u16, s16, u32, s32, lng, u64, s64, u128, s128;
	int boolean, cchar;
	int f16, f32, f64, f128;
	/* typedefs and modifiers */
	int td_u8, td_u32, td_u32_t, td_u64, td_comm, cv_u32, const_char;
	/* enums */
	int color, sgn, big, small;
	int ptr;
	/* aggregates */
	int inner, anon_union, anon_struct, rec;	/* rec: 176 bytes */
	int tail;		/* 5 bytes, last bitfield ends at byte 5 */
	int key;		/* struct key { u32 pid; char comm[8]; } */
	int pc;			/* struct pc { u64 cnt; s32 delta; } */
	int flt;		/* floats and a bool */
	int data_sec;		/* DATASEC ".data", 16 bytes */
	int u32_arr3;		/* u32[3] */
	/* only when !for_kernel: the kernel would refuse these */
	int loop;		/* struct loop { struct loop self; } */
	int td_cycle;		/* typedef a -> typedef b -> typedef a */
	int huge;		/* __u8[1 << 30] */
	int empties;		/* struct empty[4000000000] */
	int fwd;		/* struct fwd; (no layout) */
};

/* 0 or a negative errno; for_kernel leaves out the pathological types. */
int fixture_build(struct fixture *f, bool for_kernel);
void fixture_free(struct fixture *f);

#endif
