#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fuzzes one target for a bounded time: run_fuzz.sh BIN SRCDIR TARGET SECONDS.
# Starts from the committed seeds and regression inputs (read only); what
# it discovers goes to a scratch corpus.  A finding fails the test and is
# kept in the build directory as fuzz-TARGET-crash-* (reproduce with
# `BIN FILE`; commit it under regress/TARGET/ with the fix).
set -euo pipefail
bin=$1 src=$2 t=$3 secs=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/injtrace-fuzz-$t.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$src/regress/$t"
st=0
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-max_len=16384 -print_final_stats=1 \
	-artifact_prefix="$PWD/fuzz-$t-" \
	"$work/corpus" "$src/corpus/$t" "$src/regress/$t" >"$work/log" 2>&1 ||
	st=$?
if [ "$st" -ne 0 ]; then
	tail -n 80 "$work/log"
	for f in "$PWD"/fuzz-"$t"-*; do
		[ -e "$f" ] || continue
		echo "finding kept in $f; base64:"
		base64 -w 0 "$f"
		echo
	done
	echo "FAIL: fuzz_$t exited $st"
	exit 1
fi
grep -E '^(stat::|#[0-9]+.*DONE|Done)' "$work/log" || tail -n 5 "$work/log"
echo "fuzz_$t: $secs s, $(ls "$work/corpus" | wc -l) new inputs, no finding"
