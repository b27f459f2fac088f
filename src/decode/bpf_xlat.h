/* SPDX-License-Identifier: MIT */
/*
 * Name tables for bpf() attrs, as strace's xlat/bpf_*.in.  Values are
 * spelled as numbers so the tables cover current kernels whatever
 * <linux/bpf.h> the build machine has (Debian bookworm's stops at 6.1);
 * entries newer than Linux 6.1 name the kernel version that added them.
 */
#ifndef INJTRACE_DECODE_BPF_XLAT_H
#define INJTRACE_DECODE_BPF_XLAT_H

#include "decode/xlat.h"

/* Defaults printed in a comment after an unknown value, as strace does. */
#define BPF_DFLT_CMD "BPF_???"
#define BPF_DFLT_MAP_TYPE "BPF_MAP_TYPE_???"
#define BPF_DFLT_PROG_TYPE "BPF_PROG_TYPE_???"
#define BPF_DFLT_LINK_TYPE "BPF_LINK_TYPE_???"
#define BPF_DFLT_F "BPF_F_???"

extern const struct xlat bpf_commands[];	  /* cmd */
extern const struct xlat bpf_map_types[];	  /* map_type */
extern const struct xlat bpf_prog_types[];	  /* prog_type */
extern const struct xlat bpf_attach_types[];	  /* attach_type, "BPF_???" */
extern const struct xlat bpf_link_types[];	  /* link info type */
extern const struct xlat bpf_map_flags[];	  /* map_flags, "BPF_F_???" */
extern const struct xlat bpf_prog_flags[];	  /* prog_flags, "BPF_F_???" */
extern const struct xlat bpf_map_lookup_flags[];  /* flags, "BPF_???" */
extern const struct xlat bpf_map_update_flags[];  /* xval, "BPF_???" */
extern const struct xlat bpf_file_flags[];	  /* OBJ_PIN file_flags */
extern const struct xlat bpf_file_mode_flags[];	  /* *_GET_FD_BY_ID open_flags */
extern const struct xlat bpf_btf_load_flags[];	  /* btf_flags */
extern const struct xlat bpf_attach_flags[];	  /* "BPF_F_???" */
extern const struct xlat bpf_query_flags[];	  /* "BPF_F_QUERY_???" */
extern const struct xlat bpf_stats_types[];	  /* "BPF_STATS_???" */
extern const struct xlat bpf_task_fd_types[];	  /* "BPF_FD_TYPE_???" */
extern const struct xlat bpf_test_run_flags[];	  /* "BPF_F_TEST_???" */
extern const struct xlat bpf_kprobe_multi_flags[]; /* "BPF_F_KPROBE_MULTI_???" */
extern const struct xlat bpf_uprobe_multi_flags[]; /* "BPF_F_UPROBE_MULTI_???" */
extern const struct xlat bpf_netfilter_flags[];	  /* "BPF_F_NETFILTER_???" */
extern const struct xlat bpf_numa_node[];	  /* NUMA_NO_NODE */

#endif
