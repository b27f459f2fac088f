#!/bin/bash
# SPDX-License-Identifier: MIT
# fd_sources.sh INJTRACE HOLDER USER MODE: the traced maps_user gets the
# map "held" without a visible BPF_MAP_CREATE (MODE = scm, inherit, byid,
# pin) and every call on it must be printed typed.  For "pin", a private
# bpffs is mounted in a temp dir for the test and unmounted after.
set -euo pipefail
injtrace=$1
holder=$2
user=$3
mode=$4
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
mnt=
cleanup() {
	if [ -n "$mnt" ]; then
		umount "$mnt" 2>/dev/null || umount -l "$mnt" || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT

pin=--
case $mode in
scm) arg=@SOCK@ ;;
inherit) arg=@FD@ ;;
byid) arg=@ID@ ;;
pin)
	mkdir "$dir/bpffs"
	if ! mount -t bpf bpf "$dir/bpffs" 2>"$dir/mount.err"; then
		echo "cannot mount bpffs: $(cat "$dir/mount.err"): skipped" >&2
		exit 77
	fi
	mnt=$dir/bpffs
	pin="$mnt/held"
	arg=@PIN@
	;;
*) echo "fd_sources: unknown mode $mode" >&2; exit 2 ;;
esac

rc=0
if [ "$pin" = -- ]; then
	"$holder" "$mode" -- "$injtrace" -o "$dir/trace" "$user" "$mode" \
		"$arg" >"$dir/expected" || rc=$?
else
	"$holder" "$mode" "$pin" -- "$injtrace" -o "$dir/trace" "$user" \
		"$mode" "$arg" >"$dir/expected" || rc=$?
fi
[ "$rc" = 77 ] && exit 77
if [ "$rc" != 0 ]; then
	echo "fd_sources: $mode: exited $rc; the trace:" >&2
	cat "$dir/trace" >&2 || true
	exit 1
fi
# the proof that the map was never seen created by the traced process
if grep -q 'BPF_MAP_CREATE' "$dir/trace"; then
	echo "fd_sources: $mode: the traced process created a map" >&2
	exit 1
fi
python3 "$here/expect.py" "$dir/expected" "$dir/trace"
