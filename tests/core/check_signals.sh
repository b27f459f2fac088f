#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Signals arrive as without the tracer: none lost, none duplicated, group
# stops honoured; with and without -f (the sender is a forked child).
. "$(dirname "$0")/lib.sh"
need_root
"$BIN/signal_victim" || fail "signal_victim fails even untraced"
for flags in "" "-f"; do
	# shellcheck disable=SC2086
	"$INJTRACE" $flags -o "$TMP/out" "$BIN/signal_victim" ||
		fail "signal_victim failed under injtrace $flags"
	grep -q '^\(\[pid *[0-9]*\] \)\?bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" ||
		fail "no lookup traced ($flags)"
done
