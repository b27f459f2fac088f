#!/bin/bash
# SPDX-License-Identifier: MIT
# A tracee thread spinning on the tracer's CPU starves a SCHED_IDLE tracer;
# the guard must put the tracer back to its default policy, quickly.
# Skipped (77) if the scheduler never starved the tracer within 3 s (scaled).
# Both bounds are wall time, multiplied by INJTRACE_TEST_TIME_SCALE (1):
# the cross-arch guests set it (docs/xarch.md), whose clock runs on while
# their vCPU waits for a host CPU (1385 ms there with two guests on two
# host CPUs; about 20 ms on the host).
set -u
: "${INJTRACE:?} ${BIN:?}"
scale=${INJTRACE_TEST_TIME_SCALE:-1}
if ! [[ $scale =~ ^[1-9][0-9]*$ ]]; then
	echo "INJTRACE_TEST_TIME_SCALE=$scale: not a whole number" >&2
	exit 1
fi
out=$("$INJTRACE" -o /dev/null "$BIN/sched_report" starve $((3000 * scale)))
rc=$?
echo "$out"
[ $rc = 0 ] || exit $rc
# without the guard one call waits seconds; with it about 20 ms
longest=$(sed -n 's/.*longest call \([0-9]*\).*/\1/p' <<<"$out")
if [ -z "$longest" ] || [ "$longest" -gt $((1000 * scale)) ]; then
	echo "FAIL: a starved call took $longest ms"
	exit 1
fi
