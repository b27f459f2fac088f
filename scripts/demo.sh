#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up, builds and traces the bundled example (needs root / CAP_BPF).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec ./build/injtrace "$@" ./build/examples/maps_demo
