# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by the scripts that trace a running maps_user ("attach READY"
# looks a BTF-typed map up every 5 ms): tests/maps/attach.sh and
# tests/options/check_detach.sh.  Makes dir (removed at exit); upid
# (maps_user) and tpid (injtrace) are killed at exit when set.
dir=$(mktemp -d)
upid=
tpid=
attach_cleanup() {
	if [ -n "$tpid" ]; then kill -KILL "$tpid" 2>/dev/null || true; fi
	if [ -n "$upid" ]; then kill -KILL "$upid" 2>/dev/null || true; fi
	rm -rf "$dir"
}
trap attach_cleanup EXIT

# wait_ready FILE PID: until maps_user made FILE (at most 30 s), PID being
# maps_user or the injtrace that started it; exits 77 when PID exited 77
# (maps_user skips), 1 when it exited otherwise or FILE never came.
wait_ready() {
	local rc
	for _ in $(seq 600); do
		[ -e "$1" ] && return 0
		if ! kill -0 "$2" 2>/dev/null; then
			rc=0
			wait "$2" || rc=$?
			[ "$rc" = 77 ] && exit 77
			echo "maps_user exited $rc before being ready" >&2
			exit 1
		fi
		sleep 0.05
	done
	echo "maps_user not ready after 30 s" >&2
	exit 1
}

# user_start USER OUT: "USER attach $dir/ready" as upid, stdout to OUT,
# once ready.
user_start() {
	"$1" attach "$dir/ready" >"$2" &
	upid=$!
	wait_ready "$dir/ready" "$upid"
}
