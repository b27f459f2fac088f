#!/bin/bash
# SPDX-License-Identifier: MIT
# check_status.sh INJTRACE PROG: -z prints only the calls that succeeded,
# -Z only those that failed, alone and with -e cmd= (the filters add up),
# as strace -z / -Z select them.  PROG is a golden program: it prints
# the lines injtrace --plain must print for all its calls.
set -u
injtrace=$1
prog=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

run() {
	local out=$1 rc
	shift
	"$injtrace" --plain "$@" -o "$dir/$out.raw" "$prog" \
		>"$dir/expected" 2>"$dir/$out.err"
	rc=$?
	[ "$rc" -eq 77 ] && { echo "bpf() not permitted: skipped"; exit 77; }
	[ "$rc" -eq 0 ] || fail "injtrace $*: exit $rc"
	# the column " = RET" is padded to is tests/core/check_plain.sh's
	grep '^bpf(' "$dir/$out.raw" | sed -E 's/\) +=( |$)/) =\1/' \
		>"$dir/$out" || true
}

run all
if ! grep -q ' = -1 E' "$dir/expected" ||
	! grep -qv ' = -1 E' "$dir/expected"; then
	echo "FAIL: $prog has not both outcomes"
	exit 1
fi
diff -u "$dir/expected" "$dir/all" || fail "unfiltered trace"

run ok -z
grep -v ' = -1 E' "$dir/expected" >"$dir/want_ok"
diff -u "$dir/want_ok" "$dir/ok" || fail "-z"

run failed -Z
grep ' = -1 E' "$dir/expected" >"$dir/want_failed"
diff -u "$dir/want_failed" "$dir/failed" || fail "-Z"

# -Z then -z: the last one counts, as strace's
run last -Z -z
grep -v ' = -1 E' "$dir/expected" >"$dir/want_last"
diff -u "$dir/want_last" "$dir/last" || fail "-Z -z"

# with -e cmd=: both filters apply
run lookup_failed -Z -e cmd=map_lookup_elem,map_delete_elem
grep ' = -1 E' "$dir/expected" |
	grep -E '^bpf\(BPF_MAP_(LOOKUP|DELETE)_ELEM, ' \
		>"$dir/want_lookup_failed" || true
[ -s "$dir/want_lookup_failed" ] || fail "no failed lookup to filter"
diff -u "$dir/want_lookup_failed" "$dir/lookup_failed" ||
	fail "-Z -e cmd=map_lookup_elem,map_delete_elem"

# strace selects the same calls (counted: strace pads short lines)
if command -v strace >/dev/null; then
	for opt in -z -Z; do
		n_s=$(strace -qq -e trace=bpf $opt -o "$dir/s" "$prog" \
			>/dev/null 2>&1; grep -c '^bpf(' "$dir/s")
		case $opt in
		-z) n_i=$(wc -l <"$dir/ok") ;;
		-Z) n_i=$(wc -l <"$dir/failed") ;;
		esac
		[ "$n_s" -eq "$n_i" ] ||
			fail "strace $opt printed $n_s calls, injtrace $n_i"
	done
else
	echo "no strace: counts not compared"
fi
[ "$status" -eq 0 ] && echo ok
exit "$status"
