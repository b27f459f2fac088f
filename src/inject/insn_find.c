// SPDX-License-Identifier: MIT
/*
 * Finding a syscall instruction in the tracee, for injections at a stop
 * that is not a syscall stop (after -p attach: PTRACE_EVENT_STOP).  The
 * bytes alone are not enough: "0f 05" inside a longer x86 instruction, or
 * an ecall pattern straddling two compressed riscv instructions, is no
 * instruction at all.  So disassemble with capstone from known instruction
 * boundaries: the function symbols of the vDSO (its ELF image is mapped
 * whole, section headers included), else linear sweep of libc's text.
 * Never [vsyscall]: on x86_64 it is execute-only emulated (vsyscall=xonly)
 * or absent, and its entries are not usable syscall sites.
 */
#include "inject/inject.h"

#include <capstone/capstone.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SCAN (1u << 20)	/* bytes of libc text swept at most */

static int cs_open_arch(const struct arch_ops *arch, csh *h)
{
	cs_arch ca;
	cs_mode mode;

	switch (arch->audit_arch) {
	case 0xc000003e:	/* AUDIT_ARCH_X86_64 */
		ca = CS_ARCH_X86;
		mode = CS_MODE_64;
		break;
	case 0xc00000b7:	/* AUDIT_ARCH_AARCH64 */
		ca = CS_ARCH_ARM64;
		mode = CS_MODE_LITTLE_ENDIAN;
		break;
	case 0xc00000f3:	/* AUDIT_ARCH_RISCV64 */
#if CS_API_MAJOR >= 5	/* CS_ARCH_RISCV is an enum: test the version */
		ca = CS_ARCH_RISCV;
		mode = CS_MODE_RISCV64 | CS_MODE_RISCVC;
		break;
#else
		return -ENOTSUP;
#endif
	default:
		return -ENOTSUP;
	}
	if (cs_open(ca, mode, h) != CS_ERR_OK)
		return -ENOTSUP;
	return 0;
}

/* Sweeps [code, code + len) mapped at addr; 0 and *found, or -ENOENT. */
static int sweep(csh h, const struct arch_ops *arch, const uint8_t *code,
		 size_t len, uint64_t addr, uint64_t *found)
{
	cs_insn *insn = cs_malloc(h);
	const uint8_t *p = code;
	size_t left = len;
	uint64_t pc = addr;
	int ret = -ENOENT;

	if (!insn)
		return -ENOMEM;
	while (left) {
		if (!cs_disasm_iter(h, &p, &left, &pc, insn)) {
			/* Not code (padding, data): skip one alignment unit. */
			size_t step = arch->syscall_insn_len == 2 ? 1 : 2;

			if (left < step)
				break;
			p += step;
			left -= step;
			pc += step;
			continue;
		}
		if (insn->size == arch->syscall_insn_len &&
		    !memcmp(insn->bytes, arch->syscall_insn, insn->size)) {
			*found = insn->address;
			ret = 0;
			break;
		}
	}
	cs_free(insn, 1);
	return ret;
}

static int scan_vdso(csh h, const struct arch_ops *arch, const uint8_t *img,
		     size_t len, uint64_t base, uint64_t *found)
{
	const Elf64_Ehdr *eh = (const void *)img;
	const Elf64_Shdr *sh;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff > len || eh->e_shnum > (len - eh->e_shoff) / sizeof(*sh))
		return -ENOENT;
	sh = (const void *)(img + eh->e_shoff);
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Sym *sym;
		size_t n;

		if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_offset > len ||
		    sh[i].sh_size > len - sh[i].sh_offset)
			continue;
		sym = (const void *)(img + sh[i].sh_offset);
		n = sh[i].sh_size / sizeof(*sym);
		for (size_t j = 0; j < n; j++) {
			/* The vDSO is linked at 0: st_value is an offset. */
			uint64_t off = sym[j].st_value;

			if (ELF64_ST_TYPE(sym[j].st_info) != STT_FUNC ||
			    !sym[j].st_size || off > len ||
			    sym[j].st_size > len - off)
				continue;
			if (!sweep(h, arch, img + off, sym[j].st_size,
				   base + off, found))
				return 0;
		}
	}
	return -ENOENT;
}

int inj_find_syscall_insn(struct inj_mm *mm, const struct arch_ops *arch,
			  uint64_t *addr)
{
	char path[64], line[512];
	unsigned long long vdso_lo = 0, vdso_hi = 0, lib_lo = 0, lib_hi = 0;
	uint8_t *buf = NULL;
	csh h;
	FILE *f;
	int ret;

	if (mm->syscall_insn) {
		*addr = mm->syscall_insn;
		return 0;
	}
	if (mm->proc_pid <= 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "/proc/%d/maps", mm->proc_pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi;
		char perms[8];
		int name = 0;

		if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %n", &lo, &hi,
			   perms, &name) < 3 || perms[2] != 'x')
			continue;
		if (strstr(line + name, "[vdso]")) {
			vdso_lo = lo;
			vdso_hi = hi;
		} else if (!lib_lo && strstr(line + name, "/libc") &&
			   strstr(line + name, ".so")) {
			lib_lo = lo;
			lib_hi = hi;
		}
	}
	fclose(f);

	ret = cs_open_arch(arch, &h);
	if (ret)
		return ret;
	ret = -ENOENT;
	if (vdso_lo && vdso_hi - vdso_lo <= MAX_SCAN) {
		size_t len = vdso_hi - vdso_lo;

		buf = malloc(len);
		if (buf && !inj_mem_read(mm, vdso_lo, buf, len))
			ret = scan_vdso(h, arch, buf, len, vdso_lo, addr);
		free(buf);
	}
	if (ret && lib_lo) {
		/*
		 * libc's text is code from end to end on these arches (jump
		 * tables live in .rodata); a desync resynchronises within a
		 * few instructions and only a decoded instruction counts.
		 */
		size_t len = lib_hi - lib_lo > MAX_SCAN ? MAX_SCAN :
							   lib_hi - lib_lo;

		buf = malloc(len);
		if (buf && !inj_mem_read(mm, lib_lo, buf, len))
			ret = sweep(h, arch, buf, len, lib_lo, addr);
		free(buf);
	}
	cs_close(&h);
	if (!ret)
		mm->syscall_insn = *addr;
	return ret;
}
