// SPDX-License-Identifier: MIT
/* The table of the arch this binary is built for. */
#include "arch/arch.h"

#if defined(__x86_64__)
const struct arch_ops *const arch_host = &arch_x86_64;
#elif defined(__aarch64__)
const struct arch_ops *const arch_host = &arch_aarch64;
#elif defined(__riscv) && __riscv_xlen == 64
const struct arch_ops *const arch_host = &arch_riscv64;
#else
#error "unsupported host architecture"
#endif
