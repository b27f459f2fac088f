// SPDX-License-Identifier: MIT
/*
 * The layouts of bpf_attr.h checked field by field (offset and size)
 * against <linux/bpf.h> wherever the build's header has the field, and
 * the accessors other layers use instead of offsets.
 */
#include "decode/bpf_attr.h"

#include <string.h>

#include "decode/bpf_decode.h"

#define SAME_FIELD(ours, member, theirs, member_there)                    \
	_Static_assert(offsetof(ours, member) ==                          \
				       offsetof(theirs, member_there) &&  \
			       sizeof(((ours *)0)->member) ==              \
				       sizeof(((theirs *)0)->member_there), \
		       #ours "." #member)
#define ATTR(ours, member, theirs) \
	SAME_FIELD(struct ours, member, union bpf_attr, theirs)

ATTR(bpf_map_create_attr, map_type, map_type);
ATTR(bpf_map_create_attr, key_size, key_size);
ATTR(bpf_map_create_attr, value_size, value_size);
ATTR(bpf_map_create_attr, max_entries, max_entries);
ATTR(bpf_map_create_attr, map_flags, map_flags);
ATTR(bpf_map_create_attr, inner_map_fd, inner_map_fd);
ATTR(bpf_map_create_attr, numa_node, numa_node);
ATTR(bpf_map_create_attr, map_name, map_name);
ATTR(bpf_map_create_attr, map_ifindex, map_ifindex);
ATTR(bpf_map_create_attr, btf_fd, btf_fd);
ATTR(bpf_map_create_attr, btf_key_type_id, btf_key_type_id);
ATTR(bpf_map_create_attr, btf_value_type_id, btf_value_type_id);
ATTR(bpf_map_create_attr, btf_vmlinux_value_type_id,
     btf_vmlinux_value_type_id);
ATTR(bpf_map_create_attr, map_extra, map_extra);

ATTR(bpf_map_elem_attr, map_fd, map_fd);
ATTR(bpf_map_elem_attr, key, key);
ATTR(bpf_map_elem_attr, value, value);
ATTR(bpf_map_elem_attr, value, next_key);
ATTR(bpf_map_elem_attr, flags, flags);

ATTR(bpf_map_batch_attr, in_batch, batch.in_batch);
ATTR(bpf_map_batch_attr, out_batch, batch.out_batch);
ATTR(bpf_map_batch_attr, keys, batch.keys);
ATTR(bpf_map_batch_attr, values, batch.values);
ATTR(bpf_map_batch_attr, count, batch.count);
ATTR(bpf_map_batch_attr, map_fd, batch.map_fd);
ATTR(bpf_map_batch_attr, elem_flags, batch.elem_flags);
ATTR(bpf_map_batch_attr, flags, batch.flags);

ATTR(bpf_obj_pin_attr, pathname, pathname);
ATTR(bpf_obj_pin_attr, bpf_fd, bpf_fd);
ATTR(bpf_obj_pin_attr, file_flags, file_flags);

ATTR(bpf_obj_id_attr, id, start_id);
ATTR(bpf_obj_id_attr, id, prog_id);
ATTR(bpf_obj_id_attr, id, map_id);
ATTR(bpf_obj_id_attr, id, btf_id);
ATTR(bpf_obj_id_attr, id, link_id);
ATTR(bpf_obj_id_attr, next_id, next_id);
ATTR(bpf_obj_id_attr, open_flags, open_flags);

ATTR(bpf_info_attr, bpf_fd, info.bpf_fd);
ATTR(bpf_info_attr, info_len, info.info_len);
ATTR(bpf_info_attr, info, info.info);

#define MAP_INFO(member) \
	SAME_FIELD(struct bpf_map_info_fields, member, struct bpf_map_info, \
		   member)
MAP_INFO(type);
MAP_INFO(id);
MAP_INFO(key_size);
MAP_INFO(value_size);
MAP_INFO(max_entries);
MAP_INFO(map_flags);
MAP_INFO(name);
MAP_INFO(ifindex);
MAP_INFO(btf_vmlinux_value_type_id);
MAP_INFO(netns_dev);
MAP_INFO(netns_ino);
MAP_INFO(btf_id);
MAP_INFO(btf_key_type_id);
MAP_INFO(btf_value_type_id);
MAP_INFO(map_extra);

ATTR(bpf_btf_load_attr, btf, btf);
ATTR(bpf_btf_load_attr, btf_log_buf, btf_log_buf);
ATTR(bpf_btf_load_attr, btf_size, btf_size);
ATTR(bpf_btf_load_attr, btf_log_size, btf_log_size);
ATTR(bpf_btf_load_attr, btf_log_level, btf_log_level);

ATTR(bpf_prog_load_attr, prog_type, prog_type);
ATTR(bpf_prog_load_attr, insn_cnt, insn_cnt);
ATTR(bpf_prog_load_attr, insns, insns);
ATTR(bpf_prog_load_attr, license, license);
ATTR(bpf_prog_load_attr, log_level, log_level);
ATTR(bpf_prog_load_attr, log_size, log_size);
ATTR(bpf_prog_load_attr, log_buf, log_buf);
ATTR(bpf_prog_load_attr, kern_version, kern_version);
ATTR(bpf_prog_load_attr, prog_flags, prog_flags);
ATTR(bpf_prog_load_attr, prog_name, prog_name);
ATTR(bpf_prog_load_attr, prog_ifindex, prog_ifindex);
ATTR(bpf_prog_load_attr, expected_attach_type, expected_attach_type);
ATTR(bpf_prog_load_attr, prog_btf_fd, prog_btf_fd);
ATTR(bpf_prog_load_attr, func_info_rec_size, func_info_rec_size);
ATTR(bpf_prog_load_attr, func_info, func_info);
ATTR(bpf_prog_load_attr, func_info_cnt, func_info_cnt);
ATTR(bpf_prog_load_attr, line_info_rec_size, line_info_rec_size);
ATTR(bpf_prog_load_attr, line_info, line_info);
ATTR(bpf_prog_load_attr, line_info_cnt, line_info_cnt);
ATTR(bpf_prog_load_attr, attach_btf_id, attach_btf_id);
ATTR(bpf_prog_load_attr, attach_prog_fd, attach_prog_fd);
ATTR(bpf_prog_load_attr, attach_prog_fd, attach_btf_obj_fd);
ATTR(bpf_prog_load_attr, core_relo_cnt, core_relo_cnt);
ATTR(bpf_prog_load_attr, fd_array, fd_array);
ATTR(bpf_prog_load_attr, core_relos, core_relos);
ATTR(bpf_prog_load_attr, core_relo_rec_size, core_relo_rec_size);

ATTR(bpf_prog_attach_attr, target_fd, target_fd);
ATTR(bpf_prog_attach_attr, attach_bpf_fd, attach_bpf_fd);
ATTR(bpf_prog_attach_attr, attach_type, attach_type);
ATTR(bpf_prog_attach_attr, attach_flags, attach_flags);
ATTR(bpf_prog_attach_attr, replace_bpf_fd, replace_bpf_fd);

ATTR(bpf_prog_test_run_attr, prog_fd, test.prog_fd);
ATTR(bpf_prog_test_run_attr, retval, test.retval);
ATTR(bpf_prog_test_run_attr, data_size_in, test.data_size_in);
ATTR(bpf_prog_test_run_attr, data_size_out, test.data_size_out);
ATTR(bpf_prog_test_run_attr, data_in, test.data_in);
ATTR(bpf_prog_test_run_attr, data_out, test.data_out);
ATTR(bpf_prog_test_run_attr, repeat, test.repeat);
ATTR(bpf_prog_test_run_attr, duration, test.duration);
ATTR(bpf_prog_test_run_attr, ctx_size_in, test.ctx_size_in);
ATTR(bpf_prog_test_run_attr, ctx_size_out, test.ctx_size_out);
ATTR(bpf_prog_test_run_attr, ctx_in, test.ctx_in);
ATTR(bpf_prog_test_run_attr, ctx_out, test.ctx_out);
ATTR(bpf_prog_test_run_attr, flags, test.flags);
ATTR(bpf_prog_test_run_attr, cpu, test.cpu);
ATTR(bpf_prog_test_run_attr, batch_size, test.batch_size);

ATTR(bpf_prog_query_attr, target_fd, query.target_fd);
ATTR(bpf_prog_query_attr, attach_type, query.attach_type);
ATTR(bpf_prog_query_attr, query_flags, query.query_flags);
ATTR(bpf_prog_query_attr, attach_flags, query.attach_flags);
ATTR(bpf_prog_query_attr, prog_ids, query.prog_ids);
ATTR(bpf_prog_query_attr, prog_cnt, query.prog_cnt);
ATTR(bpf_prog_query_attr, prog_attach_flags, query.prog_attach_flags);

ATTR(bpf_raw_tracepoint_attr, name, raw_tracepoint.name);
ATTR(bpf_raw_tracepoint_attr, prog_fd, raw_tracepoint.prog_fd);

ATTR(bpf_task_fd_query_attr, pid, task_fd_query.pid);
ATTR(bpf_task_fd_query_attr, fd, task_fd_query.fd);
ATTR(bpf_task_fd_query_attr, flags, task_fd_query.flags);
ATTR(bpf_task_fd_query_attr, buf_len, task_fd_query.buf_len);
ATTR(bpf_task_fd_query_attr, buf, task_fd_query.buf);
ATTR(bpf_task_fd_query_attr, prog_id, task_fd_query.prog_id);
ATTR(bpf_task_fd_query_attr, fd_type, task_fd_query.fd_type);
ATTR(bpf_task_fd_query_attr, probe_offset, task_fd_query.probe_offset);
ATTR(bpf_task_fd_query_attr, probe_addr, task_fd_query.probe_addr);

ATTR(bpf_prog_bind_map_attr, prog_fd, prog_bind_map.prog_fd);
ATTR(bpf_prog_bind_map_attr, map_fd, prog_bind_map.map_fd);
ATTR(bpf_prog_bind_map_attr, flags, prog_bind_map.flags);

ATTR(bpf_link_create_attr, prog_fd, link_create.prog_fd);
ATTR(bpf_link_create_attr, target_fd, link_create.target_fd);
ATTR(bpf_link_create_attr, target_fd, link_create.target_ifindex);
ATTR(bpf_link_create_attr, attach_type, link_create.attach_type);
ATTR(bpf_link_create_attr, flags, link_create.flags);
ATTR(bpf_link_create_attr, target_btf_id, link_create.target_btf_id);
ATTR(bpf_link_create_attr, iter_info, link_create.iter_info);
ATTR(bpf_link_create_attr, iter_info_len, link_create.iter_info_len);
ATTR(bpf_link_create_attr, perf_event.bpf_cookie,
     link_create.perf_event.bpf_cookie);
ATTR(bpf_link_create_attr, kprobe_multi.flags,
     link_create.kprobe_multi.flags);
ATTR(bpf_link_create_attr, kprobe_multi.cnt, link_create.kprobe_multi.cnt);
ATTR(bpf_link_create_attr, kprobe_multi.syms, link_create.kprobe_multi.syms);
ATTR(bpf_link_create_attr, kprobe_multi.addrs,
     link_create.kprobe_multi.addrs);
ATTR(bpf_link_create_attr, kprobe_multi.cookies,
     link_create.kprobe_multi.cookies);
ATTR(bpf_link_create_attr, tracing.target_btf_id,
     link_create.tracing.target_btf_id);
ATTR(bpf_link_create_attr, tracing.cookie, link_create.tracing.cookie);

ATTR(bpf_link_update_attr, link_fd, link_update.link_fd);
ATTR(bpf_link_update_attr, new_prog_fd, link_update.new_prog_fd);
ATTR(bpf_link_update_attr, flags, link_update.flags);
ATTR(bpf_link_update_attr, old_prog_fd, link_update.old_prog_fd);

ATTR(bpf_link_detach_attr, link_fd, link_detach.link_fd);
ATTR(bpf_enable_stats_attr, type, enable_stats.type);
ATTR(bpf_iter_create_attr, link_fd, iter_create.link_fd);
ATTR(bpf_iter_create_attr, flags, iter_create.flags);

#undef MAP_INFO
#undef ATTR
#undef SAME_FIELD

bool bpf_call__is_batch(const struct bpf_call *call)
{
	return call->cmd >= BPF_MAP_LOOKUP_BATCH &&
	       call->cmd <= BPF_MAP_DELETE_BATCH;
}

/*
 * Copies the member at off of the attr read at entry into dst (len
 * bytes), when the caller passed all of it; else leaves dst as it is.
 */
static bool attr_member(const struct bpf_call *call, size_t off, void *dst,
			size_t len)
{
	if (!call->attr_ok || call->size < off + len)
		return false;
	memcpy(dst, call->attr + off, len);
	return true;
}

#define ATTR_MEMBER(call, type, member, dst)                               \
	attr_member(call, offsetof(struct type, member), dst,              \
		    sizeof(((struct type *)0)->member))

int bpf_call__map_fd(const struct bpf_call *call)
{
	uint32_t fd;

	switch (call->cmd) {
	case BPF_MAP_LOOKUP_ELEM:
	case BPF_MAP_UPDATE_ELEM:
	case BPF_MAP_DELETE_ELEM:
	case BPF_MAP_GET_NEXT_KEY:
	case BPF_MAP_LOOKUP_AND_DELETE_ELEM:
	case BPF_MAP_FREEZE:
		if (ATTR_MEMBER(call, bpf_map_elem_attr, map_fd, &fd))
			return (int)fd;
		return -1;
	case BPF_MAP_LOOKUP_BATCH:
	case BPF_MAP_LOOKUP_AND_DELETE_BATCH:
	case BPF_MAP_UPDATE_BATCH:
	case BPF_MAP_DELETE_BATCH:
		if (ATTR_MEMBER(call, bpf_map_batch_attr, map_fd, &fd))
			return (int)fd;
		return -1;
	default:
		return -1;
	}
}

int bpf_call__object_fd(const struct bpf_call *call)
{
	uint32_t fd;

	switch (call->cmd) {
	case BPF_OBJ_PIN:
		if (ATTR_MEMBER(call, bpf_obj_pin_attr, bpf_fd, &fd))
			return (int)fd;
		return -1;
	case BPF_OBJ_GET_INFO_BY_FD:
		if (ATTR_MEMBER(call, bpf_info_attr, bpf_fd, &fd))
			return (int)fd;
		return -1;
	default:
		return bpf_call__map_fd(call);
	}
}

uint64_t bpf_call__elem_flags(const struct bpf_call *call)
{
	uint64_t flags = 0;

	if (bpf_call__is_batch(call))
		ATTR_MEMBER(call, bpf_map_batch_attr, elem_flags, &flags);
	else
		ATTR_MEMBER(call, bpf_map_elem_attr, flags, &flags);
	return flags;
}

uint64_t bpf_call__entry_value(const struct bpf_call *call)
{
	uint64_t value = 0;

	if (call->cmd == BPF_MAP_UPDATE_ELEM)
		ATTR_MEMBER(call, bpf_map_elem_attr, value, &value);
	return value;
}

void bpf_call__map_name(const struct bpf_call *call,
			char name[BPF_OBJ_NAME_LEN + 1])
{
	memset(name, 0, BPF_OBJ_NAME_LEN + 1);
	if (call->cmd == BPF_MAP_CREATE)
		ATTR_MEMBER(call, bpf_map_create_attr, map_name, name);
}
