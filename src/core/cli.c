// SPDX-License-Identifier: MIT
/* Command-line parsing (getopt_long), strace-like. */
#include "core/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "decode/bpf_decode.h"
#include "decode/siginfo.h"

static const char usage_text[] =
	"usage: injtrace [OPTIONS] PROG [ARGS...]\n"
	"       injtrace [OPTIONS] -p PID [-p PID ...]\n"
	"       injtrace --dump [--json] [-e map=...] -p PID [-p PID ...]\n"
	"       injtrace --bench [--iterations N] [--json]\n"
	"\n"
	"Trace the bpf() calls of a program, with map keys and values\n"
	"decoded by the map's BTF (fetched from inside the tracee).\n"
	"\n"
	"  -f               follow forks, vforks and clones\n"
	"  -ff              with -o FILE: one FILE.PID per task\n"
	"  -p PID           attach to a running process (repeatable)\n"
	"  -o FILE          write the trace to FILE (default: stderr);\n"
	"                   -o '|CMD' pipes it to CMD\n"
	"  -q, -qq          -qq: no \"+++ exited with N +++\" lines\n"
	"  --json           JSON Lines output, one object per call\n"
	"  -s N             max bytes of a string or hex dump (default 32)\n"
	"  -e map=NAME,...  only calls on these maps (#ID: by map id)\n"
	"  -e cmd=CMD,...   only these commands (BPF_MAP_LOOKUP_ELEM or\n"
	"                   map_lookup_elem)\n"
	"  -e signal=SET    which signals get a \"--- SIG ---\" line:\n"
	"                   all (default), none, SIG,... or !SIG,...\n"
	"  -z, -Z           only successful / only failed calls\n"
	"  -t, -tt, -ttt    wall-clock time of each call: s, us, epoch us\n"
	"  -r               time since the previous line's call\n"
	"  -T               time spent in each call, <0.000012> at the end\n"
	"  -c, -C           summary by map and command, instead of (-c) or\n"
	"                   after (-C) the trace\n"
	"  -S SORTBY        sort the summary by time (default), calls,\n"
	"                   errors or name\n"
	"  -k               print the tracee's stack after each call\n"
	"  --btf=MODE       inject (default), getfd or off\n"
	"  --plain          attrs exactly as strace prints them: fds as\n"
	"                   numbers, keys and values as addresses\n"
	"  --dump           no tracing: print every map the processes hold\n"
	"                   and its elements, typed, then detach\n"
	"  --bench          measure injection latency (see injtrace(1))\n"
	"  -h, -V           help, version\n"
	"\n"
	"Examples:\n"
	"  injtrace -f -o trace.txt ./loader\n"
	"  injtrace -ff -o trace ./loader\n"
	"  injtrace -q -o '|grep MAP_UPDATE' ./agent\n"
	"  injtrace -qq -e signal=none ./agent\n"
	"  injtrace -p 1234 -e map=hists,#42 -e cmd=map_lookup_elem -Z\n"
	"  injtrace -z -s 64 ./agent\n"
	"  injtrace -t ./agent\n"
	"  injtrace -tt -T --json ./agent\n"
	"  injtrace -ttt -r ./agent\n"
	"  injtrace -c -S calls ./agent\n"
	"  injtrace -C -p 1234\n"
	"  injtrace -k --btf=getfd ./prog\n"
	"  injtrace --plain ./prog\n"
	"  injtrace --dump --json -e map=hists -p 1234\n"
	"  injtrace --bench --iterations 5000\n"
	"  injtrace -h\n"
	"  injtrace -V\n";

/* A usage error: one line, then where help is, as strace. */
static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("injtrace: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'injtrace -h' for more information.\n", stderr);
	return -1;
}

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

/* strtok_r skips empty tokens: a list of none is an error, as strace's. */
static int parse_cmd_list(char *list, struct options *opts)
{
	const char *whole = list;
	unsigned int n = 0;

	for (char *save, *name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save), n++) {
		int cmd = bpf_cmd_parse(name);

		if (cmd < 0 || cmd >= 64) {
			log_error("unknown bpf command '%s'", name);
			return -1;
		}
		opts->cmd_mask |= 1ULL << cmd;
	}
	if (!n)
		log_error("invalid command list '%s'", whole);
	return n ? 0 : -1;
}

/* "#1234": a map id, as "<map:#1234>" prints a map with no name */
static int add_map_id(const char *token, struct options *opts)
{
	unsigned long id;

	if (parse_uint(token + 1, UINT32_MAX, &id) || !id) {
		log_error("invalid map id '%s'", token);
		return -1;
	}
	if (opts->nmap_ids == CLI_MAX_NAMES) {
		log_error("too many map ids in -e map=");
		return -1;
	}
	opts->map_ids[opts->nmap_ids++] = id;
	return 0;
}

