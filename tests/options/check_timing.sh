#!/bin/bash
# SPDX-License-Identifier: MIT
# check_timing.sh INJTRACE PROG THREADS: -t, -tt, -ttt, -r, -T and their
# combinations print the prefix and suffix strace 6.1 prints.  PROG (a
# golden program: the same bpf() calls every run) runs under strace and
# under injtrace --plain with each option; every line's prefix (before
# "bpf(") and suffix (after the result; strace pads short calls to
# column 40 before " = ") is reduced to its shape (digits
# -> 9) and the two sets of shapes must be equal, as must the number of
# lines.  Then the figures themselves: within the run, in order, and
# --json's "ts" / "duration_ns" beside them.
set -u
injtrace=$1
prog=$2
threads=$3
command -v strace >/dev/null || { echo "no strace: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# prefix and suffix shapes of the bpf() lines of a trace, one a line
shapes() {
	grep 'bpf(' "$1" | sed -E \
		-e 's/^(.*)bpf\(.*\) +=( -1 E[A-Z0-9]+ \([^)]*\)| [0-9]+)(.*)$/\1|\3/' \
		-e 's/[0-9]/9/g' | sort -u
}

for opt in -t -tt -ttt -r "-t -r" "-tt -r" -T "-ttt -T" "-tt -r -T"; do
	name=${opt// /}
	# shellcheck disable=SC2086
	strace -qq -e trace=bpf $opt -o "$dir/s$name" "$prog" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 77 ] && { echo "bpf() not permitted: skipped"; exit 77; }
	# shellcheck disable=SC2086
	"$injtrace" --plain $opt -o "$dir/i$name" "$prog" >/dev/null 2>&1 ||
		fail "injtrace $opt: exit $?"
	ns=$(grep -c 'bpf(' "$dir/s$name")
	ni=$(grep -c 'bpf(' "$dir/i$name")
	if [ "$ns" -ne "$ni" ] || [ "$ns" -eq 0 ]; then
		fail "$opt: strace printed $ns lines, injtrace $ni"
	fi
	shapes "$dir/s$name" >"$dir/s$name.shape"
	shapes "$dir/i$name" >"$dir/i$name.shape"
	if diff -u "$dir/s$name.shape" "$dir/i$name.shape" >"$dir/diff"; then
		echo "$opt: as strace: $(head -1 "$dir/i$name.shape")"
	else
		fail "$opt: prefix|suffix shapes differ from strace's:"
		cat "$dir/diff"
	fi
done

# -r: the first line is 0 (strace 6.1 counts from its first line, not
# from its start), as are strace's, in both forms
for opt in -r "-t -r"; do
	name=${opt// /}
	for who in s i; do
		first=$(grep -m1 'bpf(' "$dir/$who$name" |
			grep -oE '^[^b]*[0-9]+\.[0-9]{6}\)? ')
		case $first in
		*" 0.000000 " | *" 0.000000) ") ;;
		*) fail "$opt: first line's figure '$first' ($who), not 0" ;;
		esac
	done
done

# -f with threads: "[pid  1234] " first, the pid right-aligned in 5
# columns as strace prints it on stderr (with -o, strace writes "1234  "
# and so does injtrace --plain: tests/core/check_plain.sh).  Pids differ
# run to run: their shape is checked, then replaced.
pid_shapes() {
	grep 'bpf(' "$1" | grep -oE '^\[pid +[0-9]+\] ' |
		awk '{ n = $2; sub(/\]/, "", n);
		       if ($0 != sprintf("[pid %5d] ", n)) print "bad: " $0 }'
	grep 'bpf(' "$1" | sed -E 's/^\[pid +[0-9]+\] /[pid N] /' >"$1.n"
	shapes "$1.n"
}
strace -f -qq -tt -T -e trace=bpf "$threads" 20 2>"$dir/sf" >/dev/null
"$injtrace" -f --plain -tt -T "$threads" 20 2>"$dir/if" >/dev/null ||
	fail "injtrace -f: exit $?"
pid_shapes "$dir/sf" >"$dir/sf.shape"
pid_shapes "$dir/if" >"$dir/if.shape"
grep -q '^\[pid N\]' "$dir/if.shape" || fail "-f: no [pid N] prefix"
if diff -u "$dir/sf.shape" "$dir/if.shape" >"$dir/diff"; then
	echo "-f -tt -T: as strace: $(tail -1 "$dir/if.shape")"
else
	fail "-f -tt -T: prefix shapes differ from strace's:"
	cat "$dir/diff"
fi

# the figures: -ttt within the run and in order; -T below the run's time
start=$(date +%s.%N)
"$injtrace" --plain -ttt -T -o "$dir/figures" "$prog" >/dev/null 2>&1
end=$(date +%s.%N)
"$injtrace" --json -T -o "$dir/json" "$prog" >/dev/null 2>&1
"$injtrace" --json -o "$dir/json_no_T" "$prog" >/dev/null 2>&1
python3 - "$start" "$end" "$dir/figures" "$dir/json" "$dir/json_no_T" <<'PY' ||
import json, re, sys
start, end = float(sys.argv[1]), float(sys.argv[2])
last = 0.0
for line in open(sys.argv[3]):
    if "bpf(" not in line:
        continue    # "+++ exited with 0 +++": strace's -T adds nothing
    m = re.match(r'^(\d+\.\d{6}) bpf\(.* <(\d+\.\d{6})>$', line.rstrip('\n'))
    assert m, "no -ttt/-T figures: " + line
    ts, took = float(m.group(1)), float(m.group(2))
    assert start - 1e-6 <= ts <= end, (start, ts, end)
    assert ts >= last, ("not in order", last, ts)
    assert took <= end - start, ("longer than the run", took)
    last = ts
n = 0
for line in open(sys.argv[4]):
    o = json.loads(line)
    if "cmd" not in o:
        continue
    assert isinstance(o["duration_ns"], int) and o["duration_ns"] >= 0, o
    assert list(o)[-3:] == ["duration_ns", "ret", "errno"], list(o)
    n += 1
assert n > 0, "no JSON lines"
for line in open(sys.argv[5]):
    assert "duration_ns" not in json.loads(line), "duration_ns without -T"
PY
	fail "figures"
[ "$status" -eq 0 ] && echo ok
exit "$status"
