// SPDX-License-Identifier: MIT
#include "fake_env.h"
#include "json_check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fake_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	struct fake *f = opaque;

	return fake_mem_read(f->regions, f->nr_regions, addr, buf, len);
}

static void fake_print_fd(void *opaque, struct printer *p, int fd)
{
	pr_int(p, fd);
	if (!printer__json(p))
		pr_raw(p, "<fake>");
}

static enum bpf_fd_kind fake_fd_kind(void *opaque, int fd)
{
	return ((struct fake *)opaque)->kind;
}

void fake_init(struct fake *f, enum printer_mode mode)
{
	memset(f, 0, sizeof(*f));
	printer__init(&f->p, mode, 32);
	f->env.opaque = f;
	f->env.read_mem = fake_read;
	f->env.fd_kind = fake_fd_kind;
}

void fake_free(struct fake *f)
{
	printer__free(&f->p);
}

void fake_map(struct fake *f, uint64_t addr, void *data, size_t len)
{
	if (f->nr_regions == FAKE_MAX_REGIONS)
		abort();
	f->regions[f->nr_regions++] = (struct fake_region){ addr, data, len };
}

const char *fake_entry(struct fake *f, uint64_t cmd, uint64_t addr,
		       uint64_t size)
{
	f->env.print_fd = f->annotate_fds ? fake_print_fd : NULL;
	f->env.print_map_data = f->map_data ? fake_mem_print_map_data : NULL;
	printer__clear(&f->p);
	if (printer__json(&f->p)) {
		pr_struct_begin(&f->p);
		pr_field(&f->p, "attr");
	}
	f->attr_at = f->p.len;
	bpf_call__init(&f->call, cmd, addr, size, &f->env);
	bpf_decode_entry(&f->call, &f->p);
	return printer__str(&f->p) + f->attr_at;
}

const char *fake_exit(struct fake *f, int64_t ret)
{
	f->call.ret = ret;
	f->call.exiting = true;
	bpf_decode_exit(&f->call, &f->p);
	return printer__str(&f->p) + f->attr_at;
}

const char *fake_call(struct fake *f, uint64_t cmd, uint64_t addr,
		      uint64_t size, int64_t ret)
{
	fake_entry(f, cmd, addr, size);
	return fake_exit(f, ret);
}

bool fake_json_valid(const char *fragment)
{
	size_t n = strlen(fragment);
	char *s = malloc(n + 64);
	bool ok;

	/* the attr value, and "attr_out" members after it, as in a record */
	sprintf(s, "{\"attr\": %s}", fragment);
	ok = json_valid(s);
	free(s);
	return ok;
}
