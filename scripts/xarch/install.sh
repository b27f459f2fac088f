#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what the cross-arch tests need on the host: qemu-system for both
# guests, the aarch64 cross gcc, clang and lld 19 for riscv64
# (cmake/toolchain-riscv64.cmake says why), mmdebstrap for the guests' root
# filesystems, cpio, meson, nanopb's generator and llvm's ar for
# criterion's riscv64 build (criterion.sh); enables the arm64 dpkg architecture so bookworm's arm64
# kernel can be downloaded.
# Idempotent and quick when all is there. Exit 77 when the mirror cannot be
# reached and something is missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PACKAGES=(qemu-system-arm qemu-system-misc qemu-system-data
	gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
	binutils-aarch64-linux-gnu
	clang lld-19 mmdebstrap debian-archive-keyring pkg-config cmake
	cpio util-linux perl git
	meson ninja-build nanopb protobuf-compiler python3-protobuf llvm patch)

apt_update()
{
	xarch_log "apt-get update"
	if ! xarch_as_root apt-get update -qq -o DPkg::Lock::Timeout=300 >&2; then
		xarch_skip "apt-get update failed: the Debian mirror is unreachable"
	fi
}

main()
{
	local missing=() pkg updated=0

	for pkg in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
			grep -q "ok installed" || missing+=("$pkg")
	done
	if [ ${#missing[@]} -eq 0 ] &&
	   dpkg --print-foreign-architectures | grep -qx arm64 &&
	   apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1; then
		return 0
	fi

	command -v apt-get >/dev/null ||
		xarch_skip "not a Debian host: no apt-get to install qemu with"
	xarch_lock apt
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		xarch_log "dpkg --add-architecture arm64"
		xarch_as_root dpkg --add-architecture arm64
	fi
	if ! apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1; then
		apt_update
		updated=1
	fi
	missing=()
	for pkg in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
			grep -q "ok installed" || missing+=("$pkg")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		[ "$updated" -eq 1 ] || apt_update
		xarch_log "installing ${missing[*]}"
		# Waits for another apt (the project's setup.sh) to finish.
		if ! DEBIAN_FRONTEND=noninteractive xarch_as_root apt-get install \
			-y -qq --no-install-recommends \
			-o DPkg::Lock::Timeout=300 "${missing[@]}" >&2; then
			xarch_die "apt-get install ${missing[*]} failed"
		fi
	fi
	xarch_unlock
}

main "$@"
