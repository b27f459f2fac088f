# SPDX-License-Identifier: MIT
# Cross build for aarch64 with Debian's gcc-aarch64-linux-gnu against a
# Debian bookworm arm64 sysroot (same glibc as the cross compiler):
#   cmake -B build-aarch64 --toolchain cmake/toolchain-aarch64.cmake \
#         -DINJTRACE_SYSROOT=$(scripts/xarch/rootfs.sh aarch64)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(INJTRACE_TRIPLET aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-common.cmake)
