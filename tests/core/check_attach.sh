#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -p: attach to a running process (all threads), trace its calls, detach
# cleanly on SIGINT leaving it running untraced.
. "$(dirname "$0")/lib.sh"
need_root
"$BIN/looper" "$TMP/beat" &
victim=$!
trap 'kill -9 $victim 2>/dev/null; rm -rf "$TMP"' EXIT
# conditions, not delays: the machine may be loaded
for _ in $(seq 400); do [ -s "$TMP/beat" ] && break; sleep 0.05; done
maps_before=$(wc -l </proc/$victim/maps)
"$INJTRACE" -p "$victim" -o "$TMP/out" &
tracer=$!
for _ in $(seq 400); do
	grep -q '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" 2>/dev/null && break
	sleep 0.05
done
grep -q "TracerPid:[[:space:]]*$tracer" /proc/$victim/status || fail "not traced"
kill -INT $tracer
st=0; wait $tracer || st=$?
[ "$st" -eq 0 ] || fail "injtrace -p exited $st after SIGINT"
grep -q '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" || fail "no lookups traced: $(head -3 "$TMP/out")"
grep -q "TracerPid:[[:space:]]*0" /proc/$victim/status || fail "still traced"
# the map info was fetched inside the victim (it has an fd injtrace never
# saw created): its scratch page is gone again after the detach
grep -q '^bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=[0-9]*<map:#[0-9]*>' "$TMP/out" ||
	fail "map not identified: $(head -3 "$TMP/out")"
maps_after=$(wc -l </proc/$victim/maps)
[ "$maps_after" -eq "$maps_before" ] ||
	fail "mappings: $maps_before before attach, $maps_after after detach"

state=$(awk '/^State:/ {print $2}' /proc/$victim/status)
b1=$(cat "$TMP/beat"); sleep 0.3; b2=$(cat "$TMP/beat")
[ "$b2" -gt "$b1" ] || fail "victim stopped running after detach (state $state)"
echo ok
