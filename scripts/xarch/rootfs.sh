#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: rootfs.sh ARCH
# Prints the path of a Debian root filesystem for ARCH, made on first use
# with mmdebstrap from the system's Debian mirror and cached:
#   aarch64  bookworm arm64      riscv64  trixie riscv64 (bookworm has none)
# It serves twice:
#   rootfs-ARCH/       the cross build's sysroot (-dev packages, headers,
#                      libraries the build links against), and
#   rootfs-ARCH.cpio   the guest's userland (the same tree less headers,
#                      static archives, docs and locales), an uncompressed
#                      initramfs: the guest kernel unpacks it faster than
#                      it would gunzip it under TCG.
# The packages are extracted, not installed (--variant=extract): no
# maintainer script has to run under emulation, and the guest needs none
# (its /init runs ldconfig). Set INJTRACE_XARCH_REFRESH=1 to make it again.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# What the suite runs in the guest, and what the cross build links.
PACKAGES=(bash python3 bpftool strace cmake bc mawk procps mount util-linux
	libbpf-dev libelf-dev zlib1g-dev libzstd-dev libcapstone-dev
	libunwind-dev libiberty-dev libc6-dev)
# aarch64: criterion.
# riscv64: libgcc and libstdc++ for clang (on aarch64 the cross g++ brings
# its own); Debian builds no criterion for riscv64, so criterion.sh builds
# it from Debian's source package against these libraries.
# shellcheck disable=SC2034 # read through a nameref in main()
PACKAGES_aarch64=(libcriterion-dev)
# shellcheck disable=SC2034
PACKAGES_riscv64=(libgcc-14-dev libstdc++-14-dev libffi-dev libgit2-dev
	libnanomsg-dev libnanopb-dev debugbreak libfml-dev)

tmp=

# riscv64: Debian has no criterion for it; criterion.sh builds it from
# Debian's source into the tree (cached apart, as criterion-riscv64/).
add_criterion()
{
	[ "$arch" != riscv64 ] || "$(dirname "$0")/criterion.sh" "$arch" "$1"
}

criterion_current()
{
	[ "$arch" != riscv64 ] ||
		[ "$(cat "$1/.criterion" 2>/dev/null)" = \
		  "$("$(dirname "$0")/criterion.sh" --key "$arch")" ]
}

# Drop what neither the build nor the guest needs, then pack the guest's
# part, leaving out what only the build needs.
pack_guest()
{
	local dir=$1 out=$2

	rm -rf "$dir"/usr/share/{doc,man,info,locale,lintian,perl} \
		"$dir"/usr/lib/*/perl "$dir"/var/cache/apt/* \
		"$dir"/var/lib/apt/lists/*
	(cd "$dir" && find . -mindepth 1 \
		-path ./usr/include -prune -o -name '*.a' -o -print |
		LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.new"
	mv "$out.new" "$out"
}

arch=${1:?usage: rootfs.sh ARCH}

main()
{
	local darch dir suite source list
	local -n extra=PACKAGES_$arch

	darch=$(xarch_debian_arch "$arch")
	dir=$XARCH_CACHE/rootfs-$arch
	list=$(IFS=,; echo "${PACKAGES[*]},${extra[*]}")
	# .complete holds the package list it was made from: a changed list
	# makes it again.
	if [ "$(cat "$dir/.complete" 2>/dev/null)" = "$list" ] &&
	   [ -z "${INJTRACE_XARCH_REFRESH:-}" ] && criterion_current "$dir"
	then
		echo "$dir"
		return 0
	fi
	xarch_lock "rootfs-$arch"
	if [ "$(cat "$dir/.complete" 2>/dev/null)" = "$list" ] &&
	   [ -z "${INJTRACE_XARCH_REFRESH:-}" ]; then
		# Only criterion is out of date (its patch or Debian's
		# source changed): build it again, pack the guest again.
		if ! criterion_current "$dir"; then
			add_criterion "$dir"
			pack_guest "$dir" "$dir.cpio"
		fi
		echo "$dir"
		return 0
	fi
	command -v mmdebstrap >/dev/null ||
		xarch_die "mmdebstrap is missing (scripts/xarch/install.sh)"
	suite=bookworm
	[ "$arch" != riscv64 ] || suite=trixie
	source="deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(xarch_mirror) $suite main"
	xarch_log "$arch: making a $suite $darch root filesystem (mmdebstrap)"
	tmp=$(mktemp -d "$XARCH_CACHE/rootfs-$arch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	if ! mmdebstrap --quiet --variant=extract --architectures="$darch" \
		--include='?essential' --include="$list" \
		"$suite" "$tmp/root" "$source" >"$tmp/log" 2>&1; then
		tail -n 20 "$tmp/log" >&2
		if grep -q -E 'Failed to fetch|Could not resolve|Temporary failure' \
			"$tmp/log"; then
			xarch_skip "cannot reach the Debian mirror for the $arch rootfs"
		fi
		xarch_die "mmdebstrap for $arch failed"
	fi
	add_criterion "$tmp/root"
	pack_guest "$tmp/root" "$tmp/guest.cpio"
	rm -rf "$dir" "$dir.cpio"
	mv "$tmp/guest.cpio" "$dir.cpio"
	mv "$tmp/root" "$dir"
	echo "$list" >"$dir/.complete"
	xarch_unlock
	echo "$dir"
}

main "$@"
