# SPDX-License-Identifier: MIT
# Cross build for riscv64 against a Debian trixie riscv64 sysroot (bookworm
# has no riscv64 port). Clang, not bookworm's riscv64 gcc: that gcc puts
# its own glibc 2.36 headers ahead of the sysroot's 2.41 ones, and
# bookworm's ld (binutils 2.40) crashes on the R_RISCV_SET/SUB_ULEB128
# relocations in trixie's gcc-14-built crt objects. clang takes headers,
# crt files and libgcc from the sysroot only; lld 19 links them.
#   cmake -B build-riscv64 --toolchain cmake/toolchain-riscv64.cmake \
#         -DINJTRACE_SYSROOT=$(scripts/xarch/rootfs.sh riscv64)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(INJTRACE_TRIPLET riscv64-linux-gnu)
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET riscv64-linux-gnu)
set(CMAKE_CXX_COMPILER clang++)
set(CMAKE_CXX_COMPILER_TARGET riscv64-linux-gnu)
set(CMAKE_ASM_COMPILER clang)
set(CMAKE_ASM_COMPILER_TARGET riscv64-linux-gnu)
find_program(INJTRACE_LLD NAMES ld.lld-19 REQUIRED)
set(CMAKE_EXE_LINKER_FLAGS_INIT "--ld-path=${INJTRACE_LLD}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "--ld-path=${INJTRACE_LLD}")
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-common.cmake)
