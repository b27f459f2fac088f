// SPDX-License-Identifier: MIT
/* -c / -C: counts by map and command, printed as strace -c prints. */
#include "core/summary.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/bpf_decode.h"
#include "decode/errno_name.h"
#include "decode/printer.h"

void summary__init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
}

void summary__free(struct summary *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->rows[i].errnos);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

static bool same_map(const struct summary_map *a, const struct summary_map *b)
{
	return a->id == b->id && !strcmp(a->name, b->name);
}

static struct summary_row *find_row(struct summary *s,
				    const struct summary_call *c)
{
	struct summary_row *row;

	if (s->last < s->count) {
		row = &s->rows[s->last];
		if (row->cmd == c->cmd && same_map(&row->map, &c->map))
			return row;
	}
	for (size_t i = 0; i < s->count; i++) {
		row = &s->rows[i];
		if (row->cmd == c->cmd && same_map(&row->map, &c->map)) {
			s->last = i;
			return row;
		}
	}
	if (s->count == s->capacity) {
		size_t cap = s->capacity ? 2 * s->capacity : 16;
		struct summary_row *rows =
		    realloc(s->rows, cap * sizeof(*rows));

		if (!rows)
			return NULL;
		s->rows = rows;
		s->capacity = cap;
	}
	row = &s->rows[s->count];
	memset(row, 0, sizeof(*row));
	row->map = c->map;
	row->cmd = c->cmd;
	s->last = s->count++;
	return row;
}

