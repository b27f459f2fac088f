#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: run.sh [--out DIR] [--setup] [ARCH...]
#                                 (ARCH: aarch64 riscv64; default both)
#
# Cross-arch tests: installs qemu, the cross toolchains and mmdebstrap,
# fetches Debian kernels and makes Debian root filesystems into the cache,
# cross-builds the whole project against them, boots each guest under
# qemu-system (TCG) with the userland and the build in its initramfs, lets
# it run the project's ctest suite (less the host-only tests) and reads the
# verdict from the serial console.
#
# Cache: $INJTRACE_XARCH_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/injtrace-xarch
# Build output and console logs: DIR/<arch> (default build/xarch/<arch>).
# Exit status: 0 every arch passed, 1 one failed, 77 skipped (no mirror).
# --setup (ctest's xarch_<arch>, a fixture): the guests' own failures do
# not fail the run, only a guest that gave no full result: each guest test
# is then its own host test (scripts/xarch/result.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

XARCH_SCRIPTS=$XARCH_ROOT/scripts/xarch

# Print "passed failed skipped" from the guest's summary line, if any.
summary_counts()
{
	tr -d '\r' <"$1" | sed -n -E \
		's/^xarch: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/p' |
		tail -n1
}

# The failed tests of the guest, by name, from its result lines.
failed_names()
{
	sed -n -E 's/^xarch: test failed [0-9.]+ (.*)$/\1/p' "$1" | tr '\n' ' '
}

run_arch()
{
	local arch=$1 out=$2 setup=$3 kernel rootfs expected counts rc=0 start
	local passed failed skipped names

	start=$SECONDS
	rm -f "$out/console.txt" "$out/skipped"
	# Called from an || list, where set -e is off: check each step.
	kernel=$("$XARCH_SCRIPTS/kernel.sh" "$arch") || return
	rootfs=$("$XARCH_SCRIPTS/rootfs.sh" "$arch") || return
	if ! "$XARCH_SCRIPTS/build.sh" "$arch" "$rootfs" "$out"; then
		echo "xarch_$arch: FAIL (cross-build)"
		return 1
	fi
	expected=$(cat "$out/tests.count")

	xarch_log "$arch: booting $(cat "$(dirname "$kernel")/version")"
	"$XARCH_SCRIPTS/boot.sh" "$arch" "$kernel" "$out/initrd" \
		"$out/console.log" || rc=$?
	# What /init and the tests printed, without the kernel's boot noise.
	tr -d '\r' <"$out/console.log" >"$out/console.txt"
	sed -n '/^xarch: guest /,/^xarch: [0-9]* passed, /p' \
		"$out/console.txt" >&2

	counts=$(summary_counts "$out/console.txt")
	if [ -z "$counts" ]; then
		xarch_log "$arch: no summary from the guest (qemu exit $rc);" \
			"end of $out/console.log:"
		tail -n 30 "$out/console.txt" >&2
		echo "xarch_$arch: FAIL (no summary) in $((SECONDS - start)) s"
		return 1
	fi
	read -r passed failed skipped <<<"$counts"
	names=$(failed_names "$out/console.txt")
	if [ $((passed + failed + skipped)) -ne "$expected" ] ||
	   [ "$passed" -eq 0 ]; then
		echo "xarch_$arch: FAIL ($passed passed, $failed failed," \
			"$skipped skipped of $expected) in $((SECONDS - start)) s"
		return 1
	fi
	if [ -n "$names" ] || [ "$failed" -ne 0 ]; then
		echo "xarch_$arch: FAIL ($passed passed, $failed failed," \
			"$skipped skipped) in $((SECONDS - start)) s;" \
			"failed: ${names:-(no result line)}"
		# Under ctest each guest test is its own host test
		# (xarch_<arch>/NAME), which fails for itself.
		[ "$setup" = 1 ] || return 1
		return 0
	fi
	echo "xarch_$arch: PASS ($passed passed, $failed failed," \
		"$skipped skipped) in $((SECONDS - start)) s"
}

main()
{
	local out=$XARCH_ROOT/build/xarch arches=() arch rc failed=0 skipped=0
	local setup=0

	while [ $# -gt 0 ]; do
		case $1 in
		--out)
			out=${2:?--out needs a directory}
			shift 2
			;;
		--setup)
			setup=1
			shift
			;;
		-h | --help)
			sed -n '3,18s/^# \{0,1\}//p' "$0"
			return 0
			;;
		*)
			arches+=("$1")
			shift
			;;
		esac
	done
	[ ${#arches[@]} -gt 0 ] || arches=("${XARCH_ARCHES[@]}")
	for arch in "${arches[@]}"; do
		xarch_debian_arch "$arch" >/dev/null
	done

	"$XARCH_SCRIPTS/install.sh"
	for arch in "${arches[@]}"; do
		rc=0
		mkdir -p "$out/$arch"
		# the ctest that runs xarch_<arch>/NAME after this (result.sh)
		[ "$setup" = 0 ] || echo "$PPID" >"$out/$arch/ctest.pid"
		run_arch "$arch" "$out/$arch" "$setup" || rc=$?
		case $rc in
		0) ;;
		"$XARCH_SKIP")
			skipped=1
			echo "the guest could not be had (xarch_$arch says why)" \
				>"$out/$arch/skipped"
			;;
		*) failed=1 ;;
		esac
	done
	[ "$failed" -eq 0 ] || return 1
	[ "$skipped" -eq 0 ] || return "$XARCH_SKIP"
}

main "$@"
