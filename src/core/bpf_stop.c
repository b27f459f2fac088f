// SPDX-License-Identifier: MIT
/*
 * What happens at a bpf() stop: the attr is decoded at entry (inputs) and
 * at exit (outputs), then the completed call is written as one line.
 */
#include <stdlib.h>
#include <time.h>

#include "core/log.h"
#include "core/stack.h"
#include "core/proc.h"
#include "core/tracer_int.h"

static enum bpf_fd_kind env_fd_kind(void *opaque, int fd)
{
	const struct task *task = opaque;

	return proc_fd_kind(task->tid, fd);
}

static double wall_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool cmd_selected(const struct options *opts, uint64_t cmd)
{
	if (!opts->cmd_mask)
		return true;
	/* -e cmd= names only known commands: an unknown one is never shown */
	return cmd < 64 && (opts->cmd_mask & (1ULL << cmd));
}

void bpf_stop_entry(struct tracer *tr, struct task *task,
		    const uint64_t args[6])
{
	if (!cmd_selected(tr->opts, args[0]))
		return;
	if (!task->call) {
		task->call = malloc(sizeof(*task->call));
		if (!task->call) {
			log_error("out of memory decoding a call of %d",
				  task->tid);
			return;
		}
	}
	task->env = (struct bpf_decode_env){
		.opaque = task,
		.read_mem = task__read_mem,
		.fd_kind = env_fd_kind,
	};
	call_map__reset(&task->cmap);
	if (!tr->opts->plain)
		map_view__env(&tr->view, task, &task->env);
	/* the size argument is an unsigned int in the kernel */
	bpf_call__init(task->call, args[0], args[1], (unsigned int)args[2],
		       &task->env);
	if (!map_view__selected(&tr->view, task))
		return;
	printer__clear(&task->line);
	bpf_decode_entry(task->call, &task->line);
	task->entry_ts = wall_clock();
	task->in_syscall = true;
}

static void write_call(struct tracer *tr, struct task *task, bool finished,
		       int64_t ret)
{
	struct printer trailer, ret_suffix;
	struct call_record rec = {
		.pid = task->tgid,
		.tid = task->tid,
		.ts = task->entry_ts,
		.cmd = task->call->cmd,
		.size = task->call->size,
		.finished = finished,
		.ret = ret,
		.pid_prefix = tr->printed_tasks > 1 || tr->keep_prefix,
		.attr = &task->line,
	};

	printer__init(&trailer, tr->opts->json ? PRINTER_JSON : PRINTER_TEXT, 0);
	printer__init(&ret_suffix, PRINTER_TEXT, 0);
	if (tr->opts->json) {
		/* members of the call's object: one opened (never closed)
		 * for the separators, its "{" skipped */
		pr_struct_begin(&trailer);
		map_view__json(&tr->view, task, &trailer);
		if (tr->opts->stack && finished) {
			pr_field(&trailer, "stack");
			stack_print(task->tid, task->tgid, &trailer);
		}
		rec.extra_json = printer__str(&trailer) + 1;
	} else if (!tr->opts->plain) {
		if (finished)
			map_view__print_ret(&tr->view, task, &ret_suffix);
		rec.ret_suffix = printer__str(&ret_suffix);
		rec.note = call_map__note(&task->cmap);
		if (tr->opts->stack && finished) {
			stack_print(task->tid, task->tgid, &trailer);
			rec.trailer = printer__str(&trailer);
		}
	}
	output__call(&tr->out, &rec);
	printer__free(&trailer);
	printer__free(&ret_suffix);
}

void bpf_stop_exit(struct tracer *tr, struct task *task, int64_t ret)
{
	task->in_syscall = false;
	task->call->exiting = true;
	task->call->ret = ret;
	bpf_decode_exit(task->call, &task->line);
	write_call(tr, task, true, ret);
}

void bpf_stop_abandon(struct tracer *tr, struct task *task)
{
	task->in_syscall = false;
	write_call(tr, task, false, 0);
}
