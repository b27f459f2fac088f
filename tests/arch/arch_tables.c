// SPDX-License-Identifier: MIT
/*
 * Every arch's table, on any host, against hand-built register images:
 * the word indexes must match the kernel's NT_PRSTATUS layouts, and the
 * prepare / entry-nr / rearm / x7 helpers must do what the kernel needs.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "arch/arch.h"

static const struct arch_ops *const all[] = { &arch_x86_64, &arch_aarch64,
					      &arch_riscv64 };

/* An image where word i holds 0x1000 + i: an index shows in the value. */
static struct arch_regs image(void)
{
	struct arch_regs r;

	for (int i = 0; i < ARCH_REGS_WORDS; i++)
		r.w[i] = 0x1000 + i;
	return r;
}

Test(arch, x86_64_layout)
{
	const struct arch_ops *a = &arch_x86_64;
	struct arch_regs r = image();

	/* struct user_regs_struct: rax 10, orig_rax 15, rip 16, rsp 19 */
	cr_assert_eq(a->nwords, 27);
	cr_assert_eq(arch_pc(a, &r), 0x1000 + 16);
	cr_assert_eq(arch_sp(a, &r), 0x1000 + 19);
	cr_assert_eq(arch_ret(a, &r), 0x1000 + 10);
	/* rdi rsi rdx r10 r8 r9 */
	static const int args[6] = { 14, 13, 12, 7, 9, 8 };
	for (int i = 0; i < 6; i++)
		cr_assert_eq(arch_arg(a, &r, i), 0x1000u + args[i], "arg%d", i);
	cr_assert_eq(arch_entry_nr(a, &r), 0x1000 + 15);
	cr_assert(a->set_words >= 17 && a->ret_words >= 17);
	cr_assert(!memcmp(a->syscall_insn, "\x0f\x05", 2));
	cr_assert_eq(a->trap_insn[0], 0xcc);
	cr_assert_eq(a->trap_pc_advance, 1);
}

Test(arch, aarch64_layout)
{
	const struct arch_ops *a = &arch_aarch64;
	struct arch_regs r = image();

	/* struct user_pt_regs: x0..x30, sp 31, pc 32, pstate 33 */
	cr_assert_eq(a->nwords, 34);
	cr_assert_eq(arch_pc(a, &r), 0x1000 + 32);
	cr_assert_eq(arch_sp(a, &r), 0x1000 + 31);
	cr_assert_eq(arch_ret(a, &r), 0x1000);
	for (int i = 0; i < 6; i++)
		cr_assert_eq(arch_arg(a, &r, i), 0x1000u + i);
	cr_assert_eq(arch_entry_nr(a, &r), 0x1000 + 8);
	cr_assert_eq(a->stop_nr, -1, "syscallno is NT_ARM_SYSTEM_CALL only");
	cr_assert_eq(a->stop_clobbered, 7);
	cr_assert(!memcmp(a->syscall_insn, "\x01\x00\x00\xd4", 4));
	cr_assert(!memcmp(a->trap_insn, "\x00\x00\x20\xd4", 4));
	cr_assert_eq(a->trap_pc_advance, 0);
}

Test(arch, riscv64_layout)
{
	const struct arch_ops *a = &arch_riscv64;
	struct arch_regs r = image();

	/* struct user_regs_struct: pc 0, sp 2, a0 10 .. a7 17 */
	cr_assert_eq(a->nwords, 32);
	cr_assert_eq(arch_pc(a, &r), 0x1000);
	cr_assert_eq(arch_sp(a, &r), 0x1000 + 2);
	cr_assert_eq(arch_ret(a, &r), 0x1000 + 10);
	for (int i = 0; i < 6; i++)
		cr_assert_eq(arch_arg(a, &r, i), 0x1000u + 10 + i);
	cr_assert_eq(arch_entry_nr(a, &r), 0x1000 + 17);
	cr_assert(a->arg0_hidden_at_entry);
	cr_assert(!memcmp(a->syscall_insn, "\x73\x00\x00\x00", 4));
	cr_assert(!memcmp(a->trap_insn, "\x73\x00\x10\x00", 4));
}

Test(arch, prepare_syscall_sets_only_the_syscall_registers)
{
	static const uint64_t args[6] = { 11, 22, 33, 44, 55, 66 };

	for (unsigned int k = 0; k < 3; k++) {
		const struct arch_ops *a = all[k];
		struct arch_regs r = image(), before = r;

		arch_prepare_syscall(a, &r, 0x400000, 39, args);
		cr_assert_eq(arch_pc(a, &r), 0x400000, "%s", a->name);
		cr_assert_eq(r.w[a->nr], 39);
		for (int i = 0; i < 6; i++)
			cr_assert_eq(arch_arg(a, &r, i), args[i]);
		if (a->orig_nr >= 0)
			cr_assert_eq((int64_t)r.w[a->orig_nr], -1,
				     "%s: no restart for the launched set",
				     a->name);
		for (unsigned int i = 0; i < a->nwords; i++) {
			bool touched = (int)i == a->pc || (int)i == a->nr ||
				       (int)i == a->orig_nr;

			for (int j = 0; j < 6; j++)
				touched |= (int)i == a->args[j];
			if (!touched)
				cr_assert_eq(r.w[i], before.w[i], "%s word %u",
					     a->name, i);
		}
	}
}

Test(arch, rearm_reruns_the_call)
{
	for (unsigned int k = 0; k < 3; k++) {
		const struct arch_ops *a = all[k];
		struct arch_regs r = image();
		uint64_t pc = arch_pc(a, &r);

		/* At the entry stop the return register reads -ENOSYS. */
		r.w[a->ret] = (uint64_t)-38;
		arch_rearm_syscall(a, &r, 321, 0xabc);
		cr_assert_eq(arch_pc(a, &r), pc - a->syscall_insn_len, "%s",
			     a->name);
		cr_assert_eq(r.w[a->nr], 321, "%s", a->name);
		cr_assert_eq(arch_arg(a, &r, 0), 0xabc, "%s", a->name);
	}
}

Test(arch, stop_clobbered_register_taken_from_a_real_stop)
{
	struct arch_regs saved = image(), real = image();

	saved.w[7] = 1;		/* arm64 x7 at a syscall-exit stop */
	real.w[7] = 0xdead;
	arch_fix_stop_clobbered(&arch_aarch64, &saved, &real);
	cr_assert_eq(saved.w[7], 0xdead);
	saved.w[7] = 1;
	arch_fix_stop_clobbered(&arch_x86_64, &saved, &real);
	cr_assert_eq(saved.w[7], 1, "x86_64 has no such register");
}

Test(arch, set_stop_nr_in_registers)
{
	struct arch_regs r = image();

	cr_assert_eq(arch_set_stop_nr(&arch_x86_64, 0, &r, -1), 0);
	cr_assert_eq((int64_t)r.w[15], -1, "orig_rax");
	r = image();
	cr_assert_eq(arch_set_stop_nr(&arch_riscv64, 0, &r, -1), 0);
	cr_assert_eq((int64_t)r.w[17], -1, "a7");
}

Test(arch, host_table_matches_the_build)
{
#if defined(__x86_64__)
	cr_assert_eq(arch_host, &arch_x86_64);
#elif defined(__aarch64__)
	cr_assert_eq(arch_host, &arch_aarch64);
#elif defined(__riscv)
	cr_assert_eq(arch_host, &arch_riscv64);
#endif
	cr_assert(arch_host->nwords <= ARCH_REGS_WORDS);
	cr_assert(arch_host->set_words <= arch_host->nwords);
}
