// SPDX-License-Identifier: MIT
/* Command-line parsing (getopt_long), strace-like. */
#include "core/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "decode/bpf_decode.h"

static const char usage_text[] =
	"usage: injtrace [OPTIONS] PROG [ARGS...]\n"
	"       injtrace [OPTIONS] -p PID [-p PID ...]\n"
	"       injtrace --bench [--iterations N] [--json]\n"
	"\n"
	"Trace the bpf() calls of a program, with map keys and values\n"
	"decoded by the map's BTF (fetched from inside the tracee).\n"
	"\n"
	"  -f               follow forks, vforks and clones\n"
	"  -p PID           attach to a running process (repeatable)\n"
	"  -o FILE          write the trace to FILE (default: stderr)\n"
	"  --json           JSON Lines output, one object per call\n"
	"  -s N             max bytes of a string or hex dump (default 32)\n"
	"  -e map=NAME,...  only calls on these maps\n"
	"  -e cmd=CMD,...   only these commands (BPF_MAP_LOOKUP_ELEM or\n"
	"                   map_lookup_elem)\n"
	"  -k               print the tracee's stack after each call\n"
	"  --btf=MODE       inject (default), getfd or off\n"
	"  --plain          attrs exactly as strace prints them: fds as\n"
	"                   numbers, keys and values as addresses\n"
	"  --bench          measure injection latency (see injtrace(1))\n"
	"  -h, -V           help, version\n";

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	unsigned long v = strtoul(s, &end, 10);

	if (errno || end == s || *end || v > max || *s == '-')
		return -1;
	*out = v;
	return 0;
}

static int parse_cmd_list(char *list, struct options *opts)
{
	for (char *save, *name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		int cmd = bpf_cmd_parse(name);

		if (cmd < 0 || cmd >= 64) {
			log_error("unknown bpf command '%s'", name);
			return -1;
		}
		opts->cmd_mask |= 1ULL << cmd;
	}
	return 0;
}

static int parse_map_list(char *list, struct options *opts)
{
	for (char *save, *name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		if (opts->nmap_names == CLI_MAX_NAMES) {
			log_error("too many map names in -e map=");
			return -1;
		}
		opts->map_names[opts->nmap_names++] = name;
	}
	return 0;
}

static int parse_expr(char *expr, struct options *opts)
{
	if (!strncmp(expr, "cmd=", 4))
		return parse_cmd_list(expr + 4, opts);
	if (!strncmp(expr, "map=", 4))
		return parse_map_list(expr + 4, opts);
	if (!strcmp(expr, "trace=bpf"))
		return 0;	/* what we trace anyway: accept strace habits */
	log_error("invalid -e expression '%s' (want map=NAMES or cmd=CMDS)",
		  expr);
	return -1;
}

enum {
	OPT_JSON = 256,
	OPT_BTF,
	OPT_BENCH,
	OPT_ITERATIONS,
	OPT_PLAIN,
};

static const struct option long_options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "bench", no_argument, NULL, OPT_BENCH },
	{ "iterations", required_argument, NULL, OPT_ITERATIONS },
	{ "plain", no_argument, NULL, OPT_PLAIN },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int cli_parse(int argc, char **argv, struct options *opts)
{
	unsigned long v;
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->string_limit = 32;
	/* --bench has its own options: hand the whole argv to it */
	for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--bench")) {
			opts->bench = true;
			return 0;
		}
	}
	/* '+': stop at PROG, its own options are its own */
	while ((c = getopt_long(argc, argv, "+fp:o:s:e:khV", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'f':
			opts->follow_forks = true;
			break;
		case 'p':
			if (parse_uint(optarg, 0x7fffffff, &v) || !v) {
				log_error("invalid process id '%s'", optarg);
				return -1;
			}
			if (opts->npids == CLI_MAX_PIDS) {
				log_error("too many -p options");
				return -1;
			}
			opts->pids[opts->npids++] = v;
			break;
		case 'o':
			opts->output = optarg;
			break;
		case 's':
			if (parse_uint(optarg, 1 << 20, &v)) {
				log_error("invalid -s argument '%s'", optarg);
				return -1;
			}
			opts->string_limit = v;
			break;
		case 'e':
			if (parse_expr(optarg, opts))
				return -1;
			break;
		case 'k':
			opts->stack = true;
			break;
		case OPT_JSON:
			opts->json = true;
			break;
		case OPT_PLAIN:
			opts->plain = true;
			break;
		case OPT_BTF:
			if (!strcmp(optarg, "inject"))
				opts->btf = BTF_MODE_INJECT;
			else if (!strcmp(optarg, "getfd"))
				opts->btf = BTF_MODE_GETFD;
			else if (!strcmp(optarg, "off"))
				opts->btf = BTF_MODE_OFF;
			else {
				log_error("invalid --btf mode '%s' (inject, getfd or off)",
					  optarg);
				return -1;
			}
			break;
		case OPT_ITERATIONS:
			log_error("--iterations only goes with --bench");
			return -1;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		case 'V':
			printf("injtrace %s\n", INJTRACE_VERSION);
			return 1;
		default:
			fputs(usage_text, stderr);
			return -1;
		}
	}
	opts->argv = argv + optind;
	if (!opts->npids && !argv[optind]) {
		log_error("must have PROG [ARGS] or -p PID");
		fputs(usage_text, stderr);
		return -1;
	}
	if (opts->npids && argv[optind]) {
		log_error("-p and PROG cannot be used together");
		return -1;
	}
	return 0;
}
