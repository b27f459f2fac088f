// SPDX-License-Identifier: MIT
/*
 * src/core/map_view.c with a map of this process: the decode hooks name
 * the map and print its typed keys and values, a map's identity is
 * fetched once (--btf=getfd: pidfd_getfd on ourselves) and then cached,
 * -e map= selects calls, and a failed or disabled BTF leaves a note.
 * Everything through the context the tracer would hand down, no tracer.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "core/map_view.h"
#include "core/task.h"

static struct map_view mv;
static struct task task;
static struct bpf_call call;
static struct printer p;
static int map_fd = -1;

/* A hash map "unit_view" of int keys and u64 values, typed by BTF. */
static int make_map(void)
{
	struct btf *btf = btf__new_empty();
	int fd;

	cr_assert_not_null(btf);
	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);		/* 1 */
	btf__add_int(btf, "unsigned long long", 8, 0);		/* 2 */
	if (btf__load_into_kernel(btf)) {
		btf__free(btf);
		cr_skip_test("cannot load BTF: %s", strerror(errno));
	}
	LIBBPF_OPTS(bpf_map_create_opts, o, .btf_fd = btf__fd(btf),
		    .btf_key_type_id = 1, .btf_value_type_id = 2);
	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "unit_view", 4, 8, 4, &o);
	btf__free(btf);
	cr_assert_geq(fd, 0, "bpf_map_create: %s", strerror(errno));
	return fd;
}

static void setup_mode(enum btf_mode mode, const char *const *names,
		       unsigned int nnames)
{
	cr_assert_eq(map_view__init(&mv, mode, names, nnames), 0);
	map_fd = make_map();
	memset(&task, 0, sizeof(task));
	task.tid = task.tgid = getpid();
	task.stop = INJ_STOP_SYSCALL_ENTRY;
	printer__init(&p, PRINTER_TEXT, 32);
	call_map__reset(&task.cmap);
}

static void teardown(void)
{
	call_map__reset(&task.cmap);
	printer__free(&p);
	map_view__free(&mv);
	if (map_fd >= 0)
		close(map_fd);
}

/* Decodes bpf(cmd, attr) as the tracer would at its entry and exit. */
static const char *decode(uint64_t cmd, union bpf_attr *attr)
{
	call_map__reset(&task.cmap);
	task.env = (struct bpf_decode_env){
		.opaque = &task,
		.read_mem = task__read_mem,
	};
	map_view__env(&mv, &task, &task.env);
	bpf_call__init(&call, cmd, (uintptr_t)attr, sizeof(*attr), &task.env);
	task.call = &call;
	printer__clear(&p);
	bpf_decode_entry(&call, &p);
	call.exiting = true;
	call.ret = 0;
	bpf_decode_exit(&call, &p);
	return printer__str(&p);
}

static void getfd_mode(void)
{
	setup_mode(BTF_MODE_GETFD, NULL, 0);
}

Test(map_view, names_the_map_and_types_key_and_value, .init = getfd_mode,
     .fini = teardown)
{
	int key = -3;
	unsigned long long value = 0;
	union bpf_attr attr = { .map_fd = map_fd };
	char want[256];

	value = 42;
	cr_assert_eq(bpf_map_update_elem(map_fd, &key, &value, BPF_ANY), 0);
	attr.key = (uintptr_t)&key;
	attr.value = (uintptr_t)&value;
	snprintf(want, sizeof(want),
		 "BPF_MAP_LOOKUP_ELEM, {map_fd=%d<map:unit_view>, key=[-3], "
		 "value=[42], flags=BPF_ANY}", map_fd);
	cr_expect_str_eq(decode(BPF_MAP_LOOKUP_ELEM, &attr), want);
	cr_expect_null(call_map__note(&task.cmap));
	cr_expect_eq(mv.fetches, 1);
	/* the next call on the map is decoded from the cache */
	cr_expect_str_eq(decode(BPF_MAP_LOOKUP_ELEM, &attr), want);
	cr_expect_eq(mv.fetches, 1, "one fetch per map");
}

