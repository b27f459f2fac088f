#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every line of a multithreaded process carries its "[pid N]" prefix, the
# calls completed while detaching too (threads leave one by one).
. "$(dirname "$0")/lib.sh"
need_root
"$BIN/spinners" 3 &
victim=$!
trap 'kill -9 $victim 2>/dev/null; rm -rf "$TMP"' EXIT
while [ "$(ls /proc/$victim/task | wc -l)" -lt 3 ]; do sleep 0.05; done
for round in $(seq 12); do
	"$INJTRACE" -p "$victim" -o "$TMP/out$round" &
	tracer=$!
	for _ in $(seq 200); do
		[ -s "$TMP/out$round" ] && break
		sleep 0.02
	done
	kill -INT $tracer
	wait $tracer || fail "round $round: injtrace exited $?"
	bare=$(grep -v '^\[pid *[0-9]*\] ' "$TMP/out$round" || true)
	[ -z "$bare" ] || fail "round $round: lines without [pid N]: $bare"
done
echo ok
