# SPDX-License-Identifier: MIT
# Shared part of the cross toolchain files (toolchain-<arch>.cmake): the
# sysroot is a Debian root filesystem of the target arch holding the -dev
# packages (scripts/xarch/rootfs.sh makes one), given as INJTRACE_SYSROOT
# (cache variable or environment). Libraries are found with pkg-config in
# the sysroot only, never the host's.
if(NOT INJTRACE_SYSROOT)
	set(INJTRACE_SYSROOT "$ENV{INJTRACE_SYSROOT}")
endif()
if(NOT INJTRACE_SYSROOT OR NOT EXISTS "${INJTRACE_SYSROOT}/usr/include")
	message(FATAL_ERROR "set INJTRACE_SYSROOT to a ${CMAKE_SYSTEM_PROCESSOR} "
		"Debian root filesystem with the -dev packages "
		"(scripts/xarch/rootfs.sh prints one)")
endif()
# try_compile() projects read the toolchain file again: pass it on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES INJTRACE_SYSROOT)
set(ENV{INJTRACE_SYSROOT} "${INJTRACE_SYSROOT}")

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSROOT "${INJTRACE_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${INJTRACE_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(ENV{PKG_CONFIG_SYSROOT_DIR} "${INJTRACE_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR} "${INJTRACE_SYSROOT}/usr/lib/${INJTRACE_TRIPLET}/pkgconfig:${INJTRACE_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
