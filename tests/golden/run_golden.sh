#!/bin/sh
# SPDX-License-Identifier: MIT
# run_golden.sh INJTRACE PROG: runs PROG under injtrace; PROG prints the
# lines injtrace must print; any difference fails.  Exit 77 = skipped.
set -u
injtrace=$1
prog=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$injtrace" --plain -o "$dir/out" "$prog" >"$dir/expected"
rc=$?
[ "$rc" -eq 77 ] && exit 77
if [ "$rc" -ne 0 ]; then
	echo "golden: $prog exited $rc under injtrace" >&2
	cat "$dir/out" >&2
	exit 1
fi
# strace-like footers are not part of the contract of these tests, nor is
# the column " = RET" is padded to (tests/core/check_plain.sh holds it)
grep -v -e '^+++ ' -e '^--- ' "$dir/out" | sed -E 's/\) +=( |$)/) =\1/' \
	>"$dir/actual"
# The programs state strace's attr syntax (fds as numbers, keys/values as
# addresses): --plain; typed output has golden tests of its own.
diff -u "$dir/expected" "$dir/actual"
