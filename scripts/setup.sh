#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages injtrace needs to build and test, then
# configures and builds it in build/. Idempotent: quick when all is there.
# --sanitize: build build-san/ instead (CMake preset "sanitize": clang,
# ASan+UBSan on injtrace and the unit tests, the libFuzzer targets).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config libbpf-dev libelf-dev zlib1g-dev
	libzstd-dev libcapstone-dev libunwind-dev libcriterion-dev bpftool
	strace clang llvm libiberty-dev rustc libclang-rt-14-dev
	podman runc busybox-static golang-go golang-github-cilium-ebpf-dev
	gnuplot-nox)

missing=()
for pkg in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "setup: installing ${missing[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = --sanitize ]; then
	cmake --preset sanitize >/dev/null
	cmake --build build-san -j"$(nproc)"
	exit
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
