#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A tracee's SIGTRAP stays as it set it: ignored, blocked or handled.  The
# trap that ends an injection is a forced SIGTRAP, and the kernel resets an
# ignored or blocked one to SIG_DFL when it forces it; the engine unblocks
# a blocked one for the session and keeps to the classic path (no trap)
# for an ignored one.  The map's values must still come out typed: from a
# started program, and with --dump and -p on a running one (sessions at
# interrupt stops, and at the stops of an attached process).
. "$(dirname "$0")/lib.sh"
# shellcheck source=../common/wait.sh
. "$(dirname "$0")/../common/wait.sh"
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

# A running program that ignores SIGTRAP, dumped, then traced by -p.
"$BIN/sigtrap" ignore "$TMP/go" >"$TMP/hold.out" &
victim=$!
trap 'kill -9 $victim 2>/dev/null || true; rm -rf "$TMP"' EXIT
ready() { grep -q '^ready' "$TMP/hold.out"; }
wait_for ready || fail "sigtrap ignore GO never got ready"
"$INJTRACE" --dump -p "$victim" >"$TMP/dump" 2>&1 ||
	fail "--dump -p: exit $?: $(cat "$TMP/dump")"
grep -q 'value={hits=3, tag="trap"}' "$TMP/dump" ||
	fail "--dump: element not typed: $(cat "$TMP/dump")"
"$INJTRACE" -o "$TMP/attached" -p "$victim" &
tracer=$!
wait_for traced_by "$victim" "$tracer" || fail "-p: not traced"
touch "$TMP/go"
st=0; wait "$victim" || st=$?
wait "$tracer" || fail "injtrace -p exited $?"
[ "$st" -eq 0 ] || fail "sigtrap ignore, dumped and attached, exit $st:" \
	"$(cat "$TMP/hold.out")"
grep -q 'BPF_MAP_LOOKUP_ELEM.*value={hits=3, tag="trap"' "$TMP/attached" ||
	fail "-p: lookup not typed: $(cat "$TMP/attached")"
echo "sigtrap ignore: ok after --dump and -p"
