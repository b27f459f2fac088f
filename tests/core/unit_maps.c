// SPDX-License-Identifier: MIT
/*
 * src/core/maps.c against real maps of this process: an fd's map id is
 * read through fdinfo and revalidated at every use (a reused fd number
 * gives the new map's id), infos and BTF are cached by id, and what is per
 * process goes at its exit.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <unistd.h>

#include "core/maps.h"

static struct maps m;

static int make_map(const char *name, unsigned int key_size,
		    unsigned int value_size)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_HASH, name, key_size, value_size,
				4, NULL);

	if (fd < 0 && (errno == EPERM || errno == ENOSYS))
		cr_skip_test("bpf() not permitted here: %s", strerror(errno));
	cr_assert_geq(fd, 0, "bpf_map_create: %s", strerror(errno));
	return fd;
}

static uint32_t kernel_id(int fd, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	cr_assert_eq(bpf_obj_get_info_by_fd(fd, info, &len), 0);
	return info->id;
}

static void setup(void)
{
	cr_assert_eq(maps__init(&m), 0);
}

static void teardown(void)
{
	maps__free(&m);
}

TestSuite(maps, .init = setup, .fini = teardown);

Test(maps, fd_map_id_is_the_kernels)
{
	struct bpf_map_info info;
	int fd = make_map("unit_maps_a", 4, 8);
	uint32_t id = 0;

	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id), 0);
	cr_expect_eq(id, kernel_id(fd, &info));
	/* again, now from the kept-open fdinfo */
	id = 0;
	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id), 0);
	cr_expect_eq(id, info.id);
	close(fd);
}

Test(maps, a_reused_fd_number_is_the_new_map)
{
	struct bpf_map_info info;
	int fd = make_map("unit_maps_a", 4, 8), fd2;
	uint32_t id = 0;

	cr_assert_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id), 0);
	close(fd);
	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id),
		     -ENOENT, "a closed fd is no map");
	fd2 = make_map("unit_maps_b", 8, 16);
	cr_assert_eq(fd2, fd, "the kernel hands out the lowest free fd");
	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), fd2, &id), 0);
	cr_expect_eq(id, kernel_id(fd2, &info), "not the old map's id");
	close(fd2);
}

/*
 * dup2() puts another map under the same fd number with no close the
 * cache could see: the kept-open fdinfo reads the new map, whose lines
 * before map_id are longer (key_size 4 -> 400), so map_id is no longer
 * where it was found last time.  And back, where it was.
 */
Test(maps, a_map_dup2ed_over_the_fd_is_read_whole)
{
	struct bpf_map_info a, b;
	int fd = make_map("unit_maps_a", 4, 8);
	int other = make_map("unit_maps_b", 400, 8);
	int spare = dup(fd);
	uint32_t id = 0;

	cr_assert_geq(spare, 0);
	cr_assert_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id), 0);
	cr_expect_eq(id, kernel_id(fd, &a));
	cr_assert_eq(dup2(other, fd), fd);
	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id), 0);
	cr_expect_eq(id, kernel_id(other, &b), "the map now under the fd");
	cr_expect_neq(a.id, b.id);
	cr_assert_eq(dup2(spare, fd), fd);
	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id), 0);
	cr_expect_eq(id, a.id, "the first map again");
	close(spare);
	close(other);
	close(fd);
}

Test(maps, an_fd_that_is_no_map)
{
	uint32_t id = 0;

	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), 0, &id),
		     -ENOENT);
	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), -1, &id),
		     -ENOENT);
}

Test(maps, fdinfo_entry_tells_the_sizes)
{
	struct bpf_map_info info;
	struct map_entry e;
	int fd = make_map("unit_maps_c", 4, 24);

	cr_assert_eq(maps__fdinfo_entry(&m, getpid(), fd, &e), 0);
	cr_expect_eq(e.id, kernel_id(fd, &info));
	cr_expect_eq(e.desc.map_type, BPF_MAP_TYPE_HASH);
	cr_expect_eq(e.desc.key_size, 4);
	cr_expect_eq(e.desc.value_size, 24);
	cr_expect_eq(e.max_entries, 4);
	cr_expect_str_empty(e.name, "fdinfo has no name");
	close(fd);
}

Test(maps, infos_are_cached_by_id)
{
	struct bpf_map_info info;
	struct map_entry *e;
	int fd = make_map("unit_maps_d", 4, 8);
	uint32_t id = kernel_id(fd, &info);

	cr_expect_null(maps__find(&m, id));
	e = maps__add(&m, &info, sizeof(info));
	cr_assert_not_null(e);
	cr_expect_eq(maps__find(&m, id), e);
	cr_expect_str_eq(e->name, "unit_maps_d");
	cr_expect_eq(e->desc.key_size, 4);
	cr_expect_eq(e->desc.value_size, 8);
	cr_expect_geq(e->desc.nr_cpus, 1);
	/* added again (a refetch): one entry, the new one */
	e = maps__add(&m, &info, sizeof(info));
	cr_expect_eq(maps__find(&m, id), e);
	close(fd);
}

Test(maps, btf_is_cached_by_id)
{
	struct btf *btf = btf__new_empty();
	struct btf_plans *plans = NULL;

	cr_assert_not_null(btf);
	cr_assert_gt(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 0);
	cr_expect_null(maps__find_btf(&m, 77, NULL));
	cr_expect_eq(maps__add_btf(&m, 77, btf), btf);
	cr_expect_eq(maps__find_btf(&m, 77, &plans), btf);
	/* the BTF's render plans come with it */
	cr_expect_not_null(plans);
	/* freed by maps__free() */
}

Test(maps, a_process_exit_forgets_its_fds)
{
	struct bpf_map_info info;
	int fd = make_map("unit_maps_e", 4, 8);
	uint32_t id;

	cr_assert_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id), 0);
	cr_expect_eq(m.fds.count, 1);
	maps__forget_process(&m, getpid() + 1);
	cr_expect_eq(m.fds.count, 1, "another process's exit");
	maps__forget_process(&m, getpid());
	cr_expect_eq(m.fds.count, 0);
	/* looked up again from scratch */
	cr_expect_eq(maps__fd_map_id(&m, getpid(), getpid(), fd, &id), 0);
	cr_expect_eq(id, kernel_id(fd, &info));
	close(fd);
}
