#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --plain is strace's output byte for byte: " = RET" at column 40,
# "[pid %5u] " with more than one task, "PID " on every line with -f -o,
# the same "+++"/"---" lines; -k keeps the stack.  Also -o '|cmd' and -ff.
. "$(dirname "$0")/lib.sh"
need_root
command -v strace >/dev/null || { echo "skip: no strace"; exit 77; }
prog=$BIN/plain_lines
st=0; "$prog" || st=$?
[ "$st" -eq 77 ] && exit 77

# The pids of two runs differ: strace's forms are checked ("[pid %5u] ",
# "PID" as "%-5u "), then every pid becomes P (a width of 5 and less:
# the column 40 padding is the same whatever the pid); so do a SIGCHLD's
# si_utime/si_stime (a loaded machine gave 1 tick to one run, 0 to the
# other)
norm() {
	python3 - "$1" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r"\[pid +(\d+)\] ", line)
    if m and m.group(0) != "[pid %5d] " % int(m.group(1)):
        line = "BAD PREFIX " + line
    m = re.match(r"(\d+) +", line)
    if m and m.group(0) != "%-5d " % int(m.group(1)):
        line = "BAD PID COLUMN " + line
    line = re.sub(r"^\[pid +\d{1,5}\] ", "[pid PPPPP] ", line)
    line = re.sub(r"^\d{1,5} +", "PPPPP ", line)
    line = re.sub(r"0x[0-9a-f]{6,}", "PTR", line)
    # a child's CPU times in a SIGCHLD are the scheduler's, run to run
    line = re.sub(r"(si_[us]time=)\d+( /\* [^*]* \*/)?", r"\1T", line)
    print(re.sub(r"(?<![0-9a-zA-Z_])[0-9]{3,}(?![0-9])", "P", line), end="")
PY
}
sort_if() { if [ -n "$1" ]; then sort; else cat; fi; }
compare() {
	local name=$1 opts=$2
	shift 2
	# shellcheck disable=SC2086
	strace -e trace=bpf $opts -o "$TMP/$name.s" "$prog" "$@"
	# shellcheck disable=SC2086
	"$INJTRACE" --plain $opts -o "$TMP/$name.i" "$prog" "$@"
	# with -f, tasks run side by side: the order of their lines is
	# the scheduler's, the bytes of each line are strace's
	norm "$TMP/$name.s" | sort_if "$opts" >"$TMP/$name.s.n"
	norm "$TMP/$name.i" | sort_if "$opts" >"$TMP/$name.i.n"
	diff -u "$TMP/$name.s.n" "$TMP/$name.i.n" >&2 ||
		fail "--plain $opts: not strace's bytes (- strace, + injtrace)"
	echo "--plain $opts: $(wc -l <"$TMP/$name.i") lines, strace's bytes"
}
compare one ""
compare pid_column -f thread
# to stderr: "[pid %5u] " while more than one task is traced
strace -f -e trace=bpf "$prog" thread 2>"$TMP/stderr.s"
"$INJTRACE" --plain -f "$prog" thread 2>"$TMP/stderr.i"
grep -v '^strace: Process [0-9]* attached$' "$TMP/stderr.s" >"$TMP/stderr.s2"
norm "$TMP/stderr.s2" | sort >"$TMP/stderr.s.n"
norm "$TMP/stderr.i" | sort >"$TMP/stderr.i.n"
diff -u "$TMP/stderr.s.n" "$TMP/stderr.i.n" >&2 ||
	fail "--plain -f to stderr: not strace's bytes"
grep -q '^bpf(BPF_MAP_FREEZE, {map_fd=[0-9]}, 4)      = ' "$TMP/one.i" ||
	fail "no padded FREEZE line: $(cat "$TMP/one.i")"

# -k: the stack follows each call in --plain too
"$INJTRACE" --plain -k -o "$TMP/k" "$prog"
grep -A1 '^bpf(BPF_MAP_FREEZE' "$TMP/k" | grep -q '^ > ' ||
	fail "--plain -k dropped the stack: $(head -5 "$TMP/k")"

# -o '|cmd': the trace goes to the command
"$INJTRACE" --plain -o "|cat >$TMP/piped" "$prog"
cmp -s "$TMP/piped" "$TMP/one.i" 2>/dev/null ||
	{ norm "$TMP/piped" | diff -u "$TMP/one.i.n" - >&2 || fail "-o '|cmd'"; }
# -ff: one FILE.TID per task, as strace -ff
rm -f "$TMP"/ff.*
strace -ff -e trace=bpf -o "$TMP/sff" "$prog" thread
"$INJTRACE" --plain -ff -o "$TMP/ff" "$prog" thread
ns=$(find "$TMP" -name 'sff.*' | wc -l); ni=$(find "$TMP" -name 'ff.*' | wc -l)
[ "$ni" -eq 3 ] && [ "$ns" -eq "$ni" ] || fail "-ff: $ni files, strace $ns"
for f in "$TMP"/ff.*; do
	tid=${f##*.}
	grep -q -- '[+-]\{3\} \|^bpf(' "$f" || fail "-ff: empty $f"
	grep -q '^\[pid\|^[0-9]' "$f" && fail "-ff: prefix in $f"
	[ -n "$tid" ] || fail "-ff: $f"
done
cat "$TMP"/sff.* | norm /dev/stdin | sort >"$TMP/sff.n"
cat "$TMP"/ff.* | norm /dev/stdin | sort >"$TMP/ff.n"
diff -u "$TMP/sff.n" "$TMP/ff.n" >&2 || fail "-ff: lines not strace's"
echo ok
