#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# With -f (the seccomp mode), non-bpf syscalls must not stop the tracee:
# 100k getppid + 100 lookups (+ 1 map create) may cost a handful of
# start-up stops plus two per bpf().
. "$(dirname "$0")/lib.sh"
need_root
INJTRACE_STATS=1 "$INJTRACE" -f -o "$TMP/out" "$BIN/syscall_mix" 100000 2>"$TMP/err" ||
	fail "syscall_mix failed: $(cat "$TMP/err")"
stops=$(sed -n 's/^injtrace: \([0-9]*\) stops$/\1/p' "$TMP/err")
fetches=$(sed -n 's/^injtrace: \([0-9]*\) map fetches$/\1/p' "$TMP/err")
calls=$(grep -c '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" || true)
echo "stops=$stops lookups=$calls map fetches=$fetches"
[ "$calls" -eq 100 ] || fail "expected 100 lookups, got $calls"
[ "$stops" -le $((2 * 101 + 10)) ] || fail "$stops stops for 101 bpf calls"
# the map's identity is fetched from the tracee once; every later lookup
# is decoded from the cache (revalidated by fdinfo), with no injection
[ "$fetches" -eq 1 ] || fail "$fetches map fetches for one map"
