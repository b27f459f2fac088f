#!/bin/bash
# SPDX-License-Identifier: MIT
# run_expect.sh INJTRACE "OPTS" PROG [ARGS...]: runs PROG under
# "injtrace OPTS"; PROG prints (stdout) the lines injtrace must print for
# its map calls; expect.py checks they appear in the trace, in order.
# PROG exiting 77 = skipped (no bpf() here).  PROG may itself be a
# launcher (maps_holder) that runs "@INJTRACE@ ... " given in ARGS:
# @INJTRACE@ and @OUT@ in ARGS are replaced.
set -euo pipefail
injtrace=$1
opts=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

args=()
launcher=0
for a in "$@"; do
	case $a in
	@INJTRACE@) args+=("$injtrace"); launcher=1 ;;
	@OUT@) args+=("$dir/trace") ;;
	*) args+=("$a") ;;
	esac
done

rc=0
if [ "$launcher" = 1 ]; then
	"${args[@]}" >"$dir/expected" || rc=$?
else
	# shellcheck disable=SC2086 # OPTS is a list of options
	"$injtrace" $opts -o "$dir/trace" "${args[@]}" >"$dir/expected" ||
		rc=$?
fi
if [ "$rc" = 77 ]; then
	exit 77
fi
if [ "$rc" != 0 ]; then
	echo "run_expect: $* exited $rc under injtrace; the trace:" >&2
	cat "$dir/trace" >&2 || true
	exit 1
fi
python3 "$here/expect.py" "$dir/expected" "$dir/trace"
