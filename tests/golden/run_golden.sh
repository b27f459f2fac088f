#!/bin/sh
# SPDX-License-Identifier: MIT
# run_golden.sh INJTRACE PROG: runs PROG under injtrace; PROG prints the
# lines injtrace must print; any difference fails.  Exit 77 = skipped.
set -u
injtrace=$1
prog=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$injtrace" -o "$dir/out" "$prog" >"$dir/expected"
rc=$?
[ "$rc" -eq 77 ] && exit 77
if [ "$rc" -ne 0 ]; then
	echo "golden: $prog exited $rc under injtrace" >&2
	cat "$dir/out" >&2
	exit 1
fi
# strace-like footers are not part of the contract of these tests
grep -v -e '^+++ ' -e '^--- ' "$dir/out" >"$dir/actual"
# The programs state strace's attr syntax: fds as numbers, keys/values as
# addresses.  An injtrace that annotates fds and prints typed data (the
# default since core wired print_fd/print_map_data) needs a strace-compat
# switch to be compared; until it has one, say so and skip.
if grep -q -e '<map:' -e '/\* btf: ' "$dir/actual"; then
	echo "golden: injtrace printed typed data/fd names: needs a" \
		"strace-compatible output mode to compare; skipped" >&2
	exit 77
fi
diff -u "$dir/expected" "$dir/actual"
