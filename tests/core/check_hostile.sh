#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A hostile or buggy tracee (bad pointers, huge sizes, fds replaced under
# us, death mid-injection) ends as it does untraced; injtrace neither
# crashes nor hangs, and prints every call, unreadable pointers as
# addresses.
. "$(dirname "$0")/lib.sh"
# shellcheck source=../common/scale.sh
. "$(dirname "$0")/../common/scale.sh"
need_root
churn=$(scaled 3000 300)	# lookups while the fds churn
for mode in badptr "churn $churn" die; do
	want=0
	# shellcheck disable=SC2086 # the mode and its count
	"$BIN/hostile" $mode >/dev/null 2>&1 || want=$?
	[ "$want" -eq 77 ] && { echo "skip: no bpf()"; exit 77; }
	for btf in inject getfd; do
		got=0
		# shellcheck disable=SC2086
		timeout -k 10 120 "$INJTRACE" --btf=$btf -o "$TMP/out" "$BIN/hostile" $mode \
			2>"$TMP/err" || got=$?
		[ "$got" -eq "$want" ] ||
			fail "$mode ($btf): exit $got under injtrace, $want untraced: $(tail -3 "$TMP/err")"
		grep -q '^bpf(' "$TMP/out" || fail "$mode ($btf): nothing traced"
	done
	echo "ok: $mode ends with $want, as untraced"
done
# badptr: the unreadable key stays an address, the 1 GiB attr too
"$INJTRACE" -o "$TMP/out" "$BIN/hostile" badptr
grep -Eq '^bpf\(BPF_MAP_LOOKUP_ELEM, 0x[0-9a-f]+, 1073741824\) = -1 E2BIG' "$TMP/out" ||
	fail "huge attr: $(grep 1073741824 "$TMP/out")"
grep -Eq '^bpf\(BPF_MAP_LOOKUP_ELEM, \{map_fd=[0-9]+<map:#[0-9]+>, key=0x[0-9a-f]+, value=0x[0-9a-f]+, flags=BPF_ANY\}, [0-9]+\) = -1 EFAULT' "$TMP/out" ||
	fail "unreadable key: $(grep EFAULT "$TMP/out" | head -2)"
echo ok
