#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The tracer's address space stays small (docs/design.md, "Memory"): a
# traced run that fetches a map's info inside the tracee works under
# ulimit -v of 1 GiB, and the tracer's VmPeak stays under 256 MiB.
. "$(dirname "$0")/lib.sh"
need_root
LIMIT_KIB=$((1024 * 1024))
BOUND_KIB=$((256 * 1024))
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
