#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A tracee's SIGTRAP stays as it set it: ignored, blocked or handled.  The
# trap that ends an injection is a forced SIGTRAP, and the kernel resets an
# ignored or blocked one to SIG_DFL when it forces it; the engine unblocks
# a blocked one for the session and keeps to the classic path (no trap)
# for an ignored one.  The map's values must still come out typed.
. "$(dirname "$0")/lib.sh"
need_root
for mode in ignore block handler; do
	rc=0
	"$BIN/sigtrap" "$mode" >/dev/null || rc=$?
	[ "$rc" -ne 77 ] || { echo "skip: sigtrap $mode: no bpf()"; exit 77; }
	[ "$rc" -eq 0 ] || fail "sigtrap $mode fails even untraced"
	for flags in "" "-f"; do
		# shellcheck disable=SC2086
		"$INJTRACE" $flags -o "$TMP/out" "$BIN/sigtrap" "$mode" \
			>"$TMP/stdout" 2>"$TMP/stderr" ||
			fail "sigtrap $mode under injtrace $flags: exit $?:" \
				"$(cat "$TMP/stderr")"
		grep -q "^sigtrap $mode: ok" "$TMP/stdout" ||
			fail "sigtrap $mode under injtrace $flags did not finish"
		grep -q 'BPF_MAP_LOOKUP_ELEM.*value={hits=3, tag="trap"' \
			"$TMP/out" ||
			fail "sigtrap $mode ($flags): lookup not typed:" \
				"$(grep LOOKUP "$TMP/out")"
	done
	echo "sigtrap $mode: ok"
done
