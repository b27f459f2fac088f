// SPDX-License-Identifier: MIT
// A bpf() call made from a C++ template member in a namespace: -k must
// print its frame demangled, as strace -k does.
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace injtrace_test {
template <typename T> struct by_id {
	__attribute__((noinline)) static long open(T id)
	{
		union bpf_attr a;

		memset(&a, 0, sizeof(a));
		a.map_id = id;
		long fd = syscall(__NR_bpf, BPF_MAP_GET_FD_BY_ID, &a, sizeof(a));
		return fd < 0 ? -1 : fd;
	}
};
} // namespace injtrace_test

int main()
{
	return injtrace_test::by_id<unsigned int>::open(0) == -1 ? 0 : 1;
}
