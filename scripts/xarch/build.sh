#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: build.sh ARCH SYSROOT OUTDIR
# Cross-builds everything that runs in the ARCH guest, statically, with
# tests/xarch/guest/CMakeLists.txt (the project's src/arch, src/inject and
# guest-runnable tests, plus tests/xarch's own programs) in OUTDIR/build,
# then lays out the initramfs in OUTDIR/root and packs OUTDIR/initrd.gz:
#   /init                 the runner (tests/xarch/guest_init.c)
#   /xarch/tests.list     what /init runs, in order
#   OUTDIR/build/...      the build's executables at their host paths, so
#                         compiled-in paths and test arguments stay valid
set -euo pipefail
source "$(dirname "$0")/lib.sh"

configure()
{
	local arch=$1 sysroot=$2 build=$3

	cmake -S "$XARCH_ROOT/tests/xarch/guest" -B "$build" \
		-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR="$arch" \
		-DCMAKE_C_COMPILER="$(xarch_triplet "$arch")-gcc" \
		-DXARCH_SYSROOT="$sysroot" \
		-DXARCH_TEST_TIMEOUT="${INJTRACE_XARCH_TEST_TIMEOUT:-300}" \
		-DXARCH_STRESS="${INJTRACE_XARCH_STRESS:-2000}" \
		>"$build.configure.log" 2>&1 || {
		cat "$build.configure.log" >&2
		return 1
	}
	sed -n 's/^-- xarch guest: /xarch: '"$arch"': /p' \
		"$build.configure.log" >&2
}

# Copy the executables and create the tests' working directories.
lay_out_root()
{
	local build=$1 root=$2 file cwd

	rm -rf "$root"
	mkdir -p "$root"/{xarch,proc,sys,dev,tmp}
	while IFS= read -r file; do
		mkdir -p "$root$(dirname "$file")"
		cp "$file" "$root$file"
	done < <(find "$build" -path "$build/CMakeFiles" -prune -o \
		-type f -perm -u+x -print)
	mv "$root$build/guest_init" "$root/init"
	cp "$build/tests.list" "$root/xarch/tests.list"
	while read -r _ _ cwd _; do
		mkdir -p "$root$cwd"
	done <"$build/tests.list"
}

pack_initrd()
{
	local root=$1 out=$2

	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.new"
	mv "$out.new" "$out"
}

main()
{
	local arch=${1:?usage: build.sh ARCH SYSROOT OUTDIR}
	local sysroot=${2:?usage: build.sh ARCH SYSROOT OUTDIR}
	local out=${3:?usage: build.sh ARCH SYSROOT OUTDIR} build

	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	build=$out/build
	configure "$arch" "$sysroot" "$build"
	cmake --build "$build" -j"$(nproc)" >"$build.log" 2>&1 || {
		grep -E -B2 -A6 'error|Error' "$build.log" | head -n 60 >&2
		xarch_log "$arch: cross-build failed, full log: $build.log"
		return 1
	}
	lay_out_root "$build" "$out/root"
	pack_initrd "$out/root" "$out/initrd.gz"
	xarch_log "$arch: built $(grep -c . "$out/root/xarch/tests.list")" \
		"guest tests"
}

main "$@"
