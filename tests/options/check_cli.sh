#!/bin/bash
# SPDX-License-Identifier: MIT
# check_cli.sh INJTRACE: bad input is refused as strace refuses it (one
# line, "Try '... -h'" where strace says it, exit 1), with the very shape
# of strace 6.1's message where strace has the same mistake; and every
# option of -h is in the man page and the README with an example.
set -u
injtrace=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# expect_error EXPECTED_STDERR ARGS...: exit 1, nothing traced, stderr
expect_error() {
	local want=$1 rc
	shift
	"$injtrace" "$@" >"$dir/out" 2>"$dir/err"
	rc=$?
	[ "$rc" -eq 1 ] || fail "injtrace $*: exit $rc, not 1"
	[ -s "$dir/out" ] && fail "injtrace $*: wrote on stdout"
	printf '%s\n' "$want" >"$dir/want"
	diff -u "$dir/want" "$dir/err" || fail "injtrace $*: message"
}

try="Try 'injtrace -h' for more information."
expect_error "injtrace: invalid option -- 'Q'
$try" -Q true
expect_error "injtrace: unrecognized option '--bogus'
$try" --bogus true
expect_error "injtrace: option requires an argument -- 'S'
$try" -c -S
expect_error "injtrace: invalid sortby: 'size'
$try" -c -S size true
expect_error "injtrace: -c and -C are mutually exclusive
$try" -c -C true
# an empty list is an error, as strace's -e trace= is
expect_error "injtrace: invalid map list ''" -e map= true
expect_error "injtrace: invalid map list ',,'" -e map=,, true
expect_error "injtrace: invalid command list ''" -e cmd= true
expect_error "injtrace: invalid command list ','" -e cmd=, true
expect_error "injtrace: invalid map id '#x1'" -e map=#x1 true
expect_error "injtrace: invalid signal ''" -e signal= true
expect_error "injtrace: invalid signal ',,'" -e signal=,, true
expect_error "injtrace: invalid signal '!'" -e signal=! true
expect_error "injtrace: invalid signal 'bogus'" -e signal=usr1,bogus true
expect_error "injtrace: invalid map id '#0'" -e map=#0 true
# contradictory: one line
expect_error "injtrace: --json and --plain are mutually exclusive" \
	--json --plain true
# --dump prints maps, not calls: an option of the trace is refused, not
# ignored (checked before any attach: pid 1 is never touched)
for o in -f -ff -q -k --plain -e\ cmd=map_lookup_elem -e\ signal=none -t \
	-tt -ttt -r -T -c -C -S\ calls -z -Z --btf=off; do
	name=${o%% *}
	case $o in -e*) name=${o#-e }; name=-e\ ${name%%=*}= ;; esac
	[ "$o" = --btf=off ] && name=--btf
	# shellcheck disable=SC2086
	expect_error "injtrace: --dump takes only --json, -e map=, -o, -s and -p, not $name" \
		--dump $o -p 1
done
# -ff writes files: not into a pipe, and no summary (it would go nowhere)
expect_error "injtrace: piping the output and -ff are mutually exclusive
$try" -ff -o '|cat' true
expect_error "injtrace: (-c or -C) and -ff are mutually exclusive
$try" -c -ff -o "$dir/ff" true
expect_error "injtrace: (-c or -C) and -ff are mutually exclusive
$try" -C -ff true
# -ff without -o is -f, as strace's: the child's call on stderr
"$injtrace" -ff sh -c 'sh -c "kill -USR1 \$\$"; true' >/dev/null \
	2>"$dir/err" || fail "-ff without -o: exit $?"
grep -q -- '--- SIGCHLD' "$dir/err" && grep -q 'killed by SIGUSR1' "$dir/err" ||
	fail "-ff without -o does not follow the child: $(cat "$dir/err")"

# the same mistakes under strace: the same shape, word for word but the
# program's name (and strace's own word for a syscall list)
if command -v strace >/dev/null; then
	same_as_strace() {
		local ours=$1 theirs=$2
		shift 2
		# shellcheck disable=SC2086
		strace $theirs true 2>&1 >/dev/null |
			sed -e 's/strace/injtrace/g' \
				-e 's/invalid system call/invalid command list/' \
				>"$dir/strace"
		# shellcheck disable=SC2086
		"$injtrace" $ours true 2>"$dir/ours" >/dev/null
		diff -u "$dir/strace" "$dir/ours" ||
			fail "'$ours' is not refused as strace refuses '$theirs'"
	}
	same_as_strace -Q -Q
	same_as_strace --bogus --bogus
	same_as_strace "-c -S size" "-c -S size"
	same_as_strace "-e cmd=" "-e trace="
	same_as_strace "-e cmd=,," "-e trace=,,"
	for set in "" ,, ! bogus usr1,bogus; do
		same_as_strace "-e signal=$set" "-e signal=$set"
	done
	# strace adds its long names ("-ff/--output-separately"), which
	# injtrace has not
	for args in "-ff -o |cat" "-c -ff" "-C -ff -o $dir/ff"; do
		# shellcheck disable=SC2086
		strace $args true 2>&1 >/dev/null |
			sed -e 's/strace/injtrace/g' -e 's|/--[a-z-]*||g' \
				>"$dir/strace"
		# shellcheck disable=SC2086
		"$injtrace" $args true 2>"$dir/ours" >/dev/null
		diff -u "$dir/strace" "$dir/ours" ||
			fail "'$args' is not refused as strace refuses it"
	done
else
	echo "no strace: its messages not compared"
fi

# warnings, not errors, where strace only warns
"$injtrace" -S calls true >/dev/null 2>"$dir/err" ||
	fail "-S without -c refused"
grep -qx 'injtrace: -S has no effect without -c or -C' "$dir/err" ||
	fail "-S without -c: $(cat "$dir/err")"
"$injtrace" -z -Z true >/dev/null 2>"$dir/err" || fail "-z -Z refused"
grep -qx 'injtrace: only the last of -z and -Z takes effect' "$dir/err" ||
	fail "-z -Z: $(cat "$dir/err")"

# every option of -h: in the man page and the README, and in an example
# of each, -h's own too
"$injtrace" -h >"$dir/help" || fail "-h exited non-zero"
# "  -t, -tt, -ttt    what": every spelling before the description
opts=$(grep -E '^  -' "$dir/help" | sed -E 's/^  (-[^ ,]+(, -[^ ,]+)*).*/\1/' |
	tr ',' '\n' | sed -E 's/^ +//; s/[= ].*//' | sort -u)
[ "$(echo "$opts" | wc -l)" -ge 18 ] || fail "-h lists too few options"
for o in $opts; do
	esc=${o//-/\\\\-}
	grep -q -- "$esc" "$src/docs/injtrace.1" ||
		fail "man page: no $o"
	grep -q -- "$o" "$src/README.md" || fail "README: no $o"
	# an example: a command line using it, in the man page's EXAMPLES
	sed -n '/^\.SH EXAMPLES/,/^\.SH [A-Z]/p' "$src/docs/injtrace.1" |
		grep -E "^injtrace .*$esc( |=|$|[0-9])" >/dev/null ||
		fail "man page EXAMPLES: no example of $o"
	# and in -h's own examples
	sed -n '/^Examples:/,$p' "$dir/help" |
		grep -E "^  injtrace .*${o}( |=|$|[0-9])" >/dev/null ||
		fail "-h: no example of $o"
	# and the README's
	grep -E "^    injtrace .*${o}( |=|$|[0-9])" "$src/README.md" \
		>/dev/null || fail "README: no example of $o"
done
[ "$status" -eq 0 ] && echo ok
exit "$status"