static int parse_map_list(char *list, struct options *opts)
{
	char whole[64];
	unsigned int n = 0;

	snprintf(whole, sizeof(whole), "%s", list);
	for (char *save, *name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save), n++) {
		if (name[0] == '#') {
			if (add_map_id(name, opts))
				return -1;
			continue;
		}
		if (opts->nmap_names == CLI_MAX_NAMES) {
			log_error("too many map names in -e map=");
			return -1;
		}
		opts->map_names[opts->nmap_names++] = name;
	}
	if (!n)
		log_error("invalid map list '%s'", whole);
	return n ? 0 : -1;
}

/* -e signal=all|none|SIG,SIG...|!SIG,...: which "---" lines are shown */
static int parse_signal_list(char *list, struct options *opts)
{
	bool negate = *list == '!';
	uint64_t mask = 0;
	bool named = false;
	char whole[64];

	/* strace's messages: the bad name, or the whole list naming none */
	snprintf(whole, sizeof(whole), "%s", list);
	if (negate)
		list++;
	for (char *save, *name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		int sig = signal_parse(name);

		named = true;
		if (!strcmp(name, "all")) {
			mask = ~0ULL;
		} else if (!strcmp(name, "none")) {
			mask = 0;
		} else if (sig > 0) {
			mask |= 1ULL << (sig - 1);
		} else {
			log_error("invalid signal '%s'", name);
			return -1;
		}
	}
	if (!named) {
		log_error("invalid signal '%s'", whole);
		return -1;
	}
	opts->signal_mask = negate ? ~mask : mask;
	return 0;
}

static int parse_expr(char *expr, struct options *opts)
{
	if (!strncmp(expr, "signal=", 7))
		return parse_signal_list(expr + 7, opts);
	if (!strncmp(expr, "signals=", 8))
		return parse_signal_list(expr + 8, opts);
	if (!strncmp(expr, "cmd=", 4))
		return parse_cmd_list(expr + 4, opts);
	if (!strncmp(expr, "map=", 4))
		return parse_map_list(expr + 4, opts);
	if (!strcmp(expr, "trace=bpf"))
		return 0;	/* what we trace anyway: accept strace habits */
	log_error("invalid -e expression '%s' (want map=, cmd= or signal=)",
		  expr);
	return -1;
}

static int parse_sort(const char *arg, struct options *opts)
{
	static const char *const names[] = {
		[SUMMARY_SORT_TIME] = "time",
		[SUMMARY_SORT_CALLS] = "calls",
		[SUMMARY_SORT_ERRORS] = "errors",
		[SUMMARY_SORT_NAME] = "name",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(arg, names[i])) {
			opts->sort_by = i;
			return 0;
		}
	}
	return usage_error("invalid sortby: '%s'", arg);
}

enum {
	OPT_JSON = 256,
	OPT_BTF,
	OPT_BENCH,
	OPT_ITERATIONS,
	OPT_PLAIN,
	OPT_DUMP,
};

static const struct option long_options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "bench", no_argument, NULL, OPT_BENCH },
	{ "iterations", required_argument, NULL, OPT_ITERATIONS },
	{ "plain", no_argument, NULL, OPT_PLAIN },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* The option letter (or long name) getopt stopped at, for a message. */
static const char *bad_option(char **argv, char *buf, size_t size)
{
	if (optopt > 0 && optopt < 256)
		snprintf(buf, size, "%c", optopt);
	else
		snprintf(buf, size, "%s", argv[optind - 1]);
	return buf;
}

static int parse_option(int c, char **argv, struct options *opts)
{
	unsigned long v;
	char buf[64];

	switch (c) {
	case 'f':
		/* -ff: strace's one output file per task */
		if (opts->follow_forks)
			opts->output_separately = true;
		opts->follow_forks = true;
		break;
	case 'q':
		opts->quiet++;
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
		return parse_expr(optarg, opts);
	case 'k':
		opts->stack = true;
		break;
	case 't':
		if (opts->timestamps < 3)
			opts->timestamps++;
		break;
	case 'r':
		opts->relative = true;
		break;
	case 'T':
		opts->call_time = true;
		break;
	case 'c':
	case 'C':
		if (opts->summary != SUMMARY_NONE &&
		    opts->summary != (c == 'c' ? SUMMARY_ONLY : SUMMARY_AFTER))
			return usage_error("-c and -C are mutually exclusive");
		opts->summary = c == 'c' ? SUMMARY_ONLY : SUMMARY_AFTER;
		break;
	case 'S':
		return parse_sort(optarg, opts);
	case 'z':
	case 'Z':
		if (opts->status != STATUS_ANY &&
		    opts->status != (c == 'z' ? STATUS_SUCCESSFUL :
						STATUS_FAILED))
			log_error("only the last of -z and -Z takes effect");
		opts->status = c == 'z' ? STATUS_SUCCESSFUL : STATUS_FAILED;
		break;
	case OPT_JSON:
		opts->json = true;
		break;
	case OPT_PLAIN:
		opts->plain = true;
		break;
	case OPT_DUMP:
		opts->dump = true;
		break;
	case OPT_BTF:
		if (!strcmp(optarg, "inject"))
			opts->btf = BTF_MODE_INJECT;
		else if (!strcmp(optarg, "getfd"))
			opts->btf = BTF_MODE_GETFD;
		else if (!strcmp(optarg, "off"))
			opts->btf = BTF_MODE_OFF;
		else
			return usage_error("invalid --btf mode '%s' (inject, getfd or off)",
					   optarg);
		break;
	case OPT_ITERATIONS:
		return usage_error("--iterations only goes with --bench");
	case 'h':
		fputs(usage_text, stdout);
		return 1;
	case 'V':
		printf("injtrace %s\n", INJTRACE_VERSION);
		return 1;
	case ':':
		bad_option(argv, buf, sizeof(buf));
		if (buf[1])
			return usage_error("option '%s' requires an argument",
					   buf);
		return usage_error("option requires an argument -- '%s'", buf);
	default:
		bad_option(argv, buf, sizeof(buf));
		if (buf[1])
			return usage_error("unrecognized option '%s'", buf);
		return usage_error("invalid option -- '%s'", buf);
	}
	return 0;
}

