#!/bin/bash
# SPDX-License-Identifier: MIT
# check_demangle.sh INJTRACE VICTIM|--no-cxx|--rust SOURCE: the -k stack of a
# victim's bpf() call is the one strace -k prints, frame for frame, C++
# (or Rust) names demangled: "ns::by_id<unsigned int>::open(unsigned
# int)+0x4a", not "_ZN...".  --rust builds SOURCE with rustc first
# (rustc comes with scripts/setup.sh; skipped where it is missing).
set -u
injtrace=$1
victim=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
command -v strace >/dev/null || { echo "no strace: skipped"; exit 77; }
if [ "$victim" = --no-cxx ]; then
	echo "no C++ compiler at build time: C++ frames not checked, skipped"
	exit 77
fi
if [ "$victim" = --rust ]; then
	command -v rustc >/dev/null ||
		{ echo "no rustc: Rust frames not checked, skipped"; exit 77; }
	rustc -g -C opt-level=1 -o "$dir/victim" "$3" ||
		{ echo "FAIL: rustc $3"; exit 1; }
	victim=$dir/victim
	want='demangle_victim::open_by_id+0x'
else
	want='injtrace_test::by_id<unsigned int>::open(unsigned int)+0x'
fi
strace -qq -k -e trace=bpf -o "$dir/strace" "$victim" >/dev/null 2>&1
"$injtrace" -k -o "$dir/ours" "$victim" >/dev/null 2>&1 ||
	{ echo "FAIL: injtrace -k exited $?"; exit 1; }
grep '^ > ' "$dir/ours" | grep -qF "($want" || {
	echo "FAIL: no demangled frame \"$want\" in:"
	cat "$dir/ours"
	exit 1
}
if grep -q '^ > .*(_Z' "$dir/ours"; then
	echo "FAIL: a mangled name is left:"
	cat "$dir/ours"
	exit 1
fi
grep '^ > ' "$dir/strace" | grep -qF "($want" ||
	{ echo "strace -k here cannot demangle: frames not compared"; exit 0; }
grep -v '^+++ ' "$dir/strace" >"$dir/strace.calls"
grep -v '^+++ ' "$dir/ours" >"$dir/ours.calls"
diff -u "$dir/strace.calls" "$dir/ours.calls" ||
	{ echo "FAIL: -k differs from strace -k"; exit 1; }
echo "ok: $(grep -c '^ > ' "$dir/ours") frames as strace -k prints them"
