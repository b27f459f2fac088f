/* SPDX-License-Identifier: MIT */
/*
 * The filter installed in a started tracee before execve: bpf() stops it
 * (SECCOMP_RET_TRACE, a PTRACE_EVENT_SECCOMP stop), every other syscall
 * runs at native speed, like strace --seccomp-bpf.
 */
#ifndef INJTRACE_CORE_SECCOMP_H
#define INJTRACE_CORE_SECCOMP_H

/* Installs the filter in the calling process: 0 or -errno. */
int seccomp_install_bpf_trace(void) __attribute__((warn_unused_result));

#endif
