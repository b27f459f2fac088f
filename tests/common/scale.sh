# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by the test scripts whose cost is an iteration count.
#
# scaled N [MIN]: N times INJTRACE_TEST_SCALE percent (default 100, N
# itself), never less than MIN (default 1).  The cross-arch guests run the
# suite under qemu's TCG with a smaller scale (docs/xarch.md): each test
# then checks the same properties over fewer iterations.
scaled() {
	local pct=${INJTRACE_TEST_SCALE:-100} n

	if ! [[ $pct =~ ^[0-9]+$ ]] || [ "$pct" -lt 1 ] || [ "$pct" -gt 100 ]; then
		echo "INJTRACE_TEST_SCALE=$pct: not a percentage (1-100)" >&2
		exit 1
	fi
	n=$(($1 * pct / 100))
	[ "$n" -ge "${2:-1}" ] || n=${2:-1}
	echo "$n"
}
