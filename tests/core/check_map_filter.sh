#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -e map=NAME keeps every call that names the map, not only map commands:
# its BPF_OBJ_PIN and BPF_OBJ_GET_INFO_BY_FD too (alone or with -e cmd=),
# and none that names another map.
. "$(dirname "$0")/lib.sh"
need_root
# pins go to a bpffs of our own, in a mount namespace of our own
if [ -z "${MAP_FILTER_NS:-}" ]; then
	command -v unshare >/dev/null || { echo "skip: no unshare"; exit 77; }
	MAP_FILTER_NS=1 exec unshare --mount --propagation private "$0"
fi
pins=$TMP/bpffs
mkdir "$pins"
mount -t bpf bpf "$pins" || { echo "skip: cannot mount a bpffs"; exit 77; }
trap 'umount "$pins"; rm -rf "$TMP"' EXIT

"$INJTRACE" -e map=wanted -o "$TMP/out" "$BIN/map_named" "$pins"
grep '^bpf(' "$TMP/out" | sed -E 's/^bpf\((BPF_[A-Z_]+), .*/\1/' >"$TMP/cmds"
printf '%s\n' BPF_MAP_CREATE BPF_OBJ_PIN BPF_OBJ_GET_INFO_BY_FD |
	diff -u - "$TMP/cmds" >&2 || fail "-e map=wanted: $(cat "$TMP/out")"
grep -q 'other' "$TMP/out" && fail "a call on \"other\": $(cat "$TMP/out")"
grep -q "BPF_OBJ_PIN, {pathname=\"$pins/wanted\"" "$TMP/out" ||
	fail "not the pin of \"wanted\": $(cat "$TMP/out")"

"$INJTRACE" -e map=wanted -e cmd=obj_pin -o "$TMP/pin" "$BIN/map_named" "$pins"
[ "$(grep -c '^bpf(BPF_OBJ_PIN' "$TMP/pin")" -eq 1 ] &&
	[ "$(grep -c '^bpf(' "$TMP/pin")" -eq 1 ] ||
	fail "-e map=wanted -e cmd=obj_pin: $(cat "$TMP/pin")"
echo ok
