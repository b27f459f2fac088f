#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The tracer's address space stays small (docs/design.md, "Memory"): a
# traced run that fetches a map's info inside the tracee works under
# ulimit -v of 1 GiB, and the tracer's VmPeak stays under 256 MiB.
#
# An ASan build reserves ~20 TiB of shadow and allocator space at start,
# so neither ulimit -v nor VmPeak can hold it.  There the test measures
# the same thing from the tracer's /proc/PID/maps (x86_64 ASan layout,
# compiler-rt asan_mapping.h): every mapping outside the shadow
# [0x7fff7000, 0x10007fff8000) counts, and inside the allocator's space
# [0x600000000000, 0x640000000000) every accessible one (the heap it has
# handed out, not its PROT_NONE reservation); the sum stays under 256 MiB.
. "$(dirname "$0")/lib.sh"
need_root
LIMIT_KIB=$((1024 * 1024))
BOUND_KIB=$((256 * 1024))
if grep -q __asan_init "$INJTRACE"; then
	[ "$(uname -m)" = x86_64 ] ||
		{ echo "skip: ASan layout known for x86_64 only"; exit 77; }
	"$INJTRACE" -o "$TMP/out" "$BIN/tracer_vm" "$TMP/maps" >"$TMP/vm" \
		2>"$TMP/err" || fail "traced run failed: $(cat "$TMP/err")"
	grep -q '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" || fail "no lookups traced"
	kib=0 shadow=0
	while read -r range perms _; do
		lo=$((16#${range%-*})) hi=$((16#${range#*-}))
		if [ $lo -ge $((0x7fff7000)) ] && [ $hi -le $((0x10007fff8000)) ]; then
			shadow=$((shadow + (hi - lo) / 1024))
			continue
		fi
		[ $lo -lt $((0x600000000000)) ] || [ $hi -gt $((0x640000000000)) ] ||
			[ "$perms" != ---p ] || continue
		kib=$((kib + (hi - lo) / 1024))
	done <"$TMP/maps"
	[ $shadow -gt 0 ] || fail "no ASan shadow where expected: $(head "$TMP/maps")"
	echo "ASan build: tracer mappings ${kib} KiB besides ASan's shadow and reservations (bound ${BOUND_KIB} KiB)"
	[ "$kib" -lt "$BOUND_KIB" ] || fail "tracer maps ${kib} KiB"
	exit 0
fi
(
	ulimit -v "$LIMIT_KIB"
	"$INJTRACE" -o "$TMP/out" "$BIN/tracer_vm" >"$TMP/vm" 2>"$TMP/err"
) || fail "traced run under ulimit -v $LIMIT_KIB failed: $(cat "$TMP/err")"
cat "$TMP/vm"
peak=$(sed -n 's/^VmPeak:[[:space:]]*\([0-9]*\) kB$/\1/p' "$TMP/vm")
[ -n "$peak" ] || fail "no VmPeak of the tracer in: $(cat "$TMP/vm")"
grep -q '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" || fail "no lookups traced"
echo "tracer VmPeak ${peak} KiB (bound ${BOUND_KIB} KiB)"
[ "$peak" -lt "$BOUND_KIB" ] || fail "tracer VmPeak ${peak} KiB"
