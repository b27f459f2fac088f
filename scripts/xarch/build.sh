#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: build.sh ARCH ROOTFS OUTDIR
# Cross-builds the whole project (injtrace, every test program) for ARCH
# from the top-level CMakeLists.txt with cmake/toolchain-ARCH.cmake and
# ROOTFS (scripts/xarch/rootfs.sh) as sysroot, in OUTDIR/build. Then packs
# OUTDIR/initrd: the cached guest userland (ROOTFS.cpio) followed by a
# second cpio archive (the kernel unpacks both, in order) holding
#   /init                    tests/xarch/guest_init.sh
#   /xarch/env               what /init runs (build dir, jobs, ctest args)
#   the project's sources    at their host path (the tests' scripts)
#   OUTDIR/build             at its host path, less objects and archives,
#                            so CTestTestfile.cmake's paths hold unchanged
# Test timeouts in the guest's copy of the build tree are multiplied by
# INJTRACE_XARCH_TIMEOUT_SCALE (default 8): TCG is that much slower.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

configure()
{
	local arch=$1 rootfs=$2 build=$3

	cmake -S "$XARCH_ROOT" -B "$build" \
		--toolchain "$XARCH_ROOT/cmake/toolchain-$arch.cmake" \
		-DINJTRACE_SYSROOT="$rootfs" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		>"$build.configure.log" 2>&1 || {
		cat "$build.configure.log" >&2
		return 1
	}
}

# The project's files the tests may read: what git tracks (or, without
# git, everything but build trees).
copy_sources()
{
	local root=$1

	if git -C "$XARCH_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$XARCH_ROOT" ls-files -z
	else
		(cd "$XARCH_ROOT" && find . -path './build*' -prune -o \
			-path ./.git -prune -o -type f -print0)
	fi | (cd "$XARCH_ROOT" && cpio -0 -pdm --quiet "$root$XARCH_ROOT")
}

copy_build()
{
	local build=$1 root=$2 scale=${INJTRACE_XARCH_TIMEOUT_SCALE:-8}

	(cd / && find "$build" -name '*.o' -prune -o -name '*.a' -prune -o \
		-path "$build/Testing" -prune -o -print |
		cpio -pdm --quiet "$root")
	# shellcheck disable=SC2016 # $1 is perl's
	find "$root$build" -name CTestTestfile.cmake -print0 |
		xargs -0 -r perl -pi -e \
		's/TIMEOUT "(\d+)(\.\d*)?"/sprintf("TIMEOUT \"%d\"", $1 * '"$scale"')/ge'
}

lay_out_overlay()
{
	local arch=$1 build=$2 root=$3

	rm -rf "$root"
	mkdir -p "$root/xarch"
	copy_sources "$root"
	copy_build "$build" "$root"
	cp "$XARCH_ROOT/tests/xarch/guest_init.sh" "$root/init"
	cat >"$root/xarch/env" <<-ENV
		XARCH_ARCH=$arch
		XARCH_BUILD=$build
		XARCH_SOURCE=$XARCH_ROOT
		XARCH_JOBS=${INJTRACE_XARCH_CPUS:-2}
		XARCH_BENCH_ITERATIONS=${INJTRACE_XARCH_BENCH_ITERATIONS:-1000}
		XARCH_TEST_SCALE=${INJTRACE_XARCH_TEST_SCALE:-10}
		XARCH_TIME_SCALE=${INJTRACE_XARCH_TIMEOUT_SCALE:-8}
		XARCH_CTEST_ARGS="$XARCH_CTEST_ARGS"
	ENV
}

main()
{
	local arch=${1:?usage: build.sh ARCH ROOTFS OUTDIR}
	local rootfs=${2:?usage: build.sh ARCH ROOTFS OUTDIR}
	local out=${3:?usage: build.sh ARCH ROOTFS OUTDIR} build

	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	build=$out/build
	configure "$arch" "$rootfs" "$build"
	cmake --build "$build" -j"$(nproc)" >"$build.log" 2>&1 || {
		grep -E -B2 -A6 'error|Error' "$build.log" | head -n 60 >&2
		xarch_log "$arch: cross-build failed, full log: $build.log"
		return 1
	}
	lay_out_overlay "$arch" "$build" "$out/overlay"
	(cd "$out/overlay" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$out/overlay.cpio"
	cat "$rootfs.cpio" "$out/overlay.cpio" >"$out/initrd.new"
	mv "$out/initrd.new" "$out/initrd"
	rm -f "$out/overlay.cpio"
	# shellcheck disable=SC2086 # a list of words
	(cd "$build" && ctest -N $XARCH_CTEST_ARGS) |
		sed -n 's/^Total Tests: //p' >"$out/tests.count"
	xarch_log "$arch: built; the guest runs $(cat "$out/tests.count") tests"
}

main "$@"
