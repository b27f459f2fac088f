# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shared helpers for the cross-arch (xarch) scripts. Sourced, not run.
#
# Exit codes used by every script here, as ctest reads them:
#   0 pass, 1 real failure, 77 skip (the mirror cannot be reached, so qemu,
#   the cross toolchains or the kernels cannot be had).

# shellcheck disable=SC2034 # used by the scripts that source this file
XARCH_ARCHES=(aarch64 riscv64)
XARCH_SKIP=77
XARCH_CACHE=${INJTRACE_XARCH_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/tmp}/.cache}/injtrace-xarch}
# What the guests' ctest runs (ctest's arguments that select tests): the
# whole suite less the host-only tests (docs/xarch.md says which and why)
# and the runner itself. No "*" here: the words are expanded unquoted.
XARCH_CTEST_DEFAULT='-LE host_only|xarch'
XARCH_CTEST_ARGS=${INJTRACE_XARCH_CTEST_ARGS:-$XARCH_CTEST_DEFAULT}
# shellcheck disable=SC2034
XARCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

xarch_log()
{
	echo "xarch: $*" >&2
}

xarch_die()
{
	echo "xarch: error: $*" >&2
	exit 1
}

xarch_skip()
{
	echo "xarch: SKIP: $*" >&2
	exit "$XARCH_SKIP"
}

# Run a command as root (CI and the dev machines are root; sudo elsewhere).
xarch_as_root()
{
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# Serialise a section across concurrent runs (ctest -j runs both arches at
# once and both may want apt or the same cache entry). The lock is released
# when the calling script exits.
xarch_lock()
{
	local name=$1

	mkdir -p "$XARCH_CACHE"
	exec {XARCH_LOCK_FD}>"$XARCH_CACHE/.lock-$name"
	flock "$XARCH_LOCK_FD"
}

xarch_unlock()
{
	flock -u "$XARCH_LOCK_FD"
	exec {XARCH_LOCK_FD}>&-
}

# The Debian mirror the system already uses, read from its apt sources
# (one-line or deb822 format), so no host is named in this repository.
xarch_mirror()
{
	local uri

	uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		2>/dev/null | sed -n -E \
		's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([a-z]+:\/\/[^[:space:]]+)[[:space:]]+(bookworm|stable)[[:space:]].*/\2/p' |
		grep -v -- -security | head -n1) || true
	if [ -z "$uri" ]; then
		uri=$(awk '
			/^[[:space:]]*#/ { next }
			/^[[:space:]]*$/ {
				if (uris != "" && suites ~ /(^| )(bookworm|stable)( |$)/) {
					print uris; exit
				}
				uris = ""; suites = ""; next
			}
			/^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $1 }
			/^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
			END {
				if (uris != "" && suites ~ /(^| )(bookworm|stable)( |$)/)
					print uris
			}' /etc/apt/sources.list.d/*.sources 2>/dev/null |
			grep -v -- -security | head -n1) || true
	fi
	[ -n "$uri" ] || xarch_die "no Debian bookworm mirror in /etc/apt sources"
	echo "${uri%/}"
}

# Map our arch names to Debian's and to the GNU triplet.
xarch_debian_arch()
{
	case $1 in
	aarch64) echo arm64 ;;
	riscv64) echo riscv64 ;;
	*) xarch_die "unknown arch $1" ;;
	esac
}

xarch_triplet()
{
	echo "$1-linux-gnu"
}

# xarch_private_apt DIR SOURCE TOOL ARGS...: apt-get or apt-cache (TOOL)
# with a throwaway configuration under DIR whose one source is the line
# SOURCE (for the trixie mirror): its own sources file, lists and package
# cache, leaving the system's apt state untouched.
xarch_private_apt()
{
	local dir=$1 source=$2 tool=$3

	shift 3
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	if [ ! -s "$dir/sources.list" ]; then
		echo "$source" >"$dir/sources.list"
	fi
	"$tool" -q -o Dir::Etc::sourcelist="$dir/sources.list" \
		-o Dir::Etc::sourceparts=/dev/null \
		-o Dir::Etc::preferencesparts=/dev/null \
		-o Dir::State::Lists="$dir/lists" \
		-o Dir::Cache="$dir/cache" \
		-o APT::Sandbox::User=root "$@"
}

# apt-get (apt-cache with --cache) for Debian trixie riscv64: bookworm has
# no riscv64 port.
XARCH_TRIXIE=$XARCH_CACHE/apt-trixie-riscv64

xarch_trixie_apt()
{
	local tool=apt-get

	if [ "$1" = --cache ]; then
		tool=apt-cache
		shift
	fi
	xarch_private_apt "$XARCH_TRIXIE" \
		"deb [arch=riscv64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(xarch_mirror) trixie main" \
		"$tool" -o APT::Architectures::=riscv64 \
		-o APT::Architecture=riscv64 "$@"
}

# Refresh the trixie index when it is missing (or when $1 is "force").
xarch_trixie_update()
{
	if [ "${1:-}" = force ] ||
	   ! ls "$XARCH_TRIXIE"/lists/*_Packages* >/dev/null 2>&1; then
		xarch_log "apt-get update (trixie riscv64, throwaway config)"
		xarch_trixie_apt update >&2 ||
			xarch_skip "cannot fetch the trixie index from the mirror"
	fi
}

# apt-get/apt-cache for a given arch: the system's apt (with the arm64
# dpkg architecture) for aarch64, the throwaway trixie config for riscv64.
xarch_apt()
{
	local arch=$1

	shift
	if [ "$arch" = riscv64 ]; then
		xarch_trixie_update
		xarch_trixie_apt "$@"
	else
		apt-get -q -o APT::Sandbox::User=root "$@"
	fi
}

xarch_apt_cache()
{
	local arch=$1

	shift
	if [ "$arch" = riscv64 ]; then
		xarch_trixie_update
		xarch_trixie_apt --cache "$@"
	else
		apt-cache "$@"
	fi
}

# Refresh the package index an arch is fetched from; skip (77) when the
# mirror cannot be reached.
xarch_refresh_index()
{
	if [ "$1" = riscv64 ]; then
		xarch_trixie_update force
		return
	fi
	(
		flock 9
		xarch_as_root apt-get update -qq -o DPkg::Lock::Timeout=300 >&2
	) 9>"$XARCH_CACHE/.lock-apt" ||
		xarch_skip "apt-get update failed: the mirror is unreachable"
}

# Download Debian packages (name:arch) for an arch into the current
# directory. A stale index (the mirror dropped an old version) gets one
# refresh and a retry.
xarch_download()
{
	local arch=$1

	shift
	xarch_apt "$arch" download "$@" >&2 && return 0
	xarch_log "download failed; refreshing the index and retrying"
	xarch_refresh_index "$arch"
	xarch_apt "$arch" download "$@" >&2 ||
		xarch_die "cannot download $*"
}
