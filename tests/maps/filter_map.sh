#!/bin/bash
# SPDX-License-Identifier: MIT
# filter_map.sh INJTRACE USER: "-e map=second" on maps_user reuse (maps
# "first" and "second" share one fd number in turn): exactly the calls on
# "second" are printed, typed; none on "first", no other command.
set -euo pipefail
injtrace=$1
user=$2
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

rc=0
"$injtrace" -e map=second -o "$dir/trace" "$user" reuse >"$dir/all" || rc=$?
[ "$rc" = 77 ] && exit 77
[ "$rc" = 0 ] || { echo "filter_map: exited $rc" >&2; exit 1; }
# the MAP_CREATE of "second" (returned fd annotated) and its two calls
grep '<map:second>' "$dir/all" >"$dir/expected"
grep -v -e '^+++ ' -e '^--- ' "$dir/trace" >"$dir/printed" || true
python3 "$here/expect.py" "$dir/expected" "$dir/printed"
if grep -v -e 'map_name="second"' -e '<map:second>' "$dir/printed"; then
	echo "filter_map: lines above are not calls on map \"second\"" >&2
	exit 1
fi
grep -q 'map_name="second"' "$dir/printed" || {
	echo "filter_map: the MAP_CREATE of \"second\" is missing" >&2
	exit 1
}
