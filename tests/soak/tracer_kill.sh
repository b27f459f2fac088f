#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tracer_kill.sh ROUNDS: injtrace -p SIGKILLed at a random point while it
# traces a process that makes a new map (an injection: info and BTF fetch)
# every few calls and checks every result (kill_victim steady).  What may
# happen to a dead tracer's tracee is what docs/design.md ("Security")
# says: it runs on, every call still right (it then exits 0 on SIGUSR2),
# or, when injtrace died inside an injection, it is killed by SIGKILL
# (PTRACE_O_EXITKILL for the injection's duration).  Anything else fails:
# before that option, 60 rounds gave 4 SIGSEGV (the thread ran on past
# the trap, into the zeros after it), 3 SIGTRAP, and once a bpf() that
# "returned" 0 without running (an injected mprotect's result).
# Prints how many rounds ended each way.
set -euo pipefail
: "${INJTRACE:?}" "${KILLER:?}"
rounds=${1:-40}
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
soak_init tkill "$rounds" rounds tracer victim
# shellcheck source=../common/wait.sh
. "$(dirname "$0")/../common/wait.sh"
# shellcheck source=../common/scale.sh
. "$(dirname "$0")/../common/scale.sh"
rounds=$(scaled "$rounds" 10)
# TracerPid read whole in one read() (bash's "read" line by line tears a
# /proc file; see soak.sh); 1 when the process is gone
traced_by() {
	local s=
	read -r -d '' s 2>/dev/null <"/proc/$victim/status" || true
	[[ $s =~ $'\n'TracerPid:[[:space:]]*([0-9]+) ]] &&
		[ "${BASH_REMATCH[1]}" = "$1" ]
}
# no thread traced any more, or the process gone
untraced() {
	local f s
	for f in /proc/$victim/task/*/status; do
		s=
		read -r -d '' s 2>/dev/null <"$f" || true
		[ -z "$s" ] || [[ $s =~ $'\n'TracerPid:[[:space:]]*0$'\n' ]] ||
			return 1
	done
}
running_killer() { [ "$(readlink "/proc/$victim/exe")" = "$killer" ]; }
killer=$(readlink -f "$KILLER")

ran_on=0 killed=0 scratch_left=0
for ((r = 0; r < rounds; r++)); do
	# no core file of a crash
	(ulimit -c 0 && exec "$KILLER" steady) >"$TMP/v.out" 2>"$TMP/v.err" &
	victim=$!
	wait_for running_killer || fail "round $r: victim not started"
	"$INJTRACE" -p "$victim" -o "$TMP/out" 2>"$TMP/err" &
	tracer=$!
	wait_for traced_by "$tracer" ||
		fail "round $r: not attached: $(cat "$TMP/err")"
	# 0-40 ms after the attach: the scratch set-up (first rounds' ms),
	# an injection, or a traced call
	sleep "0.0$(printf "%02d" $((RANDOM % 41)))"
	kill -9 "$tracer"
	wait "$tracer" 2>/dev/null || true
	tracer=
	untraced || fail "round $r: still traced after injtrace was reaped"
	# a left scratch area: anonymous r-x at the hint (see design.md)
	if grep -q 'r-xp 00000000 00:00 0 *$' "/proc/$victim/maps" 2>/dev/null; then
		scratch_left=$((scratch_left + 1))
	fi
	kill -USR2 "$victim" 2>/dev/null || true
	st=0
	wait "$victim" || st=$?
	victim=
	case $st in
	0) ran_on=$((ran_on + 1)) ;;
	$((128 + 9))) killed=$((killed + 1)) ;; # SIGKILL
	77) echo "skip: no maps with BTF here"; exit 77 ;;
	*) fail "round $r: the process ended with $st (128+N: signal N): $(cat "$TMP/v.err")" ;;
	esac
done
echo "tracer_kill: $rounds tracers SIGKILLed: $ran_on processes ran on (every call checked), $killed killed (SIGKILL) inside an injection, none otherwise; $scratch_left kept a scratch area"
