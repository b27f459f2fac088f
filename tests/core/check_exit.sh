#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Exit status: the tracee's status; killed by signal S, injtrace dies of S
# (the shell sees 128+S; check_lifecycle.sh holds it to strace); 1 with
# one "injtrace: ..." line on usage/setup errors, --bench's included.
. "$(dirname "$0")/lib.sh"
st=0; "$INJTRACE" -o /dev/null sh -c 'exit 3' || st=$?
[ "$st" -eq 3 ] || fail "exit 3 gave $st"
st=0; "$INJTRACE" -o /dev/null sh -c 'kill -TERM $$' || st=$?
[ "$st" -eq 143 ] || fail "SIGTERM gave $st"
st=0; "$INJTRACE" -o /dev/null /nonexistent/prog 2>"$TMP/err" || st=$?
[ "$st" -eq 127 ] || fail "missing program gave $st"
grep -q "^injtrace: cannot run '/nonexistent/prog'" "$TMP/err" || fail "message: $(cat "$TMP/err")"
st=0; "$INJTRACE" -p 999999999 2>"$TMP/err" || st=$?
[ "$st" -eq 1 ] || fail "bad pid gave $st"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q '^injtrace: ' "$TMP/err" ||
	fail "bad pid message: $(cat "$TMP/err")"
st=0; "$INJTRACE" --bogus 2>/dev/null || st=$?
[ "$st" -eq 1 ] || fail "bad option gave $st"
st=0; "$INJTRACE" -s x true 2>/dev/null || st=$?
[ "$st" -eq 1 ] || fail "bad -s gave $st"
# --bench: a bad --iterations or an unknown argument is refused, not ignored
for args in "--iterations 0" "--iterations -5" "--iterations 12x" \
	"--iterations 99999999999999999999" "--iterations" "--iterations=" \
	"--bogus" "--json -f" "extra"; do
	st=0
	# shellcheck disable=SC2086
	"$INJTRACE" --bench $args >/dev/null 2>"$TMP/err" || st=$?
	[ "$st" -eq 1 ] || fail "--bench $args gave $st"
	[ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q '^injtrace: ' "$TMP/err" ||
		fail "--bench $args: $(cat "$TMP/err")"
done
# --dump of a process that holds no map: nothing to print, dumped whole, 0
# (its empty fd list once went to qsort() as NULL: UBSan's finding)
if [ "$(id -u)" -eq 0 ]; then
	sleep 60 &
	idle=$!
	for json in "" --json; do
		st=0
		"$INJTRACE" --dump $json -p $idle >"$TMP/out" 2>"$TMP/err" || st=$?
		[ "$st" -eq 0 ] && [ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] ||
			fail "--dump $json of no map: $st, $(cat "$TMP/out" "$TMP/err")"
	done
	kill $idle
	# -o '|cmd' pipes the dump to the command, as it pipes a trace (it
	# once wrote a file named "|cat ...")
	"$BIN/looper" "$TMP/beat" &
	holder=$!
	for _ in $(seq 200); do [ -s "$TMP/beat" ] && break; sleep 0.05; done
	"$INJTRACE" --dump -p $holder >"$TMP/dump" 2>"$TMP/err" ||
		fail "--dump: $(cat "$TMP/err")"
	(cd "$TMP" && "$INJTRACE" --dump -o "|cat >piped" -p $holder) ||
		fail "--dump -o '|cat >piped' gave $?"
	kill $holder
	grep -q 'fd [0-9]*<map:' "$TMP/dump" || fail "--dump: $(cat "$TMP/dump")"
	[ ! -e "$TMP/|cat >piped" ] || fail "--dump wrote a file named '|cat >piped'"
	diff -u "$TMP/dump" "$TMP/piped" >&2 || fail "--dump -o '|cat': not the dump"
fi
"$INJTRACE" -V | grep -q '^injtrace ' || fail "-V"
"$INJTRACE" -h | grep -q 'usage: injtrace' || fail "-h"
echo ok
