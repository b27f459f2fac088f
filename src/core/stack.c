// SPDX-License-Identifier: MIT
#include "core/stack.h"
#include "core/procns.h"

#include <inttypes.h>
#include <libiberty/demangle.h>
#include <libunwind-ptrace.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STACK_MAX_FRAMES 256

struct mapping {
	uint64_t start, end, offset;
	char path[256];
};

/* The file-backed mapping holding ip, from /proc/TGID/maps. */
static bool find_mapping(pid_t tgid, uint64_t ip, struct mapping *m)
{
	char path[64], line[512];
	bool found = false;
	FILE *f;

	if (procns_path(path, sizeof(path), tgid, "maps"))
		return false;
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char file[256] = "";

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64
			   " %*s %*u %255s", &m->start, &m->end, &m->offset,
			   file) < 3)
			continue;
		if (ip >= m->start && ip < m->end) {
			snprintf(m->path, sizeof(m->path), "%s", file);
			found = true;
		}
	}
	fclose(f);
	return found && m->path[0] == '/';
}

/*
 * C++ and Rust names as strace -k prints them, through the same
 * libiberty demangler ("_ZNSt7__cxx119to_stringEj" ->
 * "std::__cxx11::to_string(unsigned int)").  C names and Go's
 * ("main.main", "runtime.goexit") are no mangled names: left as they are.
 */
static void demangle(char *symbol, size_t size)
{
	char *plain;

	if (!symbol[0])
		return;
	plain = cplus_demangle(symbol, DMGL_AUTO | DMGL_PARAMS);
	if (!plain)
		return;
	snprintf(symbol, size, "%s", plain);
	free(plain);
}

static void print_frame(struct printer *p, pid_t tgid, unw_cursor_t *cursor,
			uint64_t ip)
{
	char symbol[1024] = "";
	unw_word_t sym_off = 0;
	struct mapping m;
	bool mapped = find_mapping(tgid, ip, &m);
	uint64_t file_off = mapped ? ip - m.start + m.offset : ip;

	if (unw_get_proc_name(cursor, symbol, sizeof(symbol), &sym_off))
		symbol[0] = '\0';
	demangle(symbol, sizeof(symbol));
	if (printer__json(p)) {
		pr_elem(p);
		pr_struct_begin(p);
		pr_field(p, "file");
		if (mapped)
			pr_quoted(p, m.path, strlen(m.path), QUOTE_OMIT_LIMIT);
		else
			pr_null(p);
		pr_field(p, "symbol");
		if (symbol[0])
			pr_quoted(p, symbol, strlen(symbol), QUOTE_OMIT_LIMIT);
		else
			pr_null(p);
		pr_field(p, "offset");
		pr_uint(p, sym_off);
		pr_field(p, "file_offset");
		pr_uint(p, file_off);
		pr_struct_end(p);
		return;
	}
	if (!mapped)
		pr_printf(p, " > backtracing_error [%#" PRIx64 "]\n", ip);
	else if (symbol[0])
		pr_printf(p, " > %s(%s+%#lx) [%#" PRIx64 "]\n", m.path, symbol,
			  (unsigned long)sym_off, file_off);
	else
		pr_printf(p, " > %s() [%#" PRIx64 "]\n", m.path, file_off);
}

void stack_print(pid_t tid, pid_t tgid, struct printer *p)
{
	unw_addr_space_t as = unw_create_addr_space(&_UPT_accessors, 0);
	void *upt = as ? _UPT_create(tid) : NULL;
	unw_cursor_t cursor;

	if (printer__json(p))
		pr_array_begin(p);
	if (!upt || unw_init_remote(&cursor, as, upt) < 0) {
		if (!printer__json(p))
			pr_raw(p, " > backtracing_error\n");
		goto out;
	}
	for (int n = 0; n < STACK_MAX_FRAMES; n++) {
		unw_word_t ip;

		if (unw_get_reg(&cursor, UNW_REG_IP, &ip) < 0)
			break;
		print_frame(p, tgid, &cursor, ip);
		if (unw_step(&cursor) <= 0)
			break;
	}
out:
	if (printer__json(p))
		pr_array_end(p);
	if (upt)
		_UPT_destroy(upt);
	if (as)
		unw_destroy_addr_space(as);
}
