// SPDX-License-Identifier: MIT
/*
 * The guard's decision, the split between one CPU and two, and the
 * /proc/TID/stat parsing, on literal input.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/placement.h"

#define MS 1000000ULL

Test(placement, healthy_ping_pong_is_not_starved)
{
	/* measured: 10 ms window, tracer waits 4 ms while the tracee runs 4 */
	cr_assert_not(placement_starved(10 * MS, 4 * MS, 4 * MS));
	cr_assert_not(placement_starved(2 * MS, 1 * MS, UINT64_MAX));
}

Test(placement, waiting_behind_a_computing_tracee_is_not_starved)
{
	cr_assert_not(placement_starved(10 * MS, 10 * MS, 10 * MS));
}

Test(placement, waiting_behind_others_is_starved)
{
	/* the followed tracee is stopped: the tracer waits behind a hog */
	cr_assert(placement_starved(10 * MS, 10 * MS, 0));
	cr_assert(placement_starved(10 * MS, 6 * MS, 1 * MS));
	/* tracee unknown: only waiting most of the window counts */
	cr_assert(placement_starved(10 * MS, 9 * MS, UINT64_MAX));
	cr_assert_not(placement_starved(10 * MS, 6 * MS, UINT64_MAX));
}

Test(placement, short_delays_are_never_starvation)
{
	cr_assert_not(placement_starved(1 * MS, 1 * MS, 0));
}

Test(placement, one_calling_thread_stays_on_one_cpu)
{
	/* every stop of the same thread as the stop before */
	cr_assert_eq(placement_window_mode(PLACEMENT_IDLE, 256, 0),
		     PLACEMENT_IDLE);
	/* a second thread calling now and then */
	cr_assert_eq(placement_window_mode(PLACEMENT_IDLE, 256, 63),
		     PLACEMENT_IDLE);
}

Test(placement, threads_stopping_at_once_split)
{
	/* measured: 4 threads in a lookup loop, 190-256 of 256 */
	cr_assert_eq(placement_window_mode(PLACEMENT_IDLE, 256, 64),
		     PLACEMENT_SPLIT);
	cr_assert_eq(placement_window_mode(PLACEMENT_IDLE, 256, 256),
		     PLACEMENT_SPLIT);
	/* and stay split down to 1 in 16 (no flapping around a quarter) */
	cr_assert_eq(placement_window_mode(PLACEMENT_SPLIT, 256, 16),
		     PLACEMENT_SPLIT);
	cr_assert_eq(placement_window_mode(PLACEMENT_SPLIT, 256, 15),
		     PLACEMENT_IDLE);
}

Test(placement, window_leaves_other_modes_alone)
{
	cr_assert_eq(placement_window_mode(PLACEMENT_FALLBACK, 256, 256),
		     PLACEMENT_FALLBACK);
	cr_assert_eq(placement_window_mode(PLACEMENT_OFF, 256, 256),
		     PLACEMENT_OFF);
}

Test(placement, stat_cpu_field)
{
	/* a real line of a bash process, CPU 1 */
	cr_assert_eq(placement_parse_stat_cpu(
		"1234 (bash) S 1 1234 1234 34816 1240 4194304 1009 2346 0 0 "
		"1 1 2 0 20 0 1 0 3350 8577024 1288 18446744073709551615 "
		"94751536357376 94751537267089 140725859011008 0 0 0 65536 "
		"3670020 1266777851 1 0 0 17 1 0 0 0 0 0 94751537508336 "
		"94751537555844 94751571488768 140725859017578 "
		"140725859017583 140725859017583 140725859020782 0\n"), 1);
	/* a comm with spaces and parentheses; fields 4-38 are 0 */
	char line[256] = "7 (a) b (c) R";

	for (int field = 4; field <= 38; field++)
		strcat(line, " 0");
	strcat(line, " 3 0 0 0 0 0");
	cr_assert_eq(placement_parse_stat_cpu(line), 3);
	cr_assert_eq(placement_parse_stat_cpu("7 (short) R 1 2 3"), -1);
	cr_assert_eq(placement_parse_stat_cpu("garbage"), -1);
}
