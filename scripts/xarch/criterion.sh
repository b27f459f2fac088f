#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: criterion.sh ARCH ROOT
#        criterion.sh --key ARCH
# Cross-builds criterion for ARCH from Debian trixie's source packages
# (criterion, and boxfort, its sandbox library, as criterion's meson
# subproject) and installs it into the root filesystem ROOT: headers,
# pkg-config file and libcriterion.so for the cross build, the library for
# the guest. Only riscv64 needs it: Debian builds criterion for amd64,
# arm64 and i386 only, BoxFort 0.1.2 having no riscv64 trampoline.
# scripts/xarch/criterion-ARCH.patch adds one and fixes what the build
# needs (docs/xarch.md says what and why). The sources are Debian's .dsc
# and upstream tarballs, each checked against the Sources index; Debian's
# packaging (the .debian.tar.xz) is not used: criterion builds with its own
# meson files, against the root filesystem's nanomsg, libgit2, libffi and
# nanopb, and klib's headers from libfml-dev. The installed tree is cached
# as criterion-ARCH/ under $XARCH_CACHE, keyed by the source versions and
# the patch; --key prints that key (rootfs.sh compares it with ROOT's).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PATCH=
tmp=
SRC_APT=$XARCH_CACHE/apt-trixie-src

# src_apt TOOL ARGS...: apt that only knows trixie's sources.
src_apt()
{
	xarch_private_apt "$SRC_APT" \
		"deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(xarch_mirror) trixie main" \
		"$@"
}

