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

# Crowded: 4 tracers at once on one CPU, so that the sender's SIGSTOP and
# SIGCONT often land inside an injection (the map fetch at the first
# lookup).  The engine takes a SIGSTOP it cannot leave pending and sends
# it again after the session; sent after the SIGCONT, it stopped the
# victim for good (10 hangs in 720 such runs before the fix, 0 in 800
# after; this part failed 4 of 4 times with the build before the fix).
# A SIGCONT between the tracer's check for one and its send did the same
# (2 of 8 runs in the riscv64 guest): the tracer now drops the stop it
# sent when the thread reports a SIGCONT first.
# Each run is bounded: a hang fails with the last lines traced.
scale=${INJTRACE_TEST_TIME_SCALE:-1}
rounds=$(scaled 25 2)
crowd() {	# crowd K: rounds runs, alternately with and without -f
	local r flags
	for ((r = 0; r < rounds; r++)); do
		flags=
		[ $((r % 2)) -eq 0 ] || flags=-f
		# shellcheck disable=SC2086
		taskset -c "$cpu" timeout -s KILL $((60 * scale)) \
			"$INJTRACE" $flags -o "$TMP/crowd.$1" \
			"$BIN/signal_victim" 100 >"$TMP/crowd.$1.out" 2>&1 || {
			echo "crowd $1 run $r ($flags): exit $?:" \
				"$(tail -2 "$TMP/crowd.$1.out"), last traced:" \
				"$(tail -2 "$TMP/crowd.$1")"
			return 1
		}
	done
}
cpu=$(taskset -cp $$ | sed 's/.*: *//; s/[,-].*//')
pids=()
for k in 1 2 3 4; do
	crowd "$k" >"$TMP/crowd.$k.err" &
	pids+=($!)
done
bad=0
for k in 1 2 3 4; do
	wait "${pids[k - 1]}" || { bad=1; cat "$TMP/crowd.$k.err" >&2; }
done
[ "$bad" -eq 0 ] || fail "signal_victim hung or failed with 4 tracers on CPU $cpu"
echo "crowded: 4 x $rounds runs on CPU $cpu, none hung"
