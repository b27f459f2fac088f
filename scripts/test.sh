#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up, builds and runs every test (ctest). Extra args go to ctest,
# e.g. scripts/test.sh -L xarch.
# With INJTRACE_SANITIZE=1, the suite then runs a second time against the
# sanitizer build (build-san: ASan+UBSan, LeakSanitizer on injtrace at
# every exit), with the fuzz targets fuzzing for a bounded time (label
# fuzz); xarch is left out there (its guests build their own).  Not yet
# in CI: a whole run of the suite under ASan has not been seen clean.
# -L soak_long runs the 1000-cycle attach/detach soak.
set -euo pipefail
cd "$(dirname "$0")/.."
config=()
case " $* " in
*soak_long*) config=(-C long) ;;
esac
scripts/setup.sh
(cd build && ctest --output-on-failure -j2 "${config[@]}" "$@")
if [ "${INJTRACE_SANITIZE:-}" = 1 ]; then
	scripts/setup.sh --sanitize
	cd build-san
	ctest --output-on-failure -j2 -LE xarch "$@"
fi
