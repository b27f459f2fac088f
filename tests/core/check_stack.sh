#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -k: the tracee's stack after each call, strace -k format; --json puts it
# in a "stack" member.  Also -e cmd= selects the commands printed.
. "$(dirname "$0")/lib.sh"
need_root
"$INJTRACE" -k -e cmd=map_lookup_elem -o "$TMP/out" "$BIN/syscall_mix" 1000
grep -q '^bpf(BPF_MAP_LOOKUP_ELEM' "$TMP/out" || fail "no lookup: $(cat "$TMP/out")"
grep -q '^bpf(BPF_MAP_CREATE' "$TMP/out" && fail "-e cmd= let MAP_CREATE through"
# the lookup comes from test_lookup() inlined into main, via libc syscall()
grep -Eq "^ > .*/syscall_mix\(main\+0x[0-9a-f]+\) \[0x[0-9a-f]+\]$" "$TMP/out" ||
	fail "no main frame: $(head -8 "$TMP/out")"
grep -Eq '^ > .*libc\.so\.6\(syscall\+0x[0-9a-f]+\) \[0x[0-9a-f]+\]$' "$TMP/out" ||
	fail "no libc syscall frame: $(head -8 "$TMP/out")"
"$INJTRACE" -k --json -e cmd=BPF_MAP_LOOKUP_ELEM -o "$TMP/json" "$BIN/syscall_mix" 1000
python3 - "$TMP/json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no JSON lines"
for line in lines:
    o = json.loads(line)
    if "event" in o:
        continue        # "+++ exited +++" as a record
    assert o["cmd"] == "BPF_MAP_LOOKUP_ELEM", o["cmd"]
    names = [f["symbol"] for f in o["stack"]]
    assert "main" in names, names
PY
echo ok
