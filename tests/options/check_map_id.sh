#!/bin/bash
# SPDX-License-Identifier: MIT
# check_map_id.sh INJTRACE HOLDER USER: "-e map=#ID" selects a map by the
# id "<map:#ID>" names it by.  maps_holder makes the map "held" and gives
# its id to maps_user byid, which opens it by id and uses it: with
# -e map=#ID every call on it is printed, typed, and nothing else; with
# an id no map has, nothing.
set -euo pipefail
injtrace=$1
holder=$2
user=$3
here=$(cd "$(dirname "$0")/../maps" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# the id is known only to the holder: a shell gets it as $1
run() {
	local out=$1 filter=$2 rc=0
	"$holder" byid -- sh -c "exec \"\$0\" -e \"map=$filter\" -o $out \
		\"\$2\" byid \"\$1\"" "$injtrace" @ID@ "$user" \
		>"$dir/expected" || rc=$?
	[ "$rc" = 77 ] && exit 77
	[ "$rc" = 0 ] || { echo "injtrace -e map=$filter: exit $rc" >&2; exit 1; }
	grep -v -e '^+++ ' -e '^--- ' "$out" >"$out.calls" || true
}

# shellcheck disable=SC2016 # $1: the shell's, not ours
run "$dir/by_id" '#$1'
grep '<map:held>' "$dir/expected" >"$dir/want"
[ -s "$dir/want" ] || { echo "maps_user printed no call on held" >&2; exit 1; }
python3 "$here/expect.py" "$dir/want" "$dir/by_id.calls"
if grep -v '<map:held>' "$dir/by_id.calls"; then
	echo "-e map=#ID: the lines above are not calls on the map" >&2
	exit 1
fi
echo "-e map=#ID: $(wc -l <"$dir/by_id.calls") calls on the map, nothing else"

# an id and a name in one list; the id of no map selects nothing
run "$dir/none" 'nosuchmap,#4294967295'
if [ -s "$dir/none.calls" ]; then
	echo "-e map=#4294967295 printed calls:" >&2
	cat "$dir/none.calls" >&2
	exit 1
fi
echo ok
