#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Threads that stop at once are served in turn: 4 threads looking up a map
# in a loop under injtrace -f progress together (tests/core/fair.c), where
# a tracer serving the thread it resumed last first let one run ahead and
# the others wait at their stops (seen: 8-227 calls of one thread between
# single calls of the others).  Typed and --plain.
. "$(dirname "$0")/lib.sh"
# shellcheck source=../common/scale.sh
. "$(dirname "$0")/../common/scale.sh"
need_root
calls=$(scaled 2000 500)
for mode in typed --plain; do
	opts=(-f -o "$TMP/$mode.out")
	[ "$mode" = typed ] || opts+=("$mode")
	"$INJTRACE" "${opts[@]}" "$BIN/fair" 4 "$calls" >"$TMP/fair" 2>&1 ||
		fail "$mode: $(cat "$TMP/fair")"
	cat "$TMP/fair"
	n=$(grep -c 'bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/$mode.out" || true)
	[ "$n" -eq $((4 * calls)) ] ||
		fail "$mode: expected $((4 * calls)) lookups traced, got $n"
done
echo ok
