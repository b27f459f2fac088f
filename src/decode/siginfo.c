// SPDX-License-Identifier: MIT
/*
 * Signal names and siginfo, member for member as strace 6.1 prints them
 * (its printsiginfo.c): what a "--- SIG... {...} ---" line shows.
 */
#include "decode/siginfo.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The kernel's numbering (not libc's SIGRTMIN, which reserves two). */
#define KERNEL_SIGRTMIN 32
#define KERNEL_NSIG 64

static const char *const signal_names[KERNEL_SIGRTMIN + 1] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",
	[SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP",
	[SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG",
	[SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS", [KERNEL_SIGRTMIN] = "SIGRTMIN",
};

const char *signal_name(int sig)
{
	static char rt[sizeof("SIGRT_64")];

	if (sig <= 0 || sig > KERNEL_NSIG)
		return NULL;
	if (sig <= KERNEL_SIGRTMIN)
		return signal_names[sig];
	snprintf(rt, sizeof(rt), "SIGRT_%d", sig - KERNEL_SIGRTMIN);
	return rt;
}

int signal_parse(const char *name)
{
	char *end;
	long n = strtol(name, &end, 10);

	if (*name && !*end)
		return n > 0 && n <= KERNEL_NSIG ? (int)n : -1;
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	for (int sig = 1; sig <= KERNEL_NSIG; sig++)
		if (!strcasecmp(signal_name(sig) + 3, name))
			return sig;
	return -1;
}

static const struct xlat siginfo_codes[] = {
	XLAT(SI_USER),	  XLAT(SI_KERNEL),   XLAT(SI_QUEUE),
	XLAT(SI_TIMER),	  XLAT(SI_MESGQ),    XLAT(SI_ASYNCIO),
	XLAT(SI_SIGIO),	  XLAT(SI_TKILL),    XLAT_PAIR(-7, "SI_DETHREAD"),
	XLAT_PAIR(-60, "SI_ASYNCNL"), XLAT_END,
};
static const struct xlat sigchld_codes[] = {
	XLAT(CLD_EXITED),  XLAT(CLD_KILLED),  XLAT(CLD_DUMPED),
	XLAT(CLD_TRAPPED), XLAT(CLD_STOPPED), XLAT(CLD_CONTINUED), XLAT_END,
};
static const struct xlat sigsegv_codes[] = {
	XLAT_PAIR(1, "SEGV_MAPERR"), XLAT_PAIR(2, "SEGV_ACCERR"),
	XLAT_PAIR(3, "SEGV_BNDERR"), XLAT_PAIR(4, "SEGV_PKUERR"),
	XLAT_PAIR(5, "SEGV_ACCADI"), XLAT_PAIR(6, "SEGV_ADIDERR"),
	XLAT_PAIR(7, "SEGV_ADIPERR"), XLAT_PAIR(8, "SEGV_MTEAERR"),
	XLAT_PAIR(9, "SEGV_MTESERR"), XLAT_END,
};
static const struct xlat sigbus_codes[] = {
	XLAT_PAIR(1, "BUS_ADRALN"), XLAT_PAIR(2, "BUS_ADRERR"),
	XLAT_PAIR(3, "BUS_OBJERR"), XLAT_PAIR(4, "BUS_MCEERR_AR"),
	XLAT_PAIR(5, "BUS_MCEERR_AO"), XLAT_END,
};
static const struct xlat sigill_codes[] = {
	XLAT_PAIR(1, "ILL_ILLOPC"), XLAT_PAIR(2, "ILL_ILLOPN"),
	XLAT_PAIR(3, "ILL_ILLADR"), XLAT_PAIR(4, "ILL_ILLTRP"),
	XLAT_PAIR(5, "ILL_PRVOPC"), XLAT_PAIR(6, "ILL_PRVREG"),
	XLAT_PAIR(7, "ILL_COPROC"), XLAT_PAIR(8, "ILL_BADSTK"), XLAT_END,
};
static const struct xlat sigfpe_codes[] = {
	XLAT_PAIR(1, "FPE_INTDIV"), XLAT_PAIR(2, "FPE_INTOVF"),
	XLAT_PAIR(3, "FPE_FLTDIV"), XLAT_PAIR(4, "FPE_FLTOVF"),
	XLAT_PAIR(5, "FPE_FLTUND"), XLAT_PAIR(6, "FPE_FLTRES"),
	XLAT_PAIR(7, "FPE_FLTINV"), XLAT_PAIR(8, "FPE_FLTSUB"),
	XLAT_PAIR(14, "FPE_FLTUNK"), XLAT_PAIR(15, "FPE_CONDTRAP"), XLAT_END,
};
static const struct xlat sigtrap_codes[] = {
	XLAT_PAIR(1, "TRAP_BRKPT"), XLAT_PAIR(2, "TRAP_TRACE"),
	XLAT_PAIR(3, "TRAP_BRANCH"), XLAT_PAIR(4, "TRAP_HWBKPT"),
	XLAT_PAIR(5, "TRAP_UNK"), XLAT_PAIR(6, "TRAP_PERF"), XLAT_END,
};
static const struct xlat sigsys_codes[] = {
	XLAT_PAIR(1, "SYS_SECCOMP"), XLAT_PAIR(2, "SYS_USER_DISPATCH"),
	XLAT_END,
};
static const struct xlat sigpoll_codes[] = {
	XLAT_PAIR(1, "POLL_IN"), XLAT_PAIR(2, "POLL_OUT"),
	XLAT_PAIR(3, "POLL_MSG"), XLAT_PAIR(4, "POLL_ERR"),
	XLAT_PAIR(5, "POLL_PRI"), XLAT_PAIR(6, "POLL_HUP"), XLAT_END,
};
static const struct xlat sigprof_codes[] = {
	XLAT_PAIR(1, "PROF_SIG"), XLAT_END,
};

static const struct xlat *signal_codes(int sig)
{
	switch (sig) {
	case SIGTRAP: return sigtrap_codes;
	case SIGCHLD: return sigchld_codes;
	case SIGIO: return sigpoll_codes;
	case SIGPROF: return sigprof_codes;
	case SIGILL: return sigill_codes;
	case SIGFPE: return sigfpe_codes;
	case SIGSEGV: return sigsegv_codes;
	case SIGBUS: return sigbus_codes;
	case SIGSYS: return sigsys_codes;
	default: return NULL;
	}
}

void signal_print(struct printer *p, int sig)
{
	const char *name = signal_name(sig);

	if (name)
		pr_token(p, name);
	else
		pr_int(p, sig);
}

static void print_code(struct printer *p, const siginfo_t *si)
{
	/* the generic SI_* names first, as strace looks them up */
	const char *name = xlat_name(siginfo_codes, (uint64_t)si->si_code);

	if (!name && si->si_code > 0)
		name = xlat_name(signal_codes(si->si_signo), si->si_code);
	if (name)
		pr_token(p, name);
	else
		pr_int(p, si->si_code);
}

/* clock ticks, and " /" "* 0.03 s *" "/" when not 0 (strace print_clock_t) */
static void print_clock(struct printer *p, long ticks)
{
	static long tck;
	char frac[32];

	pr_int(p, ticks);
	if (!tck)
		tck = sysconf(_SC_CLK_TCK);
	if (ticks <= 0 || tck <= 0)
		return;
	int width = 0;

	for (long t = tck; t >= 10 && width < 9; t /= 10)
		width++;
	/* "0.03": the integral part is replaced by ticks / tck */
	snprintf(frac, sizeof(frac), "%.*f", width,
		 (double)(ticks % tck) / tck);
	pr_comment(p, "%ld%s s", ticks / tck, strchr(frac, '.') ?: "");
}

static void print_source(struct printer *p, const siginfo_t *si)
{
	pr_field(p, "si_pid");
	pr_int(p, si->si_pid);
	pr_field(p, "si_uid");
	pr_int(p, (int)si->si_uid);
}

static void print_value(struct printer *p, const siginfo_t *si)
{
	pr_field(p, "si_int");
	pr_int(p, si->si_int);
	pr_field(p, "si_ptr");
	pr_addr(p, (uintptr_t)si->si_ptr);
}

static void print_addr(struct printer *p, const siginfo_t *si)
{
	pr_field(p, "si_addr");
	pr_addr(p, (uintptr_t)si->si_addr);
}

static void print_from_user(struct printer *p, const siginfo_t *si)
{
	switch (si->si_code) {
	case SI_USER:
	case SI_TKILL:
		print_source(p, si);
		break;
	case SI_TIMER:
		pr_field(p, "si_timerid");
		pr_hex(p, (unsigned int)si->si_timerid);
		pr_field(p, "si_overrun");
		pr_int(p, si->si_overrun);
		print_value(p, si);
		break;
	case SI_SIGIO:
		pr_field(p, "si_band");
		pr_int(p, si->si_band);
		pr_field(p, "si_fd");
		pr_int(p, si->si_fd);
		break;
	default:
		print_source(p, si);
		if (si->si_ptr)
			print_value(p, si);
		break;
	}
}

static void print_child(struct printer *p, const siginfo_t *si)
{
	print_source(p, si);
	pr_field(p, "si_status");
	if (si->si_code == CLD_EXITED)
		pr_int(p, si->si_status);
	else
		signal_print(p, si->si_status);
	pr_field(p, "si_utime");
	print_clock(p, si->si_utime);
	pr_field(p, "si_stime");
	print_clock(p, si->si_stime);
}

static void print_from_kernel(struct printer *p, const siginfo_t *si)
{
	switch (si->si_signo) {
	case SIGCHLD:
		print_child(p, si);
		break;
	case SIGILL:
	case SIGFPE:
	case SIGBUS:
	case SIGSEGV:
	case SIGTRAP:
		print_addr(p, si);
		break;
	case SIGIO:
		if (si->si_code >= POLL_IN && si->si_code <= POLL_HUP) {
			pr_field(p, "si_band");
			pr_int(p, si->si_band);
			pr_field(p, "si_fd");
			pr_int(p, si->si_fd);
		}
		break;
	case SIGSYS:
		pr_field(p, "si_call_addr");
		pr_addr(p, (uintptr_t)si->si_call_addr);
		pr_field(p, "si_syscall");
		pr_int(p, si->si_syscall);
		pr_field(p, "si_arch");
		pr_hex(p, si->si_arch);
		break;
	default:
		if (si->si_pid || si->si_uid)
			print_source(p, si);
		if (si->si_ptr)
			print_value(p, si);
		break;
	}
}

void decode_siginfo(struct printer *p, const siginfo_t *si)
{
	pr_struct_begin(p);
	if (si->si_signo) {
		pr_field(p, "si_signo");
		signal_print(p, si->si_signo);
		pr_field(p, "si_code");
		print_code(p, si);
		if (si->si_errno) {
			pr_field(p, "si_errno");
			pr_uint(p, (unsigned int)si->si_errno);
		}
		if (si->si_code <= 0)
			print_from_user(p, si);
		else
			print_from_kernel(p, si);
	}
	pr_struct_end(p);
}
