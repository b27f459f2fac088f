// SPDX-License-Identifier: MIT
/*
 * Stand-in for a criterion unit test in a cross build whose sysroot has no
 * criterion (tests/xarch/no_criterion.cmake): says why and exits 77, which
 * ctest reports as skipped.
 */
#include <stdio.h>

int main(void)
{
	printf("criterion is not available for %s (Debian has no port of "
	       "it or of boxfort there): unit test skipped\n", XARCH_ARCH);
	return 77;
}
