#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# soak.sh CYCLES: attach -> trace -> detach cycles on soak_victim, ended in
# turn by SIGINT, SIGTERM, SIGHUP and a broken pipe, while SIGUSR1 is sent
# to the victim (one per cycle while traced, one while injtrace detaches,
# one between cycles).  Checks after every cycle: the victim untraced, its
# /proc/PID/maps and fds as before the first; at the end: every SIGUSR1
# handled, the checksum and exit status those of an untraced run of the
# same iterations.  More than 100 cycles only with INJTRACE_SOAK_LONG=1
# (scripts/test.sh -L soak_long sets it).
set -euo pipefail
: "${INJTRACE:?}" "${VICTIM:?}"
cycles=${1:-24}
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
soak_init soak "$cycles" cycles victim
# shellcheck source=../common/wait.sh
. "$(dirname "$0")/../common/wait.sh"
# shellcheck source=../common/scale.sh
. "$(dirname "$0")/../common/scale.sh"
cycles=$(scaled "$cycles" 8)	# each way of ending twice
# The TracerPid of a status file, read in one read(): bash's "read" takes
# a /proc file line by line, seeking back after each, so every line comes
# from a new rendering of the file; when the State line changed length in
# between ("R (running)" / "S (sleeping)" / "t (tracing stop)"), the
# TracerPid line is read from the wrong offset and not found.  That, not
# the kernel, was the "TracerPid non-zero after injtrace exited" once seen
# in 6 of 1000 cycles.  "read -d ''" takes the whole file in one read()
# and forks nothing (traced_by is polled); $(<file) would too, but makes
# a "set -e" script exit when the file is gone, even after "||".
# Sets tpid.
tracer_of() {
	local s=
	tpid=
	read -r -d '' s 2>/dev/null <"$1" || true
	[[ $s =~ $'\n'TracerPid:[[:space:]]*([0-9]+) ]] || return 1
	tpid=${BASH_REMATCH[1]}
}
traced_by() {
	tracer_of "/proc/$victim/status" && [ "$tpid" = "$1" ]
}
# Once injtrace has been reaped, no thread of the victim is traced: the
# kernel detaches a dying tracer's tracees before it becomes a zombie
# (exit_ptrace() in exit_notify()).  Every thread is checked, at once.
untraced() {
	local f
	for f in /proc/$victim/task/*/status; do
		tracer_of "$f" || continue # a thread just gone
		[ "$tpid" = 0 ] ||
			fail "cycle $c (SIG$how): ${f%/status} traced by $tpid after injtrace exited"
	done
}
# at least $2 (3) traced calls in file $1
has_lines() {
	local n
	n=$(grep -c '^\(\[pid *[0-9]*\] \)\?bpf(' "$1" 2>/dev/null) || true
	[ "${n:-0}" -ge "${2:-3}" ]
}
fds() { find "/proc/$victim/fd" -mindepth 1 -printf '%f %l\n' | sort; }
sent=0
# SIGUSR1 to the victim; the handler acknowledges with a byte on fd 3
usr1() { kill -USR1 "$victim"; sent=$((sent + 1)); }
acked() {
	local c
	read -r -t 30 -n 1 c <&4 || fail "SIGUSR1 $sent not handled in 30 s"
}

mkfifo "$TMP/ack"
exec 4<>"$TMP/ack"
"$VICTIM" "$TMP/ready" 3>"$TMP/ack" >"$TMP/victim.out" &
victim=$!
wait_for test -e "$TMP/ready" || fail "victim not ready"
maps_before=$(</proc/$victim/maps)
fds_before=$(fds)

start=$(date +%s.%N)
for ((c = 0; c < cycles; c++)); do
	out=$TMP/out.$c
	case $((c % 4)) in
	0) how=INT ;;
	1) how=TERM ;;
	2) how=HUP ;;
	3) how=PIPE ;;
	esac
	if [ $how = PIPE ]; then
		mkfifo "$out.fifo"
		head -n 3 <"$out.fifo" >"$out" &
		reader=$!
		"$INJTRACE" -p "$victim" -o "$out.fifo" 2>"$out.err" &
	else
		"$INJTRACE" -p "$victim" -o "$out" 2>"$out.err" &
	fi
	tracer=$!
	if [ $how = PIPE ]; then
		# the reader may be gone, and injtrace detached, before an
		# attach can be seen: SIGUSR1 may come before, during or after
		usr1
		acked
		wait "$reader"
		st=0
		wait "$tracer" || st=$?
		[ "$st" -eq 1 ] ||
			fail "cycle $c (broken pipe): exit $st: $(cat "$out.err")"
		# head took 3 lines, the SIGUSR1's "--- SIGUSR1 ..." maybe
		# one of them (a 1000-cycle run once failed here, cycle 351)
		[ "$(wc -l <"$out")" -eq 3 ] && has_lines "$out" 2 ||
			fail "cycle $c: nothing traced: $(cat "$out")"
	else
		wait_for traced_by "$tracer" ||
			fail "cycle $c: not attached: $(cat "$out.err")"
		usr1
		acked
		wait_for has_lines "$out" || fail "cycle $c: nothing traced"
		# one more SIGUSR1, arriving while injtrace detaches
		kill -USR1 "$victim"
		sent=$((sent + 1))
		kill -$how "$tracer"
		st=0
		wait "$tracer" || st=$?
		[ "$st" -eq 0 ] ||
			fail "cycle $c (SIG$how): exit $st: $(cat "$out.err")"
		acked
	fi
	untraced
	usr1
	acked
	[ "$(</proc/$victim/maps)" = "$maps_before" ] ||
		fail "cycle $c (SIG$how): mappings changed:
$(diff <(echo "$maps_before") /proc/$victim/maps)"
	[ "$(fds)" = "$fds_before" ] ||
		fail "cycle $c (SIG$how): fds changed:
$(diff <(echo "$fds_before") <(fds))"
	rm -f "$out" "$out.err" "$out.fifo"
done
end=$(date +%s.%N)

kill -USR2 "$victim"
st=0
wait "$victim" || st=$?
victim=
read -r iters checksum handled <"$TMP/victim.out" ||
	fail "no report from the victim (exit $st)"
[ "$st" -eq 0 ] || fail "victim exited $st: $iters $checksum $handled"
[ "$handled" = "usr1=$sent" ] || fail "$sent SIGUSR1 sent, $handled"
replay=$("$VICTIM" --replay "${iters#iters=}") || fail "untraced replay failed"
[ "$replay" = "$iters $checksum usr1=0" ] ||
	fail "traced: $iters $checksum; untraced: $replay"
awk -v c="$cycles" -v s="$start" -v e="$end" -v n="$sent" -v i="$iters" \
	'BEGIN { printf "soak: %d cycles in %.1f s (%.1f ms/cycle), %d SIGUSR1 sent and handled, %s, checksum equal untraced, maps and fds unchanged, no thread traced after any exit\n",
		c, e - s, (e - s) * 1000 / c, n, i }'
