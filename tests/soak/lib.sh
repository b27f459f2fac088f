# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by the soak scripts (soak.sh, kill.sh).
#
# soak_init NAME COUNT WHAT PIDVAR: skips (77) unless root, and when COUNT
# WHAT (cycles, kills) are more than 100 unless INJTRACE_SOAK_LONG=1;
# makes TMP; sets the variable named PIDVAR empty, and at exit kills the
# process whose pid it then holds (when set) and removes TMP.
soak_init() {
	soak_pidvar=$4
	printf -v "$soak_pidvar" ''
	[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
	if [ "$2" -gt 100 ] && [ "${INJTRACE_SOAK_LONG:-}" != 1 ]; then
		echo "skip: $2 $3 only with INJTRACE_SOAK_LONG=1"
		exit 77
	fi
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/injtrace-$1.XXXXXX")
	trap soak_cleanup EXIT
}

soak_cleanup() {
	local pid=${!soak_pidvar:-}

	[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true
	rm -rf "$TMP"
}

fail() { echo "FAIL: $*" >&2; exit 1; }
