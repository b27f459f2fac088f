# SPDX-License-Identifier: MIT
# Shared by the core test scripts: INJTRACE and BIN come from ctest.
set -euo pipefail
: "${INJTRACE:?}" "${BIN:?}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# traced_by PID TRACER: /proc says PID's tracer is TRACER (0: none)
traced_by() { grep -q "^TracerPid:[[:space:]]*$2$" "/proc/$1/status"; }
need_root() { [ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }; }
