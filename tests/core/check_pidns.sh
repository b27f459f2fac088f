#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# injtrace in a PID namespace whose /proc is not its own (unshare --pid
# --fork without --mount-proc, a container sharing the host's /proc): the
# tracee's /proc files are found by its pid in that /proc, never by the pid
# injtrace knows it by (which names another process there, or none).
# Where /proc does not show injtrace's tasks at all, it says so once.
. "$(dirname "$0")/lib.sh"
need_root
command -v unshare >/dev/null && command -v nsenter >/dev/null ||
	{ echo "skip: unshare/nsenter missing (util-linux)"; exit 77; }
unshare --pid --fork true 2>/dev/null ||
	{ echo "skip: cannot make a PID namespace here"; exit 77; }

identified() {	# file: every lookup names its map, with its key read
	local n bad
	n=$(grep -c '^bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=[0-9]*<map:#[0-9]*>, key="' "$1" || true)
	bad=$(grep -c 'key=0x' "$1" || true)
	[ "$n" -eq "$2" ] && [ "$bad" -eq 0 ] ||
		fail "$3: $n of $2 lookups identified: $(grep -m2 LOOKUP "$1")"
}

# a started PROG
unshare --pid --fork "$INJTRACE" -o "$TMP/launch" "$BIN/syscall_mix" 20000 \
	2>"$TMP/launch.err" || fail "launch: exited $?: $(cat "$TMP/launch.err")"
identified "$TMP/launch" 20 launch
[ ! -s "$TMP/launch.err" ] || fail "launch: messages: $(cat "$TMP/launch.err")"

# -p with a pid of the namespace
unshare --pid --fork bash -c '
	. "$4"
	WAIT_FOR_S=20
	lookups() { [ "$(grep -c LOOKUP "$1" 2>/dev/null)" -ge "$2" ]; }
	"$1" "$2/beat" & victim=$!
	wait_for test -s "$2/beat" ||
		{ echo "looper did not start" >&2; exit 1; }
	"$3" -p $victim -o "$2/attach" & tracer=$!
	wait_for lookups "$2/attach" 3
	kill -INT $tracer; wait $tracer; st=$?
	kill -9 $victim
	exit $st' bash "$BIN/looper" "$TMP" "$INJTRACE" \
	"$(dirname "$0")/../common/wait.sh" 2>"$TMP/attach.err" ||
	fail "-p: exited $?: $(cat "$TMP/attach.err")"
n=$(grep -c LOOKUP "$TMP/attach" || true)
[ "$n" -ge 3 ] || fail "-p: $n lookups"
identified "$TMP/attach" "$n" "-p"

# a /proc of a namespace that does not hold injtrace: nothing read, said
# once.  The holder lives until the test ends (--kill-child: its sleep
# too); a bound of its own ended it under TCG before the last part did,
# and the failing kill then failed the test after "ok" (set -e)
unshare --mount --pid --fork --mount-proc --kill-child sleep 100000 &
holder=$!
trap 'kill -9 $holder 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 200); do
	inner=$(pgrep -P $holder sleep || true)
	[ -n "$inner" ] && break
	sleep 0.05
done
[ -n "$inner" ] || fail "no namespace holder"
nsenter --target "$inner" --mount -- unshare --pid --fork \
	"$INJTRACE" -o "$TMP/foreign" "$BIN/syscall_mix" 20000 2>"$TMP/foreign.err" ||
	fail "foreign /proc: exited $?: $(cat "$TMP/foreign.err")"
[ "$(grep -c '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/foreign")" -eq 20 ] ||
	fail "foreign /proc: calls missing: $(head -3 "$TMP/foreign")"
[ "$(grep -c 'PID namespace' "$TMP/foreign.err")" -eq 1 ] ||
	fail "foreign /proc: not said once: $(cat "$TMP/foreign.err")"
echo ok
