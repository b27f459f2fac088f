// SPDX-License-Identifier: MIT
/* injtrace --bench (being written: see issue 3). */
#include "core/bench.h"

#include <stdio.h>

int bench_main(int argc, char **argv)
{
	fprintf(stderr, "injtrace: --bench is not implemented yet\n");
	return 1;
}
