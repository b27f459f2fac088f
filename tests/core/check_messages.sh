#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -p says what it finds: a zombie is named as one (not "Operation not
# permitted"); a stopped process is said to be stopped, and its calls show
# once it is continued.
. "$(dirname "$0")/lib.sh"
# shellcheck source=../common/wait.sh
. "$(dirname "$0")/../common/wait.sh"
need_root

# a zombie: a child its parent (exec'd into sleep) never reaps
sh -c 'sleep 0.1 & exec sleep 30' &
parent=$!
trap 'kill -9 $parent $victim 2>/dev/null; rm -rf "$TMP"' EXIT
victim=
zombie_made() {
	zombie=$(pgrep -P $parent || true)
	[ -n "$zombie" ] && grep -q '^State:[[:space:]]*Z' /proc/$zombie/status
}
WAIT_FOR_S=10 wait_for zombie_made || true
grep -q '^State:[[:space:]]*Z' /proc/$zombie/status || fail "no zombie made"
st=0
"$INJTRACE" -p "$zombie" -o "$TMP/z" 2>"$TMP/z.err" || st=$?
[ "$st" -eq 1 ] || fail "zombie: exited $st"
grep -q "cannot attach to process $zombie: it is a zombie" "$TMP/z.err" ||
	fail "zombie: $(cat "$TMP/z.err")"

# a stopped process
"$BIN/looper" "$TMP/beat" &
victim=$!
wait_for test -s "$TMP/beat" || fail "looper does not run"
kill -STOP $victim
"$INJTRACE" -p "$victim" -o "$TMP/s" 2>"$TMP/s.err" &
tracer=$!
WAIT_FOR_S=20 wait_for grep -q "is stopped" "$TMP/s.err" || true
grep -q "process $victim is stopped (job control)" "$TMP/s.err" ||
	fail "stopped: not said: $(cat "$TMP/s.err")"
! grep -q "^bpf(" "$TMP/s" || fail "stopped: calls while stopped: $(head -2 "$TMP/s")"
kill -CONT $victim
WAIT_FOR_S=20 wait_for grep -q '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/s" || true
grep -q '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/s" || fail "stopped: no calls after SIGCONT"
kill -INT $tracer
wait $tracer || fail "stopped: injtrace exited $?"
echo ok
