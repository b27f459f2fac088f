#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: suite.sh BUILDDIR
# Prints the names of the tests the guests run (XARCH_CTEST_ARGS of
# lib.sh, as ctest -N selects them in BUILDDIR, the host's build), one a
# line, and the checks the guests' /init runs itself: what the host's
# ctest reports per guest (tests/xarch/guest_tests.cmake.in).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

main()
{
	local build=${1:?usage: suite.sh BUILDDIR}

	echo injtrace_maps_demo
	echo injtrace_bench
	# INJTRACE_XARCH_LISTING: the nested ctest does not list these again
	# shellcheck disable=SC2086 # a list of words
	(cd "$build" && INJTRACE_XARCH_LISTING=1 ctest -N $XARCH_CTEST_ARGS) |
		sed -n -E 's/^ *Test +#[0-9]+: (.*)$/\1/p'
}

main "$@"
