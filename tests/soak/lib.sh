# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by the soak scripts (soak.sh, kill.sh, tracer_kill.sh).
#
# soak_init NAME COUNT WHAT PIDVAR...: skips (77) unless root, and when
# COUNT WHAT (cycles, kills, rounds) are more than 100 unless
# INJTRACE_SOAK_LONG=1; makes TMP; sets each variable named PIDVAR empty,
# and at exit kills, in that order, the processes whose pids they then
# hold (those set) and removes TMP.
soak_init() {
	local var

	soak_pidvars=("${@:4}")
	for var in "${soak_pidvars[@]}"; do
		printf -v "$var" ''
	done
	[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
	if [ "$2" -gt 100 ] && [ "${INJTRACE_SOAK_LONG:-}" != 1 ]; then
		echo "skip: $2 $3 only with INJTRACE_SOAK_LONG=1"
		exit 77
	fi
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/injtrace-$1.XXXXXX")
	trap soak_cleanup EXIT
}

soak_cleanup() {
	local var pid

	for var in "${soak_pidvars[@]}"; do
		pid=${!var:-}
		[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true
	done
	rm -rf "$TMP"
}

fail() { echo "FAIL: $*" >&2; exit 1; }
