#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: kernel.sh ARCH
# Prints the path of a bootable Debian kernel Image for ARCH, downloading and
# extracting it into the cache on first use: arm64 from bookworm, riscv64
# from trixie. The ABI is resolved from the linux-image-<arch> metapackage,
# never hard-coded: Debian drops old ABIs from the mirror.
# Set INJTRACE_XARCH_REFRESH=1 to fetch the newest kernel again.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

tmp=

# The linux-image-X.Y.Z-N-<arch> package the metapackage points at.
resolve_package()
{
	local arch=$1 darch=$2 meta pkg

	meta=linux-image-$darch
	[ "$arch" = riscv64 ] || meta=$meta:$darch
	pkg=$(xarch_apt_cache "$arch" depends "$meta" 2>/dev/null |
		sed -n -E 's/^[[:space:]]*Depends: (linux-image-[0-9][^:[:space:]]*)(:.*)?$/\1/p' |
		head -n1)
	[ -n "$pkg" ] || xarch_die "cannot resolve $meta to a kernel package"
	echo "$pkg"
}

main()
{
	local arch=${1:?usage: kernel.sh ARCH} darch dir pkg file image='' suffix=''

	darch=$(xarch_debian_arch "$arch")
	# The system's apt (arm64 as a foreign arch) needs name:arch.
	[ "$arch" = riscv64 ] || suffix=:$darch
	dir=$XARCH_CACHE/kernel-$arch
	if [ -s "$dir/Image" ] && [ -z "${INJTRACE_XARCH_REFRESH:-}" ]; then
		echo "$dir/Image"
		return 0
	fi

	xarch_lock "kernel-$arch"
	if [ -s "$dir/Image" ] && [ -z "${INJTRACE_XARCH_REFRESH:-}" ]; then
		echo "$dir/Image"
		return 0
	fi
	# Outside the $(...) below, so that its skip (77) ends this script.
	[ "$arch" != riscv64 ] || xarch_trixie_update
	tmp=$(mktemp -d "$XARCH_CACHE/kernel-$arch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	if ! pkg=$(resolve_package "$arch" "$darch") ||
	   ! (cd "$tmp" && xarch_apt "$arch" download "$pkg$suffix" >&2); then
		# A stale index names an ABI the mirror has dropped: refresh,
		# then resolve again.
		xarch_log "refreshing the index and resolving again"
		xarch_refresh_index "$arch"
		pkg=$(resolve_package "$arch" "$darch")
		(cd "$tmp" && xarch_apt "$arch" download "$pkg$suffix" >&2) ||
			xarch_die "cannot download $pkg"
	fi
	xarch_log "fetched $pkg"
	dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" ./boot
	# arm64 ships a gzip'd Image as vmlinuz; riscv64's vmlinux is an Image.
	for file in "$tmp"/boot/vmlinuz-* "$tmp"/boot/vmlinux-*; do
		[ -f "$file" ] && image=$file && break
	done
	[ -n "$image" ] || xarch_die "no kernel image in $pkg"
	mkdir -p "$dir"
	cp "$image" "$dir/Image.new"
	echo "$pkg" >"$dir/version"
	mv "$dir/Image.new" "$dir/Image"
	xarch_unlock
	echo "$dir/Image"
}

main "$@"
