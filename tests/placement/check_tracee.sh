#!/bin/bash
# SPDX-License-Identifier: MIT
# The tracee's policy, nice value and affinity, and its child's, are the
# same under injtrace as without it, however injtrace itself was started:
# the tracer's SCHED_IDLE and pinning stay in the tracer.
set -u
: "${INJTRACE:?} ${BIN:?}"
report=$BIN/sched_report
fail=0

check() {	# description, then the launcher prefix
	local what=$1 want got
	shift
	want=$("$@" "$report" self)
	got=$("$@" "$INJTRACE" -f -o /dev/null "$report" self)
	if [ "$want" != "$got" ]; then
		echo "FAIL ($what): untraced vs traced:"
		diff <(echo "$want") <(echo "$got")
		fail=1
	else
		echo "ok ($what): $(echo "$got" | head -1)"
	fi
}

check "as started"
check "one CPU" taskset -c 0
check "nice 5" nice -n 5
if command -v chrt >/dev/null; then
	check "SCHED_BATCH" chrt -b 0
fi

# The placement must actually be on for the checks above to mean much.
# On a loaded machine the starvation guard may rightly give the tracer its
# default policy back during a run: a few tries, one must see it idle.
for try in 1 2 3 4 5; do
	got=$("$INJTRACE" -o /dev/null "$report" tracer)
	[ "$got" = "tracer: policy=idle" ] && break
	echo "try $try: '$got' (the guard gave way?)"
done
if [ "$got" != "tracer: policy=idle" ]; then
	echo "FAIL: tracer while tracing: '$got', expected idle"
	fail=1
fi
got=$(INJTRACE_PLACEMENT=off "$INJTRACE" -o /dev/null "$report" tracer)
if [ "$got" != "tracer: policy=other" ]; then
	echo "FAIL: INJTRACE_PLACEMENT=off: '$got', expected other"
	fail=1
fi
exit $fail
