#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: boot.sh ARCH KERNEL INITRD LOG
# Boots KERNEL with INITRD under qemu-system (TCG) with
# INJTRACE_XARCH_CPUS vCPUs (2) and INJTRACE_XARCH_MEM MiB (2048: the
# userland lives in the initramfs), serial console to LOG (and nothing
# else), and waits for the guest to power off. A guest whose /init crashes
# panics, and panic=-1 with -no-reboot ends qemu at once; a hung guest is
# killed after INJTRACE_XARCH_BOOT_TIMEOUT seconds (2700); /init is told to
# finish its tests 60 s before that (xarch.budget), so the summary line
# comes out even when a test hangs.
# Exit status: qemu's, or 124 on timeout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

main()
{
	local arch=${1:?} kernel=${2:?} initrd=${3:?} log=${4:?}
	local limit=${INJTRACE_XARCH_BOOT_TIMEOUT:-2700} machine=() budget

	case $arch in
	aarch64)
		# -cpu max is 3-5x slower under TCG (pointer auth emulation);
		# without -cpu the virt board boots a 32-bit cpu.
		machine=(qemu-system-aarch64 -M virt -cpu cortex-a72
			-append "console=ttyAMA0")
		;;
	riscv64)
		# OpenSBI comes from qemu-system-data.
		machine=(qemu-system-riscv64 -M virt -cpu rv64 -bios default
			-append "console=ttyS0")
		;;
	*)
		xarch_die "unknown arch $arch"
		;;
	esac
	budget=$((limit > 120 ? limit - 60 : limit / 2))
	# norandmaps: TCG keys its translated code by virtual address, so
	# with ASLR each new process has its libraries translated anew;
	# without it one process's translations serve the next (40 % less
	# CPU on process-heavy tests, docs/xarch.md). The host's run keeps
	# ASLR.
	machine[-1]+=" panic=-1 quiet norandmaps xarch.budget=$budget"
	# -nodefaults: no NIC, so qemu does not look for efi-virtio.rom.
	# thread=multi: one host thread per vCPU (MTTCG; qemu's default for
	# both boards, stated so that a qemu without it fails here).
	timeout -k 10 "$limit" "${machine[@]}" -m "${INJTRACE_XARCH_MEM:-2048}" \
		-accel tcg,thread=multi \
		-smp "${INJTRACE_XARCH_CPUS:-2}" -nodefaults \
		-display none -serial stdio -no-reboot \
		-kernel "$kernel" -initrd "$initrd" </dev/null >"$log" 2>&1
}

main "$@"