/* The first option given that only a trace has, or NULL. */
static const char *trace_only_option(const struct options *opts)
{
	static const char *const t_names[] = { "-t", "-t", "-tt", "-ttt" };
	const struct {
		bool set;
		const char *name;
	} trace_only[] = {
		{ opts->follow_forks && !opts->output_separately, "-f" },
		{ opts->output_separately, "-ff" },
		{ opts->quiet, "-q" },
		{ opts->stack, "-k" },
		{ opts->plain, "--plain" },
		{ opts->cmd_mask, "-e cmd=" },
		{ opts->signal_mask != ~0ULL, "-e signal=" },
		{ opts->timestamps, t_names[opts->timestamps % 4] },
		{ opts->relative, "-r" },
		{ opts->call_time, "-T" },
		{ opts->summary == SUMMARY_ONLY, "-c" },
		{ opts->summary == SUMMARY_AFTER, "-C" },
		{ opts->sort_by != SUMMARY_SORT_TIME, "-S" },
		{ opts->status == STATUS_SUCCESSFUL, "-z" },
		{ opts->status == STATUS_FAILED, "-Z" },
		{ opts->btf != BTF_MODE_INJECT, "--btf" },
	};

	for (size_t i = 0; i < sizeof(trace_only) / sizeof(trace_only[0]); i++)
		if (trace_only[i].set)
			return trace_only[i].name;
	return NULL;
}

/* Options that make no sense together, or nothing, as strace says it. */
static int check_options(const struct options *opts)
{
	static const char *const lost_with_c[] = { "-t", "-r", "-T", "-k" };
	bool lost[] = { opts->timestamps, opts->relative, opts->call_time,
			opts->stack };

	/* --dump: a trace's option would change nothing; refused */
	if (opts->dump && trace_only_option(opts)) {
		log_error("--dump takes only --json, -e map=, -o, -s and -p, not %s",
			  trace_only_option(opts));
		return -1;
	}
	if (opts->json && opts->plain) {
		log_error("--json and --plain are mutually exclusive");
		return -1;
	}
	/*
	 * As strace: -ff writes FILE.TID files, which a pipe is not, and
	 * the summary would have no file to go to; without -o it is -f.
	 */
	if (opts->output_separately && opts->output && opts->output[0] == '|')
		return usage_error("piping the output and -ff are mutually exclusive");
	if (opts->output_separately && opts->summary != SUMMARY_NONE)
		return usage_error("(-c or -C) and -ff are mutually exclusive");
	if (opts->summary == SUMMARY_ONLY) {
		for (size_t i = 0; i < sizeof(lost) / sizeof(lost[0]); i++)
			if (lost[i])
				log_error("%s has no effect with -c",
					  lost_with_c[i]);
	}
	if (opts->sort_by != SUMMARY_SORT_TIME &&
	    opts->summary == SUMMARY_NONE)
		log_error("-S has no effect without -c or -C");
	return 0;
}

int cli_parse(int argc, char **argv, struct options *opts)
{
	int c, ret;

	memset(opts, 0, sizeof(*opts));
	opts->string_limit = 32;
	opts->signal_mask = ~0ULL;
	/* --bench has its own options: hand the whole argv to it */
	for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--bench")) {
			opts->bench = true;
			return 0;
		}
	}
	/* messages are ours, one line each, as strace's */
	opterr = 0;
	/* '+': stop at PROG, its own options are its own; ':' missing args */
	while ((c = getopt_long(argc, argv, "+:fp:o:qs:e:ktrTcCS:zZhV",
				long_options, NULL)) != -1) {
		ret = parse_option(c, argv, opts);
		if (ret)
			return ret;
	}
	opts->argv = argv + optind;
	if (check_options(opts))
		return -1;
	if (!opts->npids && !argv[optind])
		return usage_error("must have PROG [ARGS] or -p PID");
	if (opts->dump && (!opts->npids || argv[optind])) {
		log_error("--dump needs -p PID and no PROG");
		return -1;
	}
	if (opts->npids && argv[optind]) {
		log_error("-p and PROG cannot be used together");
		return -1;
	}
	return 0;
}
