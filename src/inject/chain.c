// SPDX-License-Identifier: MIT
#include "inject/chain.h"

#include <errno.h>

#include "arch/chain_layout.h"
#include "inject/remote_int.h"

/* Every offset src/arch/<arch>/chain.S uses is this struct's. */
#define CHAIN_STEP_AT(member, off)                                      \
	_Static_assert(offsetof(struct inj_chain_step, member) == (off) && \
			       sizeof(((struct inj_chain_step *)0)->member) == 8, \
		       "chain.S reads " #member " at " #off)
CHAIN_STEP_AT(nr, CHAIN_STEP_NR);
CHAIN_STEP_AT(args[0], CHAIN_STEP_ARG0);
CHAIN_STEP_AT(args[1], CHAIN_STEP_ARG1);
CHAIN_STEP_AT(args[2], CHAIN_STEP_ARG2);
CHAIN_STEP_AT(args[3], CHAIN_STEP_ARG3);
CHAIN_STEP_AT(args[4], CHAIN_STEP_ARG4);
CHAIN_STEP_AT(args[5], CHAIN_STEP_ARG5);
CHAIN_STEP_AT(ret, CHAIN_STEP_RET);
CHAIN_STEP_AT(copy_len, CHAIN_STEP_COPY_LEN);
CHAIN_STEP_AT(copy_src, CHAIN_STEP_COPY_SRC);
CHAIN_STEP_AT(copy_dst, CHAIN_STEP_COPY_DST);
CHAIN_STEP_AT(stop_on_error, CHAIN_STEP_STOP_ON_ERROR);
#undef CHAIN_STEP_AT
_Static_assert(sizeof(struct inj_chain_step) == CHAIN_STEP_SIZE,
	       "chain.S steps CHAIN_STEP_SIZE bytes at a time");

/* src/arch/<host>/chain.S: bytes to copy into the tracee, never run here. */
extern const uint8_t arch_chain_code[], arch_chain_trap[], arch_chain_end[];

/* Where the chain sits in the code page, after "syscall; trap". */
#define CHAIN_OFF 16

static int write_code(struct inj_task *t)
{
	struct inj_mm *mm = t->mm;
	int err;

	if (mm->chain_at == mm->base)
		return 0;
	/* a seccomp filter lets only that span's syscalls through */
	if (CHAIN_OFF + (arch_chain_end - arch_chain_code) >
	    INJ_SCRATCH_CODE_SPAN)
		return -E2BIG;
	/* the page is read+exec: inj_mem_write goes through /proc/PID/mem */
	err = inj_mem_write(mm, mm->code + CHAIN_OFF, arch_chain_code,
			    arch_chain_end - arch_chain_code);
	if (!err)
		mm->chain_at = mm->base;
	return err;
}

/* Is [off, off + len) inside the scratch data? */
static bool in_data(const struct inj_mm *mm, uint64_t off, uint64_t len)
{
	return off <= mm->data_size && len <= mm->data_size - off;
}

/*
 * The chain without its code, for a thread a trap would harm: each step
 * by the classic path, the copies and results in the scratch data made by
 * the tracer, where the chain code would have made them.
 */
static int run_classic(struct inj_task *t, unsigned int n, size_t table_off)
{
	struct inj_mm *mm = t->mm;
	struct inj_chain_step s;
	uint64_t at, ret_at, value;
	int64_t ret;
	int err = 0;

	for (unsigned int i = 0; !err && i < n; i++) {
		at = mm->data + table_off + i * sizeof(s);
		ret_at = at + offsetof(struct inj_chain_step, ret);
		err = inj_mem_read(mm, at, &s, sizeof(s));
		if (!err && s.copy_len) {
			if ((s.copy_len != 4 && s.copy_len != 8) ||
			    !in_data(mm, s.copy_src, s.copy_len) ||
			    !in_data(mm, s.copy_dst, s.copy_len))
				return -EINVAL;
			value = 0;
			err = inj_mem_read(mm, mm->data + s.copy_src, &value,
					   s.copy_len);
			if (!err)
				err = inj_mem_write(mm, mm->data + s.copy_dst,
						    &value, s.copy_len);
			/* the copy may have set this step's own arguments */
			if (!err)
				err = inj_mem_read(mm, at, &s, sizeof(s));
		}
		/* -EPERM with seccomp_denied, as the trap path: untrusted */
		if (!err)
			err = inj_session__syscall(t, s.nr, s.args, &ret);
		if (!err)
			err = inj_mem_write(mm, ret_at, &ret, sizeof(ret));
		if (!err && s.stop_on_error && (uint64_t)ret >= (uint64_t)-4095)
			break;
	}
	return err;
}

int inj_session__chain_run(struct inj_task *t, unsigned int n,
			   size_t table_off)
{
	struct inj_mm *mm = t->mm;
	uint64_t trap_pc, args[6] = { 0 };
	int err;

	if (!t->s.active || !mm->base)
		return -EINVAL;
	if (table_off + n * sizeof(struct inj_chain_step) > mm->data_size)
		return -E2BIG;
	if (t->no_trap || t->s.trap_unsafe)
		return run_classic(t, n, table_off);
	err = write_code(t);
	if (err)
		return err;
	args[0] = mm->data;
	args[1] = n;
	args[2] = table_off;
	trap_pc = mm->code + CHAIN_OFF + (arch_chain_trap - arch_chain_code) +
		  t->arch->trap_pc_advance;
	err = inj_trap_run(t, mm->code + CHAIN_OFF, 0, args, trap_pc);
	return err == -EOPNOTSUPP ? run_classic(t, n, table_off) : err;
}

int inj_session__chain(struct inj_task *t, struct inj_chain_step *steps,
		       unsigned int n, size_t table_off)
{
	struct inj_mm *mm = t->mm;
	size_t size = (size_t)n * sizeof(*steps);
	int err;

	if (!mm->base || table_off + size > mm->data_size)
		return mm->base ? -E2BIG : -EINVAL;
	for (unsigned int i = 0; i < n; i++)
		steps[i].ret = -ECANCELED;
	err = inj_mem_write(mm, mm->data + table_off, steps, size);
	if (!err)
		err = inj_session__chain_run(t, n, table_off);
	if (!err)
		err = inj_mem_read(mm, mm->data + table_off, steps, size);
	return err;
}
