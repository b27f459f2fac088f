#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: build.sh ARCH SYSROOT OUTDIR
# Cross-builds the guest programs for ARCH, statically, into OUTDIR/root:
#   /init                     the runner (tests/xarch/guest_init.c)
#   /xarch/<test>             each guest test program
#   /xarch/tests.list         what /init runs, in order
# and packs OUTDIR/initrd.gz from it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

XARCH_TESTS=$XARCH_ROOT/tests/xarch

arch=
cc=
root=
sysroot=
cflags=()
ldflags=()
list=()

# compile NAME SOURCE... [-- LIBS...]: one static guest program.
compile()
{
	local out=$1 srcs=() libs=()

	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		srcs+=("$1")
		shift
	done
	[ $# -eq 0 ] || { shift; libs=("$@"); }
	"$cc" "${cflags[@]}" -o "$out" "${srcs[@]}" "${ldflags[@]}" \
		"${libs[@]}"
}

# add_test TIMEOUT_S NAME PATH_IN_GUEST [ARG...]
add_test()
{
	list+=("$*")
}

build_own_tests()
{
	compile "$root/xarch/guest_smoke" "$XARCH_TESTS/guest_smoke.c"
	add_test 60 guest_smoke /xarch/guest_smoke
	compile "$root/xarch/guest_capstone" "$XARCH_TESTS/guest_capstone.c" \
		-- -lcapstone
	add_test 60 guest_capstone /xarch/guest_capstone
}

pack_initrd()
{
	local out=$1

	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.new"
	mv "$out.new" "$out"
}

main()
{
	local out test

	arch=${1:?usage: build.sh ARCH SYSROOT OUTDIR}
	sysroot=${2:?usage: build.sh ARCH SYSROOT OUTDIR}
	out=${3:?usage: build.sh ARCH SYSROOT OUTDIR}
	cc=$(xarch_triplet "$arch")-gcc
	root=$out/root
	cflags=(-O2 -g0 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE
		-static -I"$sysroot/usr/include" -I"$XARCH_ROOT/src")
	ldflags=(-L"$sysroot/usr/lib/$(xarch_triplet "$arch")")

	rm -rf "$root"
	mkdir -p "$root"/{xarch,proc,sys,dev,tmp}
	compile "$root/init" "$XARCH_TESTS/guest_init.c"
	build_own_tests
	for test in "${list[@]}"; do
		echo "$test"
	done >"$root/xarch/tests.list"
	pack_initrd "$out/initrd.gz"
	xarch_log "$arch: built ${#list[@]} guest tests"
}

main "$@"
