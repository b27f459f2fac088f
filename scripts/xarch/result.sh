#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: result.sh OUTDIR NAME
# One test of a guest's suite as a host ctest test (xarch_<arch>/NAME):
# reads the result line the guest printed for NAME on its console
# (OUTDIR/console.txt, written by run.sh; tests/xarch/guest_report.py
# made it), prints it with what the test printed when it did not pass,
# and exits as the test did in the guest: 0 passed, 1 failed, 77 skipped.
# Run after xarch_<arch>, which boots the guest, by the same ctest (its
# parent, whose pid run.sh --setup wrote): otherwise it skips, so that a
# ctest -R that selects it alone neither boots a guest nor reads an old log.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

main()
{
	local out=${1:?usage: result.sh OUTDIR NAME} name=${2:?} line

	if [ "$(cat "$out/ctest.pid" 2>/dev/null)" != "$PPID" ]; then
		echo "xarch: SKIP: xarch_$(basename "$out") did not run in this" \
			"ctest run (ctest -L xarch runs both)"
		return "$XARCH_SKIP"
	fi
	if [ -s "$out/skipped" ]; then
		echo "xarch: SKIP: $(cat "$out/skipped")"
		return "$XARCH_SKIP"
	fi
	[ -s "$out/console.txt" ] ||
		xarch_die "no console log of the guest in $out (see xarch_$(basename "$out"))"
	# fixed-string match of the whole name: names hold '/' and '.'
	line=$(awk -v n="$name" '$1 == "xarch:" && $2 == "test" && $5 == n' \
		"$out/console.txt" | tail -n1)
	if [ -z "$line" ]; then
		echo "xarch: $name did not run in the guest (not in its" \
			"suite, or ctest was stopped: see xarch_$(basename "$out"))"
		return 1
	fi
	echo "$line"
	awk -v n="$name" '
		$0 == "xarch: output " n { on = 1; next }
		$0 == "xarch: end " n { on = 0 }
		on { print }' "$out/console.txt"
	case $line in
	"xarch: test passed "*) return 0 ;;
	"xarch: test skipped "*) return "$XARCH_SKIP" ;;
	*) return 1 ;;
	esac
}

main "$@"
