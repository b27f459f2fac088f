// SPDX-License-Identifier: MIT
/*
 * bpf(cmd, attr, size): the command, then the attr through the decoder of
 * that command, strace's rules (src/bpf.c SYS_FUNC(bpf)):
 * - the attr is read once, at entry, and only when 0 < size <= page size
 *   and the command has a decoder; otherwise, or when it is unreadable,
 *   its address is printed;
 * - an unknown command prints as 0x63 /" "* BPF_??? *" "/.
 */
#include "decode/bpf_decode.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include <linux/bpf.h>

#include "decode/bpf_cmds.h"
#include "decode/bpf_xlat.h"

#define BPF_CMD_ENTRY(name) [name] = decode_##name

static bpf_cmd_decoder *const decoders[INJ_BPF_CMD_MAX] = {
	BPF_CMD_ENTRY(BPF_MAP_CREATE),
	BPF_CMD_ENTRY(BPF_MAP_LOOKUP_ELEM),
	BPF_CMD_ENTRY(BPF_MAP_UPDATE_ELEM),
	BPF_CMD_ENTRY(BPF_MAP_DELETE_ELEM),
	BPF_CMD_ENTRY(BPF_MAP_GET_NEXT_KEY),
	BPF_CMD_ENTRY(BPF_PROG_LOAD),
	BPF_CMD_ENTRY(BPF_OBJ_PIN),
	BPF_CMD_ENTRY(BPF_OBJ_GET),
	BPF_CMD_ENTRY(BPF_PROG_ATTACH),
	BPF_CMD_ENTRY(BPF_PROG_DETACH),
	BPF_CMD_ENTRY(BPF_PROG_TEST_RUN),
	BPF_CMD_ENTRY(BPF_PROG_GET_NEXT_ID),
	BPF_CMD_ENTRY(BPF_MAP_GET_NEXT_ID),
	BPF_CMD_ENTRY(BPF_PROG_GET_FD_BY_ID),
	BPF_CMD_ENTRY(BPF_MAP_GET_FD_BY_ID),
	BPF_CMD_ENTRY(BPF_OBJ_GET_INFO_BY_FD),
	BPF_CMD_ENTRY(BPF_PROG_QUERY),
	BPF_CMD_ENTRY(BPF_RAW_TRACEPOINT_OPEN),
	BPF_CMD_ENTRY(BPF_BTF_LOAD),
	BPF_CMD_ENTRY(BPF_BTF_GET_FD_BY_ID),
	BPF_CMD_ENTRY(BPF_TASK_FD_QUERY),
	BPF_CMD_ENTRY(BPF_MAP_LOOKUP_AND_DELETE_ELEM),
	BPF_CMD_ENTRY(BPF_MAP_FREEZE),
	BPF_CMD_ENTRY(BPF_BTF_GET_NEXT_ID),
	BPF_CMD_ENTRY(BPF_MAP_LOOKUP_BATCH),
	BPF_CMD_ENTRY(BPF_MAP_LOOKUP_AND_DELETE_BATCH),
	BPF_CMD_ENTRY(BPF_MAP_UPDATE_BATCH),
	BPF_CMD_ENTRY(BPF_MAP_DELETE_BATCH),
	BPF_CMD_ENTRY(BPF_LINK_CREATE),
	BPF_CMD_ENTRY(BPF_LINK_UPDATE),
	BPF_CMD_ENTRY(BPF_LINK_GET_FD_BY_ID),
	BPF_CMD_ENTRY(BPF_LINK_GET_NEXT_ID),
	BPF_CMD_ENTRY(BPF_ENABLE_STATS),
	BPF_CMD_ENTRY(BPF_ITER_CREATE),
	BPF_CMD_ENTRY(BPF_LINK_DETACH),
	BPF_CMD_ENTRY(BPF_PROG_BIND_MAP),
	[INJ_BPF_TOKEN_CREATE] = decode_BPF_TOKEN_CREATE,
	[INJ_BPF_PROG_STREAM_READ_BY_FD] = decode_BPF_PROG_STREAM_READ_BY_FD,
	[INJ_BPF_PROG_ASSOC_STRUCT_OPS] = decode_BPF_PROG_ASSOC_STRUCT_OPS,
};

const char *bpf_cmd_name(uint64_t cmd)
{
	if (cmd >= INJ_BPF_CMD_MAX)
		return NULL;
	return bpf_commands[cmd].name;
}

int bpf_cmd_parse(const char *name)
{
	for (int cmd = 0; cmd < INJ_BPF_CMD_MAX; cmd++) {
		const char *full = bpf_commands[cmd].name;

		/* "BPF_MAP_LOOKUP_ELEM", or strace's -e style "map_lookup_elem" */
		if (!strcasecmp(name, full) || !strcasecmp(name, full + 4))
			return cmd;
	}
	return -1;
}

void bpf_call__init(struct bpf_call *call, uint64_t cmd, uint64_t addr,
		    uint64_t size, const struct bpf_decode_env *env)
{
	/* attr[] is not cleared: decoders copy only the size bytes read. */
	memset(call, 0, offsetof(struct bpf_call, attr));
	memset(call->priv, 0, sizeof(call->priv));
	/* The kernel takes int cmd and unsigned int size: upper bits ignored. */
	call->cmd = (uint32_t)cmd;
	call->addr = addr;
	call->size = (uint32_t)size;
	call->env = env;
}

/* The decoder of a plain command (no unknown bits), or NULL. */
static bpf_cmd_decoder *decoder_of(uint64_t cmd)
{
	uint64_t base = cmd & ~(uint64_t)INJ_BPF_COMMON_ATTRS;

	return base < INJ_BPF_CMD_MAX ? decoders[base] : NULL;
}

/*
 * Text: "BPF_MAP_CREATE, " before the attr.  JSON: nothing, the printer
 * holds the attr value alone (the output adds "cmd" from bpf_cmd_name()).
 */
static void print_cmd(const struct bpf_call *call, struct printer *p)
{
	uint64_t base = call->cmd & ~(uint64_t)INJ_BPF_COMMON_ATTRS;
	const char *name = bpf_cmd_name(base);

	if (printer__json(p))
		return;
	if (!name) {
		pr_xval(p, NULL, call->cmd, BPF_DFLT_CMD);
	} else if (base != call->cmd) {
		/*
		 * BPF_COMMON_ATTRS (Linux 6.19) flags common attrs in the 4th
		 * and 5th syscall args; the attr itself keeps its layout.
		 */
		pr_raw(p, name);
		pr_raw(p, "|BPF_COMMON_ATTRS");
	} else {
		pr_raw(p, name);
	}
	pr_raw(p, ", ");
}

bool bpf_call__read_attr(struct bpf_call *call)
{
	const struct bpf_decode_env *env = call->env;

	if (call->attr_read)
		return call->attr_ok;
	call->attr_read = true;
	call->attr_ok = decoder_of(call->cmd) && call->size &&
			call->size <= BPF_ATTR_MAX && env && env->read_mem &&
			!env->read_mem(env->opaque, call->addr, call->attr,
				       call->size);
	return call->attr_ok;
}

void bpf_decode_entry(struct bpf_call *call, struct printer *p)
{
	call->exiting = false;
	print_cmd(call, p);
	if (!bpf_call__read_attr(call)) {
		pr_addr(p, call->addr);
		call->done = true;
		return;
	}
	decoder_of(call->cmd)(call, p);
}

void bpf_decode_exit(struct bpf_call *call, struct printer *p)
{
	call->exiting = true;
	if (call->done || !call->attr_ok)
		return;
	decoder_of(call->cmd)(call, p);
	call->done = true;
}
