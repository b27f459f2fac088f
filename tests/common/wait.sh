# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by the test scripts that wait for a condition.
#
# wait_for COMMAND...: runs COMMAND every 10 ms until it succeeds (0) or
# WAIT_FOR_S seconds (default 30) have passed (1).  Tests wait for what
# they check, never for a fixed time.
wait_for() {
	local i

	for i in $(seq $((${WAIT_FOR_S:-30} * 100))); do
		"$@" && return 0
		sleep 0.01
	done
	return 1
}
