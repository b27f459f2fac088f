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
# A guest that has not reached /init (its "xarch: guest" line on the
# console) after INJTRACE_XARCH_INIT_TIMEOUT seconds (300) of qemu not
# stopped is killed and booted again, twice at most; each hung boot's
# console is copied to LOG.hung-N. Seen once: riscv64 silent after OpenSBI's
# banner. INJTRACE_XARCH_HANG_BOOTS=N makes the first N boots hang on
# purpose (no rdinit, the root waited for on a disk there is not), to
# check this.
# Exit status: qemu's, or 124 on timeout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# The first line /init prints (tests/xarch/guest_init.sh).
INIT_MARK='xarch: guest '

# wait_init PID LOG BOUND: 0 once LOG has /init's line, 1 when qemu (PID)
# ran BOUND seconds without it; 2 when qemu ended before. Seconds while
# qemu is stopped (SIGSTOP, a benchmark's quiet machine) do not count.
wait_init()
{
	local pid=$1 log=$2 bound=$3 ran=0 state

	while [ "$ran" -lt "$bound" ]; do
		grep -q -a "$INIT_MARK" "$log" 2>/dev/null && return 0
		state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' \
			"/proc/$pid/status" 2>/dev/null) || state=
		[ -n "$state" ] && [ "$state" != Z ] || return 2
		[ "$state" = T ] || ran=$((ran + 1))
		sleep 1
	done
	grep -q -a "$INIT_MARK" "$log" 2>/dev/null
}

# boot_once LOG HANG: one boot; exit status as main's, or 125 when the
# guest was killed for not reaching /init. HANG=1 makes it hang on purpose.
boot_once()
{
	local log=$1 hang=$2 args=("${machine[@]}") pid qemu rc=0

	[ "$hang" = 0 ] || args[-1]+=" rdinit=/xarch-no-init root=/dev/vda rootwait"
	# -nodefaults: no NIC, so qemu does not look for efi-virtio.rom.
	# thread=multi: one host thread per vCPU (MTTCG; qemu's default for
	# both boards, stated so that a qemu without it fails here).
	timeout -k 10 "$limit" "${args[@]}" -m "${INJTRACE_XARCH_MEM:-2048}" \
		-accel tcg,thread=multi \
		-smp "${INJTRACE_XARCH_CPUS:-2}" -nodefaults \
		-display none -serial stdio -no-reboot \
		-kernel "$kernel" -initrd "$initrd" </dev/null >"$log" 2>&1 &
	pid=$!
	qemu=$(qemu_pid "$pid")
	if [ -n "$qemu" ] && ! wait_init "$qemu" "$log" "$init_bound" &&
	   kill -0 "$qemu" 2>/dev/null; then
		xarch_log "$arch: killing qemu (pid $qemu): no /init yet"
		kill -TERM "$qemu" 2>/dev/null || true
		wait "$pid" || true
		return 125
	fi
	wait "$pid" || rc=$?
	return "$rc"
}

# The qemu that timeout (PID) runs, once it runs; empty when it is gone.
qemu_pid()
{
	local _

	for _ in $(seq 50); do
		pgrep -P "$1" && return 0
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
}

main()
{
	local arch=${1:?} kernel=${2:?} initrd=${3:?} log=${4:?}
	local limit=${INJTRACE_XARCH_BOOT_TIMEOUT:-2700} machine=() budget
	local init_bound=${INJTRACE_XARCH_INIT_TIMEOUT:-300}
	local hangs=${INJTRACE_XARCH_HANG_BOOTS:-0} boot rc

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
	rm -f "$log".hung-*
	for boot in 1 2 3; do
		rc=0
		boot_once "$log" "$((boot <= hangs))" || rc=$?
		[ "$rc" = 125 ] || return "$rc"
		cp "$log" "$log.hung-$boot"
		xarch_log "$arch: boot $boot did not reach /init in" \
			"$init_bound s; killed (console: $log.hung-$boot)"
	done
	xarch_log "$arch: none of 3 boots reached /init"
	return 1
}

main "$@"