src_update()
{
	if [ -n "${INJTRACE_XARCH_REFRESH:-}" ] ||
	   ! ls "$SRC_APT"/lists/*_Sources* >/dev/null 2>&1; then
		src_apt apt-get update >&2 ||
			xarch_skip "cannot reach the Debian mirror for criterion's source"
	fi
}

src_version()
{
	src_apt apt-cache showsrc "$1" | sed -n 's/^Version: //p' |
		sort -V | tail -n1
}

key()
{
	local arch=$1

	src_update
	echo "criterion $(src_version criterion) boxfort $(src_version boxfort)" \
		"patch $(sha256sum <"$PATCH" | cut -c1-16) arch $arch"
}

# Fetch the .dsc and the upstream tarball of source package $1 into $2,
# each checked against the SHA256 sums of the Sources index.
fetch_source()
{
	local pkg=$1 dir=$2 uri name sum

	src_apt apt-get source --print-uris "$pkg" | grep "^'" |
		while read -r uri name _ sum; do
			uri=${uri//\'/}
			case $name in
			*.dsc | *.orig.tar.*) ;;
			*) continue ;;
			esac
			/usr/lib/apt/apt-helper -o APT::Sandbox::User=root \
				download-file "$uri" "$dir/$name" "$sum" \
				>"$dir/fetch.log" 2>&1 ||
				xarch_skip "cannot fetch $name from the Debian mirror"
		done
	ls "$dir"/"$pkg"_*.orig.tar.* >/dev/null ||
		xarch_die "no upstream tarball of $pkg in Debian trixie"
}

cross_file()
{
	local arch=$1 root=$2 out=$3 triplet lld

	triplet=$(xarch_triplet "$arch")
	lld=$(command -v ld.lld-19) || xarch_die "ld.lld-19 is missing (install.sh)"
	cat >"$out" <<-EOF
		[binaries]
		c = ['clang', '--target=$triplet', '--sysroot=$root']
		cpp = ['clang++', '--target=$triplet', '--sysroot=$root']
		ar = 'llvm-ar'
		strip = 'llvm-strip'
		pkgconfig = 'pkg-config'
		cmake = 'cmake'

		[built-in options]
		pkg_config_path = ''
		c_args = ['-idirafter', '$root/usr/include/fml']
		c_link_args = ['--ld-path=$lld']
		cpp_link_args = ['--ld-path=$lld']

		[properties]
		sys_root = '$root'
		pkg_config_libdir = ['$root/usr/lib/$triplet/pkgconfig', '$root/usr/share/pkgconfig']
		cmake_toolchain_file = '$XARCH_ROOT/cmake/toolchain-$arch.cmake'

		[cmake]
		INJTRACE_SYSROOT = '$root'

		[host_machine]
		system = 'linux'
		cpu_family = '$arch'
		cpu = '$arch'
		endian = 'little'
	EOF
}

build()
{
	local arch=$1 root=$2 stage=$3 tmp=$4 src

	fetch_source boxfort "$tmp"
	fetch_source criterion "$tmp"
	tar -xf "$tmp"/criterion_*.orig.tar.* -C "$tmp"
	src=$(echo "$tmp"/Criterion-*/)
	rm -rf "$src/subprojects/boxfort"
	mkdir "$src/subprojects/boxfort"
	tar -xf "$tmp"/boxfort_*.orig.tar.* -C "$src/subprojects/boxfort" \
		--strip-components=1
	patch -s -p1 -d "$src" <"$PATCH"
	cross_file "$arch" "$root" "$tmp/cross.ini"
	# nanopb has only a CMake package. Meson looks for one first in the
	# host's lib/<arch> directories, one for each /usr/lib/*-linux-gnu
	# the host has, and a host without /usr/lib/riscv64-linux-gnu has
	# none; nanopb_DIR (read by meson's look and by CMake's find_package)
	# names the sysroot's.
	nanopb_DIR=$root/usr/lib/$(xarch_triplet "$arch")/cmake/nanopb \
	PKG_CONFIG_SYSROOT_DIR=$root meson setup "$tmp/build" "$src" \
		--cross-file "$tmp/cross.ini" --wrap-mode=nodownload \
		--prefix=/usr --libdir="lib/$(xarch_triplet "$arch")" \
		--buildtype=release -Dtests=false -Dsamples=false \
		-Dboxfort:tests=false -Dboxfort:samples=false \
		-Di18n=disabled >"$tmp/setup.log" 2>&1 || {
		tail -n 40 "$tmp/setup.log" >&2
		xarch_die "$arch: criterion's meson setup failed"
	}
	ninja -C "$tmp/build" >"$tmp/build.log" 2>&1 || {
		grep -E -B2 -A6 'error' "$tmp/build.log" | head -n 60 >&2
		xarch_die "$arch: criterion's build failed"
	}
	DESTDIR=$stage meson install -C "$tmp/build" --quiet \
		>>"$tmp/build.log" 2>&1
	# Only a static link would read Libs.private: no build paths there.
	sed -i "s|$root/|/|g" "$stage/usr/lib/$(xarch_triplet "$arch")/pkgconfig/criterion.pc"
}

main()
{
	local arch=${1:?usage: criterion.sh ARCH ROOT} root=${2:-} want
	local stage

	if [ "$arch" = --key ]; then
		arch=${2:?usage: criterion.sh --key ARCH}
		PATCH=$XARCH_ROOT/scripts/xarch/criterion-$arch.patch
		key "$arch"
		return 0
	fi
	[ -n "$root" ] || xarch_die "usage: criterion.sh ARCH ROOT"
	PATCH=$XARCH_ROOT/scripts/xarch/criterion-$arch.patch
	stage=$XARCH_CACHE/criterion-$arch
	[ -f "$PATCH" ] || xarch_die "no criterion for $arch: no $PATCH"
	xarch_lock "criterion-$arch"
	want=$(key "$arch")
	if [ "$(cat "$stage/.complete" 2>/dev/null)" != "$want" ]; then
		xarch_log "$arch: building criterion from Debian's source ($want)"
		tmp=$(mktemp -d "$XARCH_CACHE/criterion-$arch.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		build "$arch" "$root" "$tmp/stage" "$tmp"
		rm -rf "$stage"
		mv "$tmp/stage" "$stage"
		echo "$want" >"$stage/.complete"
	fi
	(cd "$stage" && find . -mindepth 1 ! -name .complete |
		cpio -pdmu --quiet "$root")
	echo "$want" >"$root/.criterion"
	xarch_unlock
}

main "$@"
