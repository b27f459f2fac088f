#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Signals arrive as without the tracer: none lost, none duplicated, group
# stops honoured; with and without -f (the sender is a forked child).
. "$(dirname "$0")/lib.sh"
# shellcheck source=../common/scale.sh
. "$(dirname "$0")/../common/scale.sh"
need_root
n=$(scaled 2000 100)	# RT signals per run
"$BIN/signal_victim" "$n" || fail "signal_victim fails even untraced"
for flags in "" "-f"; do
	# shellcheck disable=SC2086
	"$INJTRACE" $flags -o "$TMP/out" "$BIN/signal_victim" "$n" ||
		fail "signal_victim failed under injtrace $flags"
	grep -q '^\(\[pid *[0-9]*\] \)\?bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" ||
		fail "no lookup traced ($flags)"
done
