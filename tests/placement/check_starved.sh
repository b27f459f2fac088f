#!/bin/bash
# SPDX-License-Identifier: MIT
# A tracee thread spinning on the tracer's CPU starves a SCHED_IDLE tracer;
# the guard must put the tracer back to its default policy, quickly.
# Skipped (77) if the scheduler never starved the tracer within 3 s.
set -u
: "${INJTRACE:?} ${BIN:?}"
out=$("$INJTRACE" -o /dev/null "$BIN/sched_report" starve)
rc=$?
echo "$out"
[ $rc = 0 ] || exit $rc
# without the guard one call waits seconds; with it about 20 ms
longest=$(sed -n 's/.*longest call \([0-9]*\).*/\1/p' <<<"$out")
if [ -z "$longest" ] || [ "$longest" -gt 1000 ]; then
	echo "FAIL: a starved call took $longest ms"
	exit 1
fi
