#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A broken output is handled like SIGINT: a reader gone (SIGPIPE, EPIPE) or
# a full disk (ENOSPC) makes injtrace -p detach cleanly and exit non-zero
# with a message.  -o FILE is written in whole lines.  A SIGKILLed
# injtrace leaves its scratch area behind; the next one reuses it, at its
# usual address or wherever it had to be put.
. "$(dirname "$0")/lib.sh"
need_root
"$BIN/looper" "$TMP/beat" &
victim=$!
trap 'kill -9 $victim 2>/dev/null; rm -rf "$TMP"' EXIT
while [ ! -s "$TMP/beat" ]; do sleep 0.05; done
maps_before=$(cat /proc/$victim/maps)

WAIT_FOR_S=20
# shellcheck source=../common/wait.sh
. "$(dirname "$0")/../common/wait.sh"
has_lines() {
	local n
	n=$(grep -c '^bpf(' "$1" 2>/dev/null) || true
	[ "${n:-0}" -ge "${2:-1}" ]
}
check_left_as_found() {
	traced_by "$victim" 0 || fail "$1: still traced"
	[ "$(cat /proc/$victim/maps)" = "$maps_before" ] ||
		fail "$1: mappings changed: $(diff <(echo "$maps_before") /proc/$victim/maps)"
	kill -0 $victim || fail "$1: the victim died"
}

# 1. the reader goes away: SIGPIPE / EPIPE
set +e
"$INJTRACE" -p "$victim" -o /dev/stdout 2>"$TMP/err1" | head -1 >"$TMP/head1"
st=${PIPESTATUS[0]}
set -e
[ "$st" -ne 0 ] || fail "EPIPE: injtrace exited 0"
[ "$st" -lt 128 ] || fail "EPIPE: injtrace was killed by signal $((st - 128))"
grep -q "cannot write the trace: Broken pipe" "$TMP/err1" ||
	fail "EPIPE: no message: $(cat "$TMP/err1")"
grep -q '^bpf(' "$TMP/head1" || fail "EPIPE: no line read: $(cat "$TMP/head1")"
wait_for traced_by "$victim" 0 || fail "EPIPE: still traced"
check_left_as_found EPIPE

# the same with the trace on stderr, as by default
set +e
"$INJTRACE" -p "$victim" 2>&1 | head -1 >"$TMP/head2"
st=${PIPESTATUS[0]}
set -e
[ "$st" -ne 0 ] && [ "$st" -lt 128 ] || fail "stderr EPIPE: injtrace exited $st"
check_left_as_found "stderr EPIPE"

# 2. a full disk
st=0
"$INJTRACE" -p "$victim" -o /dev/full 2>"$TMP/err3" || st=$?
[ "$st" -ne 0 ] && [ "$st" -lt 128 ] || fail "ENOSPC: injtrace exited $st"
grep -q "cannot write the trace: No space left on device" "$TMP/err3" ||
	fail "ENOSPC: no message: $(cat "$TMP/err3")"
check_left_as_found ENOSPC

# 3. -o FILE holds whole lines whenever it is read
"$INJTRACE" -p "$victim" -o "$TMP/out" &
tracer=$!
wait_for has_lines "$TMP/out" || fail "no line in -o FILE while tracing"
grown() { [ "$(stat -c %s "$1")" -gt "$2" ]; }
for _ in 1 2 3 4 5 6 7 8; do
	# looked at each time the trace has grown: a write just done
	wait_for grown "$TMP/out" "$(stat -c %s "$TMP/out")" ||
		fail "-o FILE stopped growing while tracing"
	[ "$(tail -c 1 "$TMP/out" | od -An -c | tr -d ' ')" = '\n' ] ||
		fail "-o FILE ends mid-line: $(tail -c 80 "$TMP/out")"
done
kill -INT $tracer
st=0; wait $tracer || st=$?
[ "$st" -eq 0 ] || fail "SIGINT: injtrace exited $st"
check_left_as_found SIGINT

# 4. SIGKILL leaves one scratch area, which the next injtrace reuses
for round in 1 2 3; do
	: >"$TMP/k$round"
	"$INJTRACE" -p "$victim" -o "$TMP/k$round" &
	tracer=$!
	wait_for has_lines "$TMP/k$round" 2 || fail "round $round: no trace"
	kill -KILL $tracer
	wait $tracer 2>/dev/null || true
	wait_for traced_by "$victim" 0 || fail "round $round: still traced"
	kill -0 $victim || fail "round $round: the victim died"
	count[round]=$(wc -l </proc/$victim/maps)
done
[ "${count[1]}" -eq "${count[3]}" ] ||
	fail "mappings pile up after SIGKILL: ${count[1]}, ${count[2]}, ${count[3]}"
# a clean detach then removes what the killed ones left
"$INJTRACE" -p "$victim" -o "$TMP/last" &
tracer=$!
wait_for has_lines "$TMP/last" 2 || fail "last: no trace"
kill -INT $tracer
wait $tracer || fail "last: injtrace exited $?"
check_left_as_found "after SIGKILLs"

# 5. the same where the program holds the scratch area's usual address:
# the area left is found where the kernel put it
kill -9 $victim
wait $victim 2>/dev/null || true
rm -f "$TMP/beat"
"$BIN/looper" "$TMP/beat" hint-taken &
victim=$!
wait_for test -s "$TMP/beat" || fail "hint-taken: the victim did not start"
maps_before=$(cat /proc/$victim/maps)
for round in 1 2 3; do
	: >"$TMP/h$round"
	"$INJTRACE" -p "$victim" -o "$TMP/h$round" &
	tracer=$!
	wait_for has_lines "$TMP/h$round" 2 || fail "hint-taken $round: no trace"
	kill -KILL $tracer
	wait $tracer 2>/dev/null || true
	wait_for traced_by "$victim" 0 || fail "hint-taken $round: still traced"
	kill -0 $victim || fail "hint-taken $round: the victim died"
	count[round]=$(wc -l </proc/$victim/maps)
done
[ "${count[1]}" -eq "${count[3]}" ] ||
	fail "hint-taken: mappings pile up: ${count[1]}, ${count[2]}, ${count[3]}"
"$INJTRACE" -p "$victim" -o "$TMP/hlast" &
tracer=$!
wait_for has_lines "$TMP/hlast" 2 || fail "hint-taken last: no trace"
kill -INT $tracer
wait $tracer || fail "hint-taken last: injtrace exited $?"
check_left_as_found "hint-taken, after SIGKILLs"
echo ok
