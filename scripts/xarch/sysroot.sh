#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: sysroot.sh ARCH
# Prints the path of a sysroot holding the static libraries the guest tests
# link against beyond libc (for now: capstone), built on first use by
# extracting Debian -dev packages, never installing them:
#   aarch64  bookworm libcapstone-dev:arm64 (capstone 4)
#   riscv64  trixie libcapstone-dev:riscv64 (capstone 5: bookworm's capstone
#            4 has no RISC-V), debug info stripped (see below)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PACKAGES=(libcapstone-dev)

tmp=

main()
{
	local arch=${1:?usage: sysroot.sh ARCH} darch dir pkgs=() pkg deb lib

	darch=$(xarch_debian_arch "$arch")
	dir=$XARCH_CACHE/sysroot-$arch
	if [ -f "$dir/.complete" ] && [ -z "${INJTRACE_XARCH_REFRESH:-}" ]; then
		echo "$dir"
		return 0
	fi

	xarch_lock "sysroot-$arch"
	if [ -f "$dir/.complete" ] && [ -z "${INJTRACE_XARCH_REFRESH:-}" ]; then
		echo "$dir"
		return 0
	fi
	for pkg in "${PACKAGES[@]}"; do
		if [ "$arch" = riscv64 ]; then
			pkgs+=("$pkg")
		else
			pkgs+=("$pkg:$darch")
		fi
	done
	xarch_log "building the $arch sysroot from ${pkgs[*]}"
	tmp=$(mktemp -d "$XARCH_CACHE/sysroot-$arch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && xarch_download "$arch" "${pkgs[@]}")
	rm -rf "$dir"
	mkdir -p "$dir"
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$dir"
	done
	# trixie's archives come from gcc 14, whose debug sections carry
	# R_RISCV_SET/SUB_ULEB128 relocations that bookworm's ld (binutils
	# 2.40) crashes on; the guests need no debug info.
	if [ "$arch" = riscv64 ]; then
		for lib in "$dir"/usr/lib/"$(xarch_triplet "$arch")"/*.a; do
			"$(xarch_triplet "$arch")-objcopy" --strip-debug "$lib"
		done
	fi
	touch "$dir/.complete"
	xarch_unlock
	echo "$dir"
}

main "$@"