static int count_errno(struct summary_row *row, int err)
{
	struct summary_errno *e;

	for (unsigned int i = 0; i < row->nerrnos; i++) {
		if (row->errnos[i].err == err) {
			row->errnos[i].count++;
			return 0;
		}
	}
	e = realloc(row->errnos, (row->nerrnos + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	row->errnos = e;
	row->errnos[row->nerrnos++] = (struct summary_errno){err, 1};
	return 0;
}

int summary__add(struct summary *s, const struct summary_call *c)
{
	struct summary_row *row = find_row(s, c);

	if (!row)
		return -ENOMEM;
	row->calls++;
	if (c->duration_ns > 0)
		row->time_ns += c->duration_ns;
	row->key_bytes += c->key_bytes;
	row->value_bytes += c->value_bytes;
	/* an unfinished call has no result: strace counts no error either */
	if (!c->finished || c->ret >= 0)
		return 0;
	row->errors++;
	return count_errno(row, (int)-c->ret);
}

/* ---- ordering ---- */

static const char *cmd_label(uint64_t cmd, char *buf, size_t size)
{
	const char *name = bpf_cmd_name(cmd);

	if (name)
		return name;
	snprintf(buf, size, "%" PRIu64, cmd);
	return buf;
}

static const char *map_label(const struct summary_map *m, char *buf,
			     size_t size)
{
	if (m->name[0])
		return m->name;
	if (m->id)
		snprintf(buf, size, "#%u", m->id);
	else
		snprintf(buf, size, "-");
	return buf;
}

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

static int cmp_names(const struct summary_row *a, const struct summary_row *b)
{
	char ba[32], bb[32];
	int c = strcmp(map_label(&a->map, ba, sizeof(ba)),
		       map_label(&b->map, bb, sizeof(bb)));

	if (c)
		return c;
	return strcmp(cmd_label(a->cmd, ba, sizeof(ba)),
		      cmd_label(b->cmd, bb, sizeof(bb)));
}

static int cmp_rows(const void *pa, const void *pb, void *by)
{
	const struct summary_row *a = pa, *b = pb;
	int c = 0;

	switch (*(const enum summary_sort *)by) {
	case SUMMARY_SORT_TIME:
		c = cmp_u64_desc(a->time_ns, b->time_ns);
		break;
	case SUMMARY_SORT_CALLS:
		c = cmp_u64_desc(a->calls, b->calls);
		break;
	case SUMMARY_SORT_ERRORS:
		c = cmp_u64_desc(a->errors, b->errors);
		break;
	case SUMMARY_SORT_NAME:
		break;
	}
	return c ? c : cmp_names(a, b);
}

static void sort_rows(struct summary_row *rows, size_t n, enum summary_sort by)
{
	/* no rows yet means rows == NULL: qsort_r()'s base is nonnull (UB) */
	if (n > 1)
		qsort_r(rows, n, sizeof(*rows), cmp_rows, &by);
}

/* strace's per-syscall totals, here per command: rows of no map. */
static struct summary_row *command_totals(const struct summary *s,
					  size_t *count)
{
	struct summary_row *t = calloc(s->count + 1, sizeof(*t));
	size_t n = 0;

	if (!t)
		return NULL;
	for (size_t i = 0; i < s->count; i++) {
		const struct summary_row *r = &s->rows[i];
		size_t j;

		for (j = 0; j < n && t[j].cmd != r->cmd; j++)
			;
		if (j == n)
			t[n++].cmd = r->cmd;
		t[j].calls += r->calls;
		t[j].errors += r->errors;
		t[j].time_ns += r->time_ns;
		t[j].key_bytes += r->key_bytes;
		t[j].value_bytes += r->value_bytes;
	}
	*count = n;
	return t;
}

static void add_total(struct summary_row *total, const struct summary_row *r)
{
	total->calls += r->calls;
	total->errors += r->errors;
	total->time_ns += r->time_ns;
	total->key_bytes += r->key_bytes;
	total->value_bytes += r->value_bytes;
}

/* ---- text, strace -c's columns ---- */

static const char line_head[] =
    "% time     seconds  usecs/call     calls    errors";
static const char line_rule[] =
    "------ ----------- ----------- --------- ---------";

/* "% time, seconds, usecs/call, calls, errors": strace's five columns */
static void text_numbers(struct printer *p, const struct summary_row *r,
			 uint64_t total_ns)
{
	char errors[24] = "";

	if (r->errors)
		snprintf(errors, sizeof(errors), "%" PRIu64, r->errors);
	pr_printf(p, "%6.2f %11.6f %11" PRIu64 " %9" PRIu64 " %9s",
		  total_ns ? 100.0 * r->time_ns / total_ns : 0.0,
		  r->time_ns / 1e9, r->calls ? r->time_ns / 1000 / r->calls : 0,
		  r->calls, errors);
}

static void text_errnos(struct printer *p, const struct summary_row *r)
{
	for (unsigned int i = 0; i < r->nerrnos; i++) {
		const char *name = errno_name(r->errnos[i].err);

		pr_printf(p, "%s", i ? "," : " ");
		if (name)
			pr_printf(p, "%s:%" PRIu64, name, r->errnos[i].count);
		else
			pr_printf(p, "%d:%" PRIu64, r->errnos[i].err,
				  r->errnos[i].count);
	}
}

static void text_by_map(struct printer *p, const struct summary *s,
			const struct summary_row *total)
{
	char mb[32], cb[32];

	pr_printf(p, "%s   key bytes value bytes %-16s %-31s errors by errno\n",
		  line_head, "map", "command");
	pr_printf(p,
		  "%s ----------- ----------- ---------------- "
		  "------------------------------- ---------------\n",
		  line_rule);
	for (size_t i = 0; i < s->count; i++) {
		const struct summary_row *r = &s->rows[i];

		text_numbers(p, r, total->time_ns);
		pr_printf(p, " %11" PRIu64 " %11" PRIu64 " %-16s ",
			  r->key_bytes, r->value_bytes,
			  map_label(&r->map, mb, sizeof(mb)));
		if (r->nerrnos) {
			pr_printf(p, "%-31s",
				  cmd_label(r->cmd, cb, sizeof(cb)));
			text_errnos(p, r);
		} else {
			pr_raw(p, cmd_label(r->cmd, cb, sizeof(cb)));
		}
		pr_raw(p, "\n");
	}
	pr_printf(p,
		  "%s ----------- ----------- ---------------- "
		  "------------------------------- ---------------\n",
		  line_rule);
	text_numbers(p, total, total->time_ns);
	pr_printf(p, " %11" PRIu64 " %11" PRIu64 " total\n", total->key_bytes,
		  total->value_bytes);
}

static void text_by_command(struct printer *p, const struct summary_row *t,
			    size_t n, const struct summary_row *total)
{
	char cb[32];

	pr_printf(p, "%s command\n%s ----------------\n", line_head, line_rule);
	for (size_t i = 0; i < n; i++) {
		text_numbers(p, &t[i], total->time_ns);
		pr_printf(p, " %s\n", cmd_label(t[i].cmd, cb, sizeof(cb)));
	}
	pr_printf(p, "%s ----------------\n", line_rule);
	text_numbers(p, total, total->time_ns);
	pr_raw(p, " total\n");
}

/* ---- JSON: one object ---- */

static void json_numbers(struct printer *p, const struct summary_row *r)
{
	pr_field(p, "calls");
	pr_uint(p, r->calls);
	pr_field(p, "errors");
	pr_uint(p, r->errors);
	pr_field(p, "time_ns");
	pr_uint(p, r->time_ns);
	pr_field(p, "avg_ns");
	pr_uint(p, r->calls ? r->time_ns / r->calls : 0);
	pr_field(p, "key_bytes");
	pr_uint(p, r->key_bytes);
	pr_field(p, "value_bytes");
	pr_uint(p, r->value_bytes);
}

static void json_cmd(struct printer *p, uint64_t cmd)
{
	const char *name = bpf_cmd_name(cmd);

	pr_field(p, "cmd");
	if (name)
		pr_token(p, name);
	else
		pr_uint(p, cmd);
}

static void json_row(struct printer *p, const struct summary_row *r)
{
	pr_elem(p);
	pr_struct_begin(p);
	pr_field(p, "map");
	if (!r->map.id && !r->map.name[0]) {
		pr_null(p);
	} else {
		pr_struct_begin(p);
		pr_field(p, "id");
		pr_uint(p, r->map.id);
		pr_field(p, "name");
		pr_quoted(p, r->map.name, strlen(r->map.name),
			  QUOTE_OMIT_LIMIT);
		pr_struct_end(p);
	}
	json_cmd(p, r->cmd);
	json_numbers(p, r);
	pr_field(p, "errnos");
	pr_struct_begin(p);
	for (unsigned int i = 0; i < r->nerrnos; i++) {
		const char *name = errno_name(r->errnos[i].err);
		char num[16];

		snprintf(num, sizeof(num), "%d", r->errnos[i].err);
		pr_field(p, name ? name : num);
		pr_uint(p, r->errnos[i].count);
	}
	pr_struct_end(p);
	pr_struct_end(p);
}

static void json_summary(struct printer *p, const struct summary *s,
			 const struct summary_row *t, size_t n,
			 const struct summary_row *total)
{
	pr_struct_begin(p);
	pr_field(p, "summary");
	pr_array_begin(p);
	for (size_t i = 0; i < s->count; i++)
		json_row(p, &s->rows[i]);
	pr_array_end(p);
	pr_field(p, "commands");
	pr_array_begin(p);
	for (size_t i = 0; i < n; i++) {
		pr_elem(p);
		pr_struct_begin(p);
		json_cmd(p, t[i].cmd);
		json_numbers(p, &t[i]);
		pr_struct_end(p);
	}
	pr_array_end(p);
	pr_field(p, "total");
	pr_struct_begin(p);
	json_numbers(p, total);
	pr_struct_end(p);
	pr_struct_end(p);
	pr_raw(p, "\n");
}

void summary__print(struct summary *s, struct printer *p,
		    enum summary_sort sort_by)
{
	struct summary_row total = {0};
	struct summary_row *by_cmd;
	size_t n = 0;

	/* as strace -c: nothing traced, no table */
	if (!s->count && !printer__json(p))
		return;
	sort_rows(s->rows, s->count, sort_by);
	s->last = 0;
	by_cmd = command_totals(s, &n);
	if (!by_cmd)
		return;
	sort_rows(by_cmd, n, sort_by);
	for (size_t i = 0; i < s->count; i++)
		add_total(&total, &s->rows[i]);
	if (printer__json(p)) {
		json_summary(p, s, by_cmd, n, &total);
	} else {
		text_by_map(p, s, &total);
		pr_raw(p, "\n");
		text_by_command(p, by_cmd, n, &total);
	}
	free(by_cmd);
}
