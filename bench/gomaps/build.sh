#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds bench/gomaps (Go, cilium/ebpf) offline in GOPATH mode from Debian's
# packages (golang-go, golang-github-cilium-ebpf-dev), for the benchmarks and
# tests/golang.  A missing toolchain or library is no build error: OUT is
# then absent and OUT.why says why, which the test prints when it skips.
#
#	build.sh SOURCE_DIR OUT
set -u
src=$1
out=$2
rm -f "$out" "$out.why"

why() {
	echo "$*" >"$out.why"
	echo "gomaps not built: $*" >&2
	exit 0
}

command -v go >/dev/null 2>&1 ||
	why "no go command (Debian: apt-get install golang-go)"
gopath=/usr/share/gocode
[ -d "$gopath/src/github.com/cilium/ebpf" ] ||
	why "no cilium/ebpf under $gopath" \
	    "(Debian: apt-get install golang-github-cilium-ebpf-dev)"

# The build cache next to the output: a root CI run may have no usable $HOME.
if ! log=$(cd "$src" && GOPATH=$gopath GO111MODULE=off GOFLAGS= \
	GOCACHE=$(dirname "$out")/go-cache CGO_ENABLED=0 \
	go build -o "$out" . 2>&1); then
	rm -f "$out"
	why "go build failed: $log"
fi
