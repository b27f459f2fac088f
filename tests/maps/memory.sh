#!/bin/bash
# SPDX-License-Identifier: MIT
# memory.sh INJTRACE MANY: the tracer's memory must not grow with the
# number of maps it has seen.  maps_many creates N maps (each its own
# BTF), looks each up once and closes it; INJTRACE_STATS=1 makes injtrace
# print "injtrace: maxrss N KiB".  300 vs 3000 maps: at most 2 MiB more
# (measured: ~1.2 MiB, the bounded map-info and BTF caches filling, each
# BTF with its render plans of ~0.25 KiB; a parsed BTF or an fdinfo
# buffer leaked per map would be well over).  Every lookup
# must still be printed typed.  Then 3000 maps held open at once (3000
# distinct fd numbers) under the usual soft RLIMIT_NOFILE of 1024: the
# tracer's own fds (one kept-open fdinfo file per map fd) must stay
# bounded too, and every lookup still typed.  The 3000 are scaled by
# INJTRACE_TEST_SCALE (tests/common/scale.sh), never below 1500: half as
# many again as the tracer keeps parsed BTFs (1024) and map fds (960 under
# that limit), so both caches evict.
# Unscaled (the host), also flat once every cache is full: 5000 maps (more
# than the 4096 map infos kept) against 15000, at most 512 KiB more: a
# leak of 100 bytes a map fails it (measured: 4500 to 15000 maps within
# 250 KiB of each other; a build leaking malloc(100) a map: +996 KiB).
# Not in an ASan build, whose allocator keeps its own pools; LeakSanitizer
# checks every exit there.
set -euo pipefail
injtrace=$1
many=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../common/scale.sh
. "$here/../common/scale.sh"
large_n=$(scaled 3000 1500)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
max_growth_kib=2048
# An ASan build keeps freed memory in quarantine (256 MiB), which maxrss
# would count as growth: there the runs measured go without quarantine
# (freed memory reused as in a plain build).  Its allocator adds a header
# and redzones to every block: measured +1.6 to +1.9 MiB from 300 to 3000
# maps, so it gets 3 MiB.  LeakSanitizer still checks every exit.
asan=
if grep -q __asan_init "$injtrace"; then
	asan=1
	max_growth_kib=3072
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0
fi

# run N [keep]: traces maps_many, checks its lines, prints maxrss (KiB)
run() {
	local tag=$1${2:-} rc=0

	(ulimit -Sn 1024 && INJTRACE_STATS=1 "$injtrace" -o "$dir/$tag.trace" \
		"$many" "$@" >"$dir/$tag.expected" 2>"$dir/$tag.err") || rc=$?
	if [ "$rc" = 77 ]; then
		exit 77
	fi
	if [ "$rc" != 0 ]; then
		echo "memory: maps_many $* exited $rc" >&2
		cat "$dir/$tag.err" >&2
		exit 1
	fi
	# expect.py would spend minutes on near-matches of thousands of
	# misses: compare the lookup lines directly
	if ! diff <(cat "$dir/$tag.expected") \
		<(grep '^bpf(BPF_MAP_LOOKUP_ELEM' "$dir/$tag.trace") \
		>"$dir/$tag.diff"; then
		echo "memory: maps_many $*: $(grep -c '^>' "$dir/$tag.diff") of" \
			"$(wc -l <"$dir/$tag.expected") lookups not as expected," \
			"first ones (< expected, > printed):" >&2
		head -6 "$dir/$tag.diff" >&2
		return 1
	fi
	sed -n 's/^injtrace: maxrss \([0-9]*\) KiB$/\1/p' "$dir/$tag.err"
}

fail=0
small=$(run 300) || fail=1
large=$(run "$large_n") || fail=1
if [ -z "$small" ] || [ -z "$large" ]; then
	echo "memory: no 'injtrace: maxrss' line with INJTRACE_STATS=1" >&2
	exit 1
fi
echo "maxrss: 300 maps $small KiB, $large_n maps $large KiB"
if [ $((large - small)) -gt $max_growth_kib ]; then
	echo "memory: +$((large - small)) KiB from 300 to $large_n maps" \
		"(limit +$max_growth_kib KiB): grows with the number of maps" >&2
	fail=1
fi
held=$(run "$large_n" keep) || fail=1
[ -n "$held" ] && echo "maxrss: $large_n maps held open $held KiB"
if [ "${INJTRACE_TEST_SCALE:-100}" != 100 ] || [ -n "$asan" ]; then
	echo "memory: caches full, 5000 against 15000 maps: not run" \
		"(${asan:+an ASan build}${asan:-INJTRACE_TEST_SCALE=$INJTRACE_TEST_SCALE})"
	exit $fail
fi
full=$(run 5000) || fail=1
full2=$(run 15000) || fail=1
echo "maxrss, caches full: 5000 maps $full KiB, 15000 maps $full2 KiB"
if [ -n "$full" ] && [ -n "$full2" ] && [ $((full2 - full)) -gt 512 ]; then
	echo "memory: +$((full2 - full)) KiB from 5000 to 15000 maps with" \
		"every cache full (limit +512 KiB): a leak per map" >&2
	fail=1
fi
exit $fail
