// SPDX-License-Identifier: MIT
/*
 * Guest check of the statically linked capstone: it must support the
 * guest's arch (riscv64 needs capstone 5) and decode the syscall
 * instruction the injection engine looks for. A link or packaging mistake
 * in the sysroot shows up here rather than inside the engine's tests.
 *
 * Exit status: 0 pass, 1 fail.
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__)
#define CAP_ARCH CS_ARCH_X86
#define CAP_MODE CS_MODE_64
#define CAP_MNEMONIC "syscall"
static const unsigned char cap_insn[] = {0x0f, 0x05};
#elif defined(__aarch64__)
#define CAP_ARCH CS_ARCH_ARM64
#define CAP_MODE CS_MODE_ARM
#define CAP_MNEMONIC "svc"
static const unsigned char cap_insn[] = {0x01, 0x00, 0x00, 0xd4};
#elif defined(__riscv) && __riscv_xlen == 64
#define CAP_ARCH CS_ARCH_RISCV
#define CAP_MODE (CS_MODE_RISCV64 | CS_MODE_RISCVC)
#define CAP_MNEMONIC "ecall"
static const unsigned char cap_insn[] = {0x73, 0x00, 0x00, 0x00};
#else
#error "guest_capstone: unsupported architecture"
#endif

int main(void)
{
	int major, minor, ok;
	cs_insn *insn;
	csh handle;
	size_t n;

	cs_version(&major, &minor);
	if (!cs_support(CAP_ARCH)) {
		printf("xarch: capstone: FAIL %d.%d lacks this arch\n", major,
		       minor);
		return 1;
	}
	if (cs_open(CAP_ARCH, CAP_MODE, &handle) != CS_ERR_OK) {
		printf("xarch: capstone: FAIL cs_open\n");
		return 1;
	}
	n = cs_disasm(handle, cap_insn, sizeof(cap_insn), 0x1000, 0, &insn);
	ok = n == 1 && insn[0].size == sizeof(cap_insn) &&
	     strcmp(insn[0].mnemonic, CAP_MNEMONIC) == 0;
	printf("xarch: capstone: %s %d.%d decodes \"%s\"\n",
	       ok ? "PASS" : "FAIL", major, minor,
	       n ? insn[0].mnemonic : "(nothing)");
	if (n)
		cs_free(insn, n);
	cs_close(&handle);
	return ok ? 0 : 1;
}
