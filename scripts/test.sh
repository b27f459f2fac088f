#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up, builds and runs every test (ctest). Extra args go to ctest,
# e.g. scripts/test.sh -L xarch.
# With INJTRACE_SANITIZE=1 (as in CI, .ci/run), the suite then runs a
# second time against the sanitizer build (build-san: ASan+UBSan,
# LeakSanitizer on injtrace at every exit; xarch left out, its guests
# build their own), and after it the libFuzzer targets fuzz for a
# bounded time each (label fuzz, INJTRACE_FUZZ_SECONDS).  Each part
# prints what it cost ("test.sh: ... s"; docs/design.md, "Hardening").
# -L soak_long runs the 1000-cycle attach/detach soak and the 200 kills;
# -L btf_diff_long the ten-minute randomized differential.  Both are of
# ctest's "long" configuration, which these labels select.
set -euo pipefail
cd "$(dirname "$0")/.."
config=()
case " $* " in
*soak_long* | *btf_diff_long*) config=(-C long) ;;
esac
# runs a part, then prints what it cost: wall and CPU seconds
part() {
	local name=$1 st=0 TIMEFORMAT
	shift
	TIMEFORMAT="test.sh: $name: %0R s (CPU %0U s user, %0S s system)"
	time "$@" || st=$?
	[ $st -eq 0 ] || echo "test.sh: $name FAILED ($st)"
	return $st
}
part "setup and build" scripts/setup.sh
part "suite" bash -c 'cd build && exec ctest --output-on-failure -j2 "$@"' \
	ctest "${config[@]}" "$@"
if [ "${INJTRACE_SANITIZE:-}" = 1 ]; then
	part "sanitizer build" scripts/setup.sh --sanitize
	part "suite under ASan+UBSan" bash -c 'cd build-san &&
		exec ctest --output-on-failure -j2 -LE "xarch|^fuzz$" "$@"' \
		ctest "${config[@]}" "$@"
	# a crash, a sanitizer report or an invalid JSON record fails it;
	# the input is printed (base64) for tests/fuzz/regress/
	part "fuzzing" bash -c 'cd build-san &&
		exec ctest --output-on-failure -j2 -L "^fuzz$" "$@"' \
		ctest "$@"
fi
