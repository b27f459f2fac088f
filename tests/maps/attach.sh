#!/bin/bash
# SPDX-License-Identifier: MIT
# attach.sh INJTRACE USER: "injtrace -p" on a running process that looks up
# a BTF-typed map it created before the attach: its lookups are printed
# typed; after injtrace detaches (SIGINT), the process keeps running, its
# lookups still correct, and exits 0 on SIGTERM.
set -euo pipefail
injtrace=$1
user=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=attach_lib.sh
. "$here/attach_lib.sh"

user_start "$user" "$dir/expected"

"$injtrace" -o "$dir/trace" -p "$upid" &
tpid=$!
# until a few lookups are traced (one every 5 ms), at most 10 s
for _ in $(seq 200); do
	n=$(grep -c 'BPF_MAP_LOOKUP_ELEM' "$dir/trace" 2>/dev/null || true)
	[ "${n:-0}" -ge 5 ] && break
	sleep 0.05
done
kill -INT "$tpid"
rc=0
wait "$tpid" || rc=$?
tpid=
if [ "$rc" != 0 ]; then
	echo "attach: injtrace -p exited $rc after SIGINT (want 0)" >&2
	exit 1
fi
sleep 0.1
if ! kill -0 "$upid" 2>/dev/null; then
	echo "attach: the process did not survive the detach" >&2
	exit 1
fi
kill -TERM "$upid"
rc=0
wait "$upid" || rc=$?
upid=
if [ "$rc" != 0 ]; then
	echo "attach: maps_user exited $rc after the detach (want 0)" >&2
	exit 1
fi
python3 "$here/expect.py" "$dir/expected" "$dir/trace"
# every traced lookup is typed, none printed as bytes or addresses
if grep 'BPF_MAP_LOOKUP_ELEM' "$dir/trace" | grep -qv 'value={pid=777'; then
	echo "attach: a lookup not printed typed:" >&2
	grep 'BPF_MAP_LOOKUP_ELEM' "$dir/trace" | grep -v 'value={pid=777' |
		head -3 >&2
	exit 1
fi
