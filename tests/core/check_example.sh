#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The example output of README.md and of the man page's OUTPUT is what the
# bundled example (examples/maps_demo) really prints under injtrace, line
# for line (pointers aside: they change run to run).
. "$(dirname "$0")/lib.sh"
need_root
src=$(cd "$(dirname "$0")/../.." && pwd)
demo=$BIN/../../examples/maps_demo
[ -x "$demo" ] || fail "no $demo"
# as from a shell: no fd beyond 2 inherited (ctest leaves one open, which
# would shift every fd the example gets by one)
st=0
python3 -c 'import subprocess, sys
sys.exit(subprocess.run(sys.argv[1:], close_fds=True).returncode)' \
	"$INJTRACE" -o "$TMP/out" "$demo" >/dev/null 2>"$TMP/err" || st=$?
[ "$st" -eq 0 ] || { grep -q 'skip' "$TMP/err" && exit 77; fail "maps_demo: $st"; }
ptr() { sed -E 's/0x[0-9a-f]{6,}/PTR/g' "$@"; }
ptr "$TMP/out" >"$TMP/printed"
# the indented block that follows the README's "Example output, of ..."
awk '/^Example output, of `injtrace .\/build\/examples\/maps_demo`/ { on = 1; next }
     on && /^    / { print substr($0, 5); seen = 1; next }
     on && seen { exit }' "$src/README.md" | ptr >"$TMP/readme"
sed -n '/^\.SH OUTPUT/,/^\.SH /p' "$src/docs/injtrace.1" |
	sed -n '/^\.nf/,/^\.fi/p' | grep '^bpf(' | ptr >"$TMP/man"
for doc in readme man; do
	[ -s "$TMP/$doc" ] || fail "no example found in the $doc"
	while IFS= read -r line; do
		grep -qxF -- "$line" "$TMP/printed" ||
			fail "$doc example not printed by maps_demo: $line"
	done <"$TMP/$doc"
	echo "$doc: $(wc -l <"$TMP/$doc") example lines as printed"
done
echo ok
