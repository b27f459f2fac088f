#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# kill.sh KILLS: tracees SIGKILLed by another process at random points,
# most of them inside an injection (info and BTF fetch of a map injtrace
# has not seen: kill_victim work).
#  1. One injtrace -f session, KILLS children killed one after the other:
#     injtrace never hangs (each next child starts), its fds stay as they
#     were and its memory flat; it exits with the spawner's status (0).
#     In a sanitizer build LeakSanitizer checks its exit.
#  2. KILLS/10 started PROGs killed: injtrace reports the exit (128+9)
#     within 30 s, every time; with --json, every record is valid JSON
#     (the call the task died in too).
set -euo pipefail
: "${INJTRACE:?}" "${KILLER:?}"
kills=${1:-200}
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
soak_init kill "$kills" kills tracer
# shellcheck source=../common/scale.sh
. "$(dirname "$0")/../common/scale.sh"
# part 1 checks from the 11th kill on, part 2 runs text and JSON
kills=$(scaled "$kills" 20)
# a random delay of 0-40 ms
pause() { sleep "0.0$(printf "%02d" $((RANDOM % 41)))"; }
# Few processes per check: the machine may be loaded, a fork is slow.
# "FD TARGET" of injtrace's fds
fd_list() {
	find "/proc/$tracer/fd" -mindepth 1 -printf '%f %l\n' 2>/dev/null | sort
}
# the fds on no /proc/PID file: constant
fds() { fd_list | grep -v ' /proc/[0-9]' || true; }
# A fetch holds a pidfd and the fd it took (a BTF's) for the length of
# one call, and a look may catch them (one did under TCG, where a call
# lasts long); a leaked fd stays in every look.
# fds_settled: the fewest fds of 5 looks 20 ms apart
fds_settled() {
	local try look best=

	for try in 1 2 3 4 5; do
		look=$(fds)
		if [ -z "$best" ] ||
			[ "$(echo "$look" | wc -l)" -lt "$(echo "$best" | wc -l)" ]; then
			best=$look
		fi
		[ "$try" -eq 5 ] || sleep 0.02
	done
	echo "$best"
}
# fds_kept: whether one of 5 looks 20 ms apart finds fds0
fds_kept() {
	local try

	for try in 1 2 3 4 5; do
		[ "$(fds)" = "$fds0" ] && return 0
		[ "$try" -eq 5 ] || sleep 0.02
	done
	return 1
}
# fds on /proc/PID of any process but injtrace, the spawner and the
# current child ($1): a killed child's.  The CPU placement keeps the last
# tracee it followed (stat, schedstat) until another one stops: at most 2
# such; more is a leak.
stale_fds() {
	local ok fd link n=0 kids=
	read -r kids <"/proc/$tracer/task/$tracer/children" || true
	ok=" $tracer $kids $1 "
	while read -r fd link; do
		if [[ $link =~ ^/proc/([0-9]+)/ ]] &&
			[ "${ok/ ${BASH_REMATCH[1]} /}" = "$ok" ]; then
			n=$((n + 1))
			echo "$link"
		fi
	done < <(fd_list)
}
# Read whole in one go: bash's "read" takes a /proc file in chunks and
# seeks back, and a line before VmRSS that changed length meanwhile
# (VmSize) makes it skip VmRSS.
rss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$tracer/status"
}
# ASan keeps freed memory in quarantine (256 MiB): RSS says nothing there,
# LeakSanitizer checks injtrace's exit instead
asan=
grep -q __asan_init "$INJTRACE" && asan=1

"$KILLER" work >/dev/null 2>&1 &
probe=$!
sleep 0.2
if ! kill -0 $probe 2>/dev/null; then
	wait $probe || st=$?
	[ "${st:-0}" -eq 77 ] && { echo "skip: no maps with BTF here"; exit 77; }
fi
kill -9 $probe 2>/dev/null || true
wait $probe 2>/dev/null || true

# 1. one session, many killed children
mkfifo "$TMP/pids"
exec 4<>"$TMP/pids"
"$INJTRACE" -f -o "$TMP/out" "$KILLER" spawn "$kills" 3>"$TMP/pids" \
	2>"$TMP/err" &
tracer=$!
fds0= rss_first= rss_max=0
for ((i = 0; i < kills; i++)); do
	read -r -t 30 child <&4 ||
		fail "kill $i: no next child in 30 s (injtrace hangs?): $(tail -3 "$TMP/err")"
	if [ "$i" -eq 10 ]; then
		fds0=$(fds_settled)
		rss_first=$(rss)
		[ -n "$rss_first" ] || fail "no VmRSS in /proc/$tracer/status"
	elif [ "$i" -gt 10 ]; then
		fds_kept ||
			fail "kill $i: injtrace's fds changed: $(diff <(echo "$fds0") <(fds))"
		stale=$(stale_fds "$child")
		[ "$(echo "$stale" | grep -c .)" -le 2 ] ||
			fail "kill $i: fds on killed tasks kept: $stale"
		r=$(rss)
		if [ -n "$r" ] && [ "$r" -gt "$rss_max" ]; then
			rss_max=$r
		fi
	fi
	pause
	kill -9 "$child"
done
st=0
wait "$tracer" || st=$?
tracer=
[ "$st" -eq 0 ] || fail "injtrace -f exited $st: $(tail -5 "$TMP/err")"
unfinished=$(grep -c ' = ?$' "$TMP/out" || true)
echo "$kills children killed; $unfinished inside a traced bpf(); injtrace fds $(echo "$fds0" | wc -l) throughout; VmRSS ${rss_first} KiB after 10 kills, max ${rss_max} KiB after"
# flat: what more kills may add is a few allocator pages, not a leak
[ -n "$asan" ] || [ "$rss_max" -le $((rss_first + 2048)) ] ||
	fail "injtrace VmRSS grew from $rss_first to $rss_max KiB"
[ -z "$asan" ] || echo "(ASan build: RSS not bounded, LeakSanitizer checked the exit)"

# 2. the started PROG killed; every other run in JSON, where a call the
# task died in must still be a whole JSON record
for ((i = 0; i < kills / 10; i++)); do
	json=
	[ $((i % 2)) -eq 0 ] || json=--json
	rm -f "$TMP/out2"
	"$INJTRACE" $json -o "$TMP/out2" "$KILLER" work 2>"$TMP/err2" &
	tracer=$!
	# a random point once it is traced and fetching
	for _ in $(seq 3000); do
		grep -q '^bpf(\|^{' "$TMP/out2" 2>/dev/null && break
		sleep 0.01
	done
	pause
	child=$(cat "/proc/$tracer/task/$tracer/children" 2>/dev/null) || true
	[ -n "$child" ] || fail "run $i: no tracee to kill"
	kill -9 $child
	gone=
	for _ in $(seq 3000); do
		s=$(awk '/^State:/ {print $2}' "/proc/$tracer/status" 2>/dev/null) || true
		if [ -z "$s" ] || [ "$s" = Z ]; then
			gone=1
			break
		fi
		sleep 0.01
	done
	[ -n "$gone" ] || fail "run $i: injtrace still running 30 s after the kill"
	st=0
	wait "$tracer" || st=$?
	tracer=
	[ "$st" -eq 137 ] || fail "run $i: injtrace exited $st, not 137: $(cat "$TMP/err2")"
	if [ -n "$json" ]; then
		python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1]), 1):
    try:
        json.loads(line)
    except ValueError as e:
        sys.exit("line %d: %s: %s" % (n, e, line))
' "$TMP/out2" || fail "run $i: invalid JSON"
	fi
done
echo "$((kills / 10)) started PROGs killed: injtrace exited 137 each time"
