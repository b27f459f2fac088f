// SPDX-License-Identifier: MIT
#include "core/dump_print.h"

#include <bpf/btf.h>
#include <string.h>

#include "decode/bpf_xlat.h"
#include "decode/map_data.h"

void dump_out__init(struct dump_out *o, FILE *file, bool json,
		    unsigned int string_limit)
{
	memset(o, 0, sizeof(*o));
	o->file = file;
	o->json = json;
	printer__init(&o->p, json ? PRINTER_JSON : PRINTER_TEXT, string_limit);
}

void dump_out__free(struct dump_out *o)
{
	printer__free(&o->p);
}

/* What the printer holds so far goes out; its nesting state stays. */
static void flush(struct dump_out *o)
{
	fwrite(printer__str(&o->p), 1, o->p.len, o->file);
	printer__discard_text(&o->p);
}

/* "__u32", "struct rec", "char[8]": a BTF type as C spells it. */
static void type_name(const struct btf *btf, uint32_t id, char *buf, size_t len,
		      int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name, *kind = "";
	char elem[64];

	if (!t || depth > 8) {
		snprintf(buf, len, "#%u", id);
		return;
	}
	name = btf__name_by_offset(btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		kind = "struct ";
		break;
	case BTF_KIND_UNION:
		kind = "union ";
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		kind = "enum ";
		break;
	case BTF_KIND_ARRAY:
		type_name(btf, btf_array(t)->type, elem, sizeof(elem),
			  depth + 1);
		snprintf(buf, len, "%s[%u]", elem, btf_array(t)->nelems);
		return;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		type_name(btf, t->type, buf, len, depth + 1);
		return;
	case BTF_KIND_PTR:
		type_name(btf, t->type, elem, sizeof(elem), depth + 1);
		snprintf(buf, len, "%s *", elem);
		return;
	default:
		break;
	}
	snprintf(buf, len, "%s%s", kind, name && *name ? name : "(anon)");
}

static void print_type(struct dump_out *o, const char *field, uint32_t id)
{
	const struct btf *btf = o->e->desc.btf;
	char name[128];

	if (!btf || !id)
		return;
	type_name(btf, id, name, sizeof(name), 0);
	pr_field(&o->p, field);
	pr_quoted(&o->p, name, strlen(name), QUOTE_OMIT_LIMIT);
}

void dump_out__map_begin(struct dump_out *o, pid_t pid, int fd,
			 const struct map_entry *e, const char *btf_note)
{
	struct printer *p = &o->p;

	o->e = e;
	o->btf_note = btf_note && btf_note[0] ? btf_note : NULL;
	o->elements_open = false;
	o->count = 0;
	printer__clear(p);
	if (o->json) {
		pr_struct_begin(p);
		pr_field(p, "pid");
		pr_int(p, pid);
		pr_field(p, "fd");
		pr_int(p, fd);
		maps_print_entry(p, e);
		flush(o);
		return;
	}
	if (e->name[0])
		pr_printf(p, "pid %d fd %d<map:%s>: ", pid, fd, e->name);
	else
		pr_printf(p, "pid %d fd %d<map:#%u>: ", pid, fd, e->id);
	maps_print_entry(p, e);
	pr_field(p, "map_flags");
	pr_flags(p, bpf_map_flags, e->desc.map_flags, BPF_DFLT_F);
	print_type(o, "key_type", e->desc.key_type_id);
	print_type(o, "value_type", e->desc.value_type_id);
	if (o->btf_note)
		pr_comment(p, "%s", o->btf_note);
	pr_raw(p, "\n");
	flush(o);
}

void dump_out__elements(struct dump_out *o, const void *keys,
			const void *values, unsigned int n, size_t key_size,
			size_t value_size)
{
	const struct map_desc *m = &o->e->desc;
	struct printer *p = &o->p;

	if (o->json && !o->elements_open) {
		pr_field(p, "elements");
		pr_array_begin(p);
		o->elements_open = true;
	}
	for (unsigned int i = 0; i < n; i++) {
		const char *k = (const char *)keys + i * key_size;
		const char *v = (const char *)values + i * value_size;

		if (o->json) {
			pr_elem(p);
			pr_struct_begin(p);
			map_data_print_json(p, m, 0, k, key_size, v,
					    value_size);
			pr_struct_end(p);
			continue;
		}
		printer__clear(p);
		pr_raw(p, "\t");
		pr_field(p, "key");
		map_data_print_key(p, m, k, key_size);
		pr_field(p, "value");
		map_data_print_value(p, m, 0, v, value_size);
		pr_raw(p, "\n");
		flush(o);
	}
	o->count += n;
	flush(o);
}

void dump_out__map_end(struct dump_out *o, const char *error)
{
	struct printer *p = &o->p;

	if (!o->json) {
		printer__clear(p);
		if (error && !o->count)
			pr_printf(p, "\t/* not read: %s */\n", error);
		else if (error)
			pr_printf(p, "\t/* %lu element%s, then: %s */\n",
				  o->count, o->count == 1 ? "" : "s", error);
		else
			pr_printf(p, "\t/* %lu element%s */\n", o->count,
				  o->count == 1 ? "" : "s");
		flush(o);
		return;
	}
	if (!o->elements_open && !error)
		dump_out__elements(o, NULL, NULL, 0, 0, 0);
	if (o->elements_open)
		pr_array_end(p);
	pr_field(p, "map_flags");
	pr_uint(p, o->e->desc.map_flags);
	print_type(o, "key_type", o->e->desc.key_type_id);
	print_type(o, "value_type", o->e->desc.value_type_id);
	if (o->btf_note) {
		pr_field(p, "btf_error");
		pr_quoted(p, o->btf_note, strlen(o->btf_note),
			  QUOTE_OMIT_LIMIT);
	}
	if (error) {
		pr_field(p, "error");
		pr_quoted(p, error, strlen(error), QUOTE_OMIT_LIMIT);
	}
	pr_struct_end(p);
	pr_raw(p, "\n");
	flush(o);
	fflush(o->file);
}
