#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -p: attach to a running process (all threads), trace its calls, detach
# cleanly on SIGINT leaving it running untraced.  A SIGINT sent as soon as
# the attach shows (TracerPid) is never lost, even though a script's
# background job starts with SIGINT ignored.  Waits for conditions only.
. "$(dirname "$0")/lib.sh"
need_root
"$BIN/looper" "$TMP/beat" &
victim=$!
trap 'kill -9 $victim 2>/dev/null; rm -rf "$TMP"' EXIT
# shellcheck source=../common/wait.sh
. "$(dirname "$0")/../common/wait.sh"
# shellcheck source=../common/scale.sh
. "$(dirname "$0")/../common/scale.sh"
tries=$(scaled 30 3)
beats() { cat "$TMP/beat" 2>/dev/null || echo 0; }
beat_after() { [ "$(beats)" -gt "$1" ]; }
looked_up() { grep -q '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" 2>/dev/null; }
# exited (a zombie until waited for)
gone() {
	local s
	s=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || true
	[ -z "$s" ] || [ "$s" = Z ]
}

wait_for beat_after 0 || fail "looper never ran"
maps_before=$(wc -l </proc/$victim/maps)
"$INJTRACE" -p "$victim" -o "$TMP/out" &
tracer=$!
wait_for traced_by "$victim" "$tracer" || fail "not traced"
wait_for looked_up || fail "no lookups traced: $(head -3 "$TMP/out")"
kill -INT $tracer
st=0; wait $tracer || st=$?
[ "$st" -eq 0 ] || fail "injtrace -p exited $st after SIGINT"
traced_by "$victim" 0 || fail "still traced"
# the map info was fetched inside the victim (it has an fd injtrace never
# saw created): its scratch page is gone again after the detach
grep -q '^bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=[0-9]*<map:#[0-9]*>' "$TMP/out" ||
	fail "map not identified: $(head -3 "$TMP/out")"
maps_after=$(wc -l </proc/$victim/maps)
[ "$maps_after" -eq "$maps_before" ] ||
	fail "mappings: $maps_before before attach, $maps_after after detach"

state=$(awk '/^State:/ {print $2}' /proc/$victim/status)
b1=$(beats)
wait_for beat_after "$b1" ||
	fail "victim stopped running after detach (state $state)"

# SIGINT at the first moment the attach can be seen, 30 times (scaled):
# injtrace took over SIGINT before attaching, so it detaches and exits 0
# each time (a background job of this script starts with SIGINT ignored:
# SigIgn)
for i in $(seq "$tries"); do
	"$INJTRACE" -p "$victim" -o /dev/null &
	tracer=$!
	wait_for traced_by "$victim" "$tracer" || fail "try $i: not traced"
	kill -INT $tracer
	wait_for gone "$tracer" || fail "try $i: SIGINT lost, still tracing"
	st=0; wait $tracer || st=$?
	[ "$st" -eq 0 ] || fail "try $i: exited $st after SIGINT"
	traced_by "$victim" 0 || fail "try $i: still traced"
done
echo ok
