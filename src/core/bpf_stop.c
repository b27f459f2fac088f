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

static int64_t elapsed_ns(const struct timespec *from,
			  const struct timespec *to)
{
	return (to->tv_sec - from->tv_sec) * 1000000000LL + to->tv_nsec -
	       from->tv_nsec;
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
	/* strace's -t and -r: when the call was seen, before any decoding */
	clock_gettime(CLOCK_REALTIME, &task->entry_wall);
	clock_gettime(CLOCK_MONOTONIC, &task->entry_mono);
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
	task__arm_prefetch(task);
	/* --plain prints no map, but -c counts by map */
	if (!tr->opts->plain || tr->opts->summary)
		map_view__env(&tr->view, task, &task->env);
	/* the size argument is an unsigned int in the kernel */
	bpf_call__init(task->call, args[0], args[1], (unsigned int)args[2],
		       &task->env);
	if (!map_view__selected(&tr->view, task))
		return;
	printer__clear(&task->line);
	output__begin_call(&tr->out, &task->line,
			   &(struct call_head){
				   .pid = task->tgid,
				   .tid = task->tid,
				   .wall = task->entry_wall,
				   .mono = task->entry_mono,
				   .cmd = task->call->cmd,
				   /* -ff: a file per task, no prefix */
				   .pid_prefix = !task->file &&
						 (tr->printed_tasks > 1 ||
						  tr->keep_prefix),
			   });
	bpf_decode_entry(task->call, &task->line);
	task->in_syscall = true;
	/* -T times the call, not our decoding nor the injections before it:
	 * as strace, from the end of the entry stop's work to the exit stop */
	clock_gettime(CLOCK_MONOTONIC, &task->call_start);
}

/* -z, -Z: is this result one to print? */
static bool status_selected(const struct options *opts, bool finished,
			    int64_t ret)
{
	switch (opts->status) {
	case STATUS_SUCCESSFUL:
		return finished && ret >= 0;
	case STATUS_FAILED:
		return finished && ret < 0;
	default:
		return true;
	}
}

/* -c, -C: every call the filters of -e let through, as strace -c */
static void count_call(struct tracer *tr, struct task *task, bool finished,
		       int64_t ret, int64_t duration_ns)
{
	struct summary_call c = {
		.cmd = task->call->cmd,
		.finished = finished,
		.ret = ret,
		.duration_ns = duration_ns,
		.key_bytes = task->cmap.key_bytes,
		.value_bytes = task->cmap.value_bytes,
	};

	map_view__summary_map(&tr->view, task, &c.map);
	if (summary__add(&tr->summary, &c))
		log_error("out of memory counting calls for the summary");
}

/*
 * Completes the call's record, begun at entry in task->line and continued
 * by the attr decoder, and writes it.
 */
static void write_call(struct tracer *tr, struct task *task, bool finished,
		       int64_t ret, int64_t duration_ns)
{
	const struct options *opts = tr->opts;
	struct printer *p = &task->line;
	struct call_result result = {
		.size = task->call->size,
		.finished = finished,
		.ret = ret,
		.duration_ns = duration_ns,
	};

	if (opts->json) {
		/* the attr of a call whose task died inside it is still open
		 * (its exit part closes it): back to the record's members */
		printer__close_to(p, 1);
		map_view__json(&tr->view, task, p);
		if (opts->stack && finished) {
			pr_field(p, "stack");
			stack_print(task->tid, task->tgid, p);
		}
		output__call_result(&tr->out, p, &result);
		output__end_call(&tr->out, p);
	} else {
		output__call_result(&tr->out, p, &result);
		if (!opts->plain && finished)
			map_view__print_ret(&tr->view, task, p);
		output__call_time(&tr->out, p, duration_ns);
		if (!opts->plain && call_map__note(&task->cmap))
			pr_comment(p, "%s", call_map__note(&task->cmap));
		output__end_call(&tr->out, p);
		/* strace -k: the stack follows every completed call */
		if (opts->stack && finished)
			stack_print(task->tid, task->tgid, p);
	}
	output__write(&tr->out, task->file, p);
}

void bpf_stop_exit(struct tracer *tr, struct task *task, int64_t ret)
{
	struct timespec now;
	int64_t duration_ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	duration_ns = elapsed_ns(&task->call_start, &now);
	task->in_syscall = false;
	task->call->exiting = true;
	task->call->ret = ret;
	bpf_decode_exit(task->call, &task->line);
	if (tr->opts->summary)
		count_call(tr, task, true, ret, duration_ns);
	if (status_selected(tr->opts, true, ret))
		write_call(tr, task, true, ret, duration_ns);
}

void bpf_stop_abandon(struct tracer *tr, struct task *task)
{
	task->in_syscall = false;
	if (tr->opts->summary)
		count_call(tr, task, false, 0, -1);
	if (status_selected(tr->opts, false, 0))
		write_call(tr, task, false, 0, -1);
}
