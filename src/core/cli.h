/* SPDX-License-Identifier: MIT */
/* Command line: the options of injtrace(1) (docs/injtrace.1, OPTIONS). */
#ifndef INJTRACE_CORE_CLI_H
#define INJTRACE_CORE_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum btf_mode {
	BTF_MODE_INJECT,
	BTF_MODE_GETFD,
	BTF_MODE_OFF,
};

/* -S: the order of the summary's rows */
enum summary_sort {
	SUMMARY_SORT_TIME,
	SUMMARY_SORT_CALLS,
	SUMMARY_SORT_ERRORS,
	SUMMARY_SORT_NAME,
};

/* -c / -C */
enum summary_mode {
	SUMMARY_NONE,
	SUMMARY_ONLY,		/* -c: the summary instead of the trace */
	SUMMARY_AFTER,		/* -C: the trace, then the summary */
};

/* -z / -Z */
enum status_filter {
	STATUS_ANY,
	STATUS_SUCCESSFUL,	/* -z */
	STATUS_FAILED,		/* -Z */
};

#define CLI_MAX_PIDS 64
#define CLI_MAX_NAMES 64

struct options {
	bool follow_forks;		/* -f */
	bool json;			/* --json */
	bool stack;			/* -k */
	bool bench;			/* --bench: argv goes to bench_main */
	bool plain;			/* --plain: strace's attr syntax only */
	bool dump;			/* --dump: maps and elements, no trace */
	unsigned int string_limit;	/* -s */
	const char *output;		/* -o FILE or -o '|cmd' */
	bool output_separately;		/* -ff: FILE.TID per task */
	unsigned int quiet;		/* -q: 1, -qq: 2 (no exit lines) */
	uint64_t signal_mask;		/* -e signal=: bit sig-1 per signal shown */
	enum btf_mode btf;		/* --btf= */
	pid_t pids[CLI_MAX_PIDS];	/* -p */
	unsigned int npids;
	uint64_t cmd_mask;		/* -e cmd=: bit per command; 0 = all */
	const char *map_names[CLI_MAX_NAMES];	/* -e map=NAME */
	unsigned int nmap_names;
	uint32_t map_ids[CLI_MAX_NAMES];	/* -e map=#ID */
	unsigned int nmap_ids;
	unsigned int timestamps;	/* -t: 1, -tt: 2, -ttt: 3 */
	bool relative;			/* -r */
	bool call_time;			/* -T */
	enum summary_mode summary;	/* -c, -C */
	enum summary_sort sort_by;	/* -S */
	enum status_filter status;	/* -z, -Z */
	char **argv;			/* PROG [ARGS...] */
};

/*
 * Parses argv into opts.  Returns 0 to go on, 1 after printing help or the
 * version (exit 0), or -1 after printing a usage error (exit 1).
 */
int cli_parse(int argc, char **argv, struct options *opts);

#endif
