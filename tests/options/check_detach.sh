#!/bin/bash
# SPDX-License-Identifier: MIT
# check_detach.sh INJTRACE USER: the summary is printed when injtrace -p
# detaches on SIGINT too (strace -c does), and counts exactly the lines
# traced before; with --json -c it is the one object written; and when a
# started PROG dies of the ^C that injtrace leaves to it.  USER is
# tests/maps/maps_user: "attach READY" looks a map up every 5 ms.
set -euo pipefail
injtrace=$1
user=$2
# shellcheck source-path=SCRIPTDIR source=../maps/attach_lib.sh
. "$(dirname "$0")/../maps/attach_lib.sh"

user_start "$user" /dev/null

# attach_and_interrupt OUT COND OPTS...: attach, wait until COND holds
# (a command on OUT), SIGINT, expect exit 0
attach_and_interrupt() {
	local out=$1 cond=$2 rc=0
	shift 2
	"$injtrace" "$@" -o "$out" -p "$upid" &
	tpid=$!
	for _ in $(seq 400); do
		$cond "$out" && break
		sleep 0.05
	done
	kill -INT "$tpid"
	wait "$tpid" || rc=$?
	tpid=
	[ "$rc" = 0 ] || { echo "injtrace $*: exit $rc after SIGINT" >&2; exit 1; }
}

five_lookups() {
	local n
	n=$(grep -c '^bpf(BPF_MAP_LOOKUP_ELEM' "$1" 2>/dev/null) || true
	[ "${n:-0}" -ge 5 ]
}
attach_and_interrupt "$dir/text" five_lookups -C
lines=$(grep -c '^bpf(' "$dir/text")
total=$(grep -E '^100\.00 .* total$' "$dir/text" | tail -1)
[ -n "$total" ] || { echo "no summary after SIGINT:" >&2; tail "$dir/text" >&2; exit 1; }
calls=$(echo "$total" | awk '{ print $4 }')
[ "$calls" = "$lines" ] || {
	echo "summary counts $calls calls, the trace has $lines lines" >&2
	exit 1
}
grep -Eq '^ *[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ attached +BPF_MAP_LOOKUP_ELEM$' "$dir/text" || {
	echo "no row for map \"attached\":" >&2
	cat "$dir/text" >&2
	exit 1
}
echo "-C -p, SIGINT: summary of $lines calls"

# -c --json: nothing but the summary object, at detach, once seized
seized() { grep -Eq "^TracerPid:[[:space:]]+$tpid$" "/proc/$upid/status"; }
attach_and_interrupt "$dir/json" seized -c --json
python3 - "$dir/json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
s = json.loads(lines[0])
assert set(s) == {"summary", "commands", "total"}, s
assert s["total"]["calls"] == sum(r["calls"] for r in s["summary"])
print(f"-c --json -p, SIGINT: one object, {s['total']['calls']} calls")
PY
kill -TERM "$upid"
wait "$upid"
upid=

# a started PROG and ^C: the terminal sends SIGINT to both; injtrace
# leaves it to PROG, which dies of it, and prints the summary then
rm -f "$dir/ready2"
"$injtrace" -c -o "$dir/started" "$user" attach "$dir/ready2" >/dev/null &
tpid=$!
wait_ready "$dir/ready2" "$tpid"
child=$(cat "/proc/$tpid/task/$tpid/children")
kill -INT "$tpid" "$child"
rc=0
wait "$tpid" || rc=$?
tpid=
[ "$rc" = 130 ] || { echo "injtrace: exit $rc, not 128+SIGINT" >&2; exit 1; }
grep -Eq '^100\.00 .* total$' "$dir/started" || {
	echo "no summary when PROG died of ^C:" >&2
	cat "$dir/started" >&2
	exit 1
}
echo "^C to a started PROG: summary of $(grep -E '^100\.00 .* total$' \
	"$dir/started" | tail -1 | awk '{ print $4 }') calls"
echo ok