Test(map_view, a_map_create_returns_a_named_fd, .init = getfd_mode,
     .fini = teardown)
{
	union bpf_attr attr = { .map_type = BPF_MAP_TYPE_HASH };
	struct printer ret;

	strcpy(attr.map_name, "unit_view");
	decode(BPF_MAP_CREATE, &attr);
	call.ret = map_fd;
	printer__init(&ret, PRINTER_TEXT, 32);
	map_view__print_ret(&mv, &task, &ret);
	cr_expect_str_eq(printer__str(&ret), "<map:unit_view>");
	printer__free(&ret);
}

static const char *const wanted[] = { "other", "unit_view" };
static const char *const unwanted[] = { "other" };

static void filter_on(void)
{
	setup_mode(BTF_MODE_GETFD, wanted, 2);
}

static void filter_off(void)
{
	setup_mode(BTF_MODE_GETFD, unwanted, 1);
}

static bool selected(uint64_t cmd, union bpf_attr *attr)
{
	call_map__reset(&task.cmap);
	task.env = (struct bpf_decode_env){
		.opaque = &task,
		.read_mem = task__read_mem,
	};
	map_view__env(&mv, &task, &task.env);
	bpf_call__init(&call, cmd, (uintptr_t)attr, sizeof(*attr), &task.env);
	task.call = &call;
	return map_view__selected(&mv, &task);
}

Test(map_view, e_map_selects_calls_on_the_named_maps, .init = filter_on,
     .fini = teardown)
{
	union bpf_attr attr = { .map_fd = map_fd };
	union bpf_attr create = { .map_type = BPF_MAP_TYPE_HASH };

	cr_expect(selected(BPF_MAP_LOOKUP_ELEM, &attr));
	strcpy(create.map_name, "unit_view");
	cr_expect(selected(BPF_MAP_CREATE, &create));
	strcpy(create.map_name, "elsewhere");
	cr_expect_not(selected(BPF_MAP_CREATE, &create));
}

Test(map_view, e_map_leaves_out_other_maps, .init = filter_off,
     .fini = teardown)
{
	union bpf_attr attr = { .map_fd = map_fd };

	cr_expect_not(selected(BPF_MAP_LOOKUP_ELEM, &attr));
	attr.map_fd = 0;	/* no map at all */
	cr_expect_not(selected(BPF_MAP_LOOKUP_ELEM, &attr));
}

static void off_mode(void)
{
	setup_mode(BTF_MODE_OFF, NULL, 0);
}

Test(map_view, btf_off_prints_bytes_with_a_note, .init = off_mode,
     .fini = teardown)
{
	int key = 1;
	union bpf_attr attr = { .map_fd = map_fd, .key = (uintptr_t)&key };
	char want[256];

	snprintf(want, sizeof(want),
		 "BPF_MAP_DELETE_ELEM, {map_fd=%d<map:unit_view>, "
		 "key=\"\\x01\\x00\\x00\\x00\"}", map_fd);
	cr_expect_str_eq(decode(BPF_MAP_DELETE_ELEM, &attr), want);
	cr_expect_str_eq(call_map__note(&task.cmap), "btf: off");
}

Test(map_view, json_gets_the_map_member, .init = getfd_mode,
     .fini = teardown)
{
	int key = 5;
	union bpf_attr attr = { .map_fd = map_fd, .key = (uintptr_t)&key };
	struct printer j;
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	char want[512];

	memset(&info, 0, sizeof(info));
	cr_assert_eq(bpf_obj_get_info_by_fd(map_fd, &info, &len), 0);
	printer__free(&p);
	printer__init(&p, PRINTER_JSON, 32);
	decode(BPF_MAP_DELETE_ELEM, &attr);
	printer__init(&j, PRINTER_JSON, 32);
	pr_struct_begin(&j);
	map_view__json(&mv, &task, &j);
	pr_struct_end(&j);
	snprintf(want, sizeof(want),
		 "{\"map\": {\"id\": %u, \"name\": \"unit_view\", "
		 "\"type\": \"hash\", \"key_size\": 4, \"value_size\": 8, "
		 "\"max_entries\": 4, \"btf_id\": %u}, "
		 "\"key\": [\"0x05\", \"0x00\", \"0x00\", \"0x00\"], "
		 "\"formatted\": {\"key\": 5}}",
		 info.id, info.btf_id);
	cr_expect_str_eq(printer__str(&j), want);
	printer__free(&j);
}
