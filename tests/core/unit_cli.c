// SPDX-License-Identifier: MIT
/* src/core/cli.c: the options of injtrace(1), and what it refuses. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <getopt.h>
#include <linux/bpf.h>
#include <string.h>

#include "core/cli.h"

static struct options o;

/*
 * cli_parse() of these arguments, writable as a real argv is (-e lists
 * are split in place), getopt reset for each run.
 */
static int parse(const char *const *args)
{
	static char *argv[32];
	int argc = 0;

	argv[argc++] = strdup("injtrace");
	for (; *args; args++)
		argv[argc++] = strdup(*args);
	argv[argc] = NULL;
	optind = 0;
	return cli_parse(argc, argv, &o);
}

#define PARSE(...) parse((const char *const[]){ __VA_ARGS__, NULL })

Test(cli, defaults)
{
	cr_assert_eq(PARSE("./prog", "-x"), 0);
	cr_expect_eq(o.string_limit, 32);
	cr_expect_eq(o.btf, BTF_MODE_INJECT);
	cr_expect_not(o.json);
	cr_expect_not(o.follow_forks);
	cr_expect_eq(o.npids, 0);
	cr_expect_eq(o.cmd_mask, 0);
	cr_expect_eq(o.nmap_names, 0);
	cr_expect_null(o.output);
	/* PROG's own options stay its own */
	cr_expect_str_eq(o.argv[0], "./prog");
	cr_expect_str_eq(o.argv[1], "-x");
	cr_expect_null(o.argv[2]);
}

Test(cli, tracing_options)
{
	cr_assert_eq(PARSE("-f", "-o", "out.txt", "-s", "64", "--json", "-k",
			   "--btf=getfd", "prog"),
		     0);
	cr_expect(o.follow_forks);
	cr_expect_str_eq(o.output, "out.txt");
	cr_expect_eq(o.string_limit, 64);
	cr_expect(o.json);
	cr_expect(o.stack);
	cr_expect_eq(o.btf, BTF_MODE_GETFD);
	cr_assert_eq(PARSE("--btf=off", "--plain", "prog"), 0);
	cr_expect_eq(o.btf, BTF_MODE_OFF);
	cr_expect(o.plain);
}

Test(cli, pids)
{
	cr_assert_eq(PARSE("-p", "12", "-p", "34"), 0);
	cr_expect_eq(o.npids, 2);
	cr_expect_eq(o.pids[0], 12);
	cr_expect_eq(o.pids[1], 34);
}

Test(cli, filters)
{
	cr_assert_eq(PARSE("-e", "cmd=map_lookup_elem,BPF_MAP_UPDATE_ELEM",
			   "-e", "map=hists,#42,events", "prog"),
		     0);
	cr_expect_eq(o.cmd_mask, (1ULL << BPF_MAP_LOOKUP_ELEM) |
					 (1ULL << BPF_MAP_UPDATE_ELEM));
	cr_assert_eq(o.nmap_names, 2);
	cr_expect_str_eq(o.map_names[0], "hists");
	cr_expect_str_eq(o.map_names[1], "events");
	cr_assert_eq(o.nmap_ids, 1);
	cr_expect_eq(o.map_ids[0], 42);
	/* strace's habit: -e trace=bpf is what is traced anyway */
	cr_expect_eq(PARSE("-e", "trace=bpf", "prog"), 0);
}

Test(cli, help_and_version_end_parsing, .init = cr_redirect_stdout)
{
	cr_expect_eq(PARSE("-h"), 1);
	cr_expect_eq(PARSE("-V"), 1);
}

Test(cli, bench_takes_the_whole_command_line)
{
	cr_expect_eq(PARSE("--bench", "--iterations", "10", "--json"), 0);
	cr_expect(o.bench);
}

Test(cli, refused)
{
	cr_expect_eq(PARSE("-p", "1", "--bogus"), -1, "unknown option");
	cr_expect_eq(PARSE("-s"), -1, "missing argument");
	cr_expect_eq(PARSE("-f"), -1, "no PROG and no -p");
	cr_expect_eq(PARSE("--btf=maybe", "prog"), -1);
	cr_expect_eq(PARSE("-e", "cmd=no_such_cmd", "prog"), -1);
	cr_expect_eq(PARSE("-e", "cmd=", "prog"), -1, "empty list");
	cr_expect_eq(PARSE("-e", "map=#0", "prog"), -1, "id 0");
	cr_expect_eq(PARSE("-e", "colour=red", "prog"), -1);
	cr_expect_eq(PARSE("--json", "--plain", "prog"), -1);
	cr_expect_eq(PARSE("--iterations", "5", "prog"), -1);
}
