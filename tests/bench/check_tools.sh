#!/bin/bash
# SPDX-License-Identifier: MIT
#
# bench/ptrace_floor's levels of work, counted with strace -c on the floor
# tracer itself (not its tracee), for N lookups by one thread:
#   stops  no process_vm_readv, no pread (but the loader's, counted as
#          the base of the others)
#   plain  one process_vm_readv per traced call (the attr)
#   typed  one process_vm_readv (the attr with the key) and two preads
#          per call: the fdinfo and a lookup's value at exit (of
#          /proc/TID/mem; its size is the fdinfo's)
# and from plain on at least four ptrace requests and one write (the line,
# line-buffered as injtrace writes it) per call.
# Then bench/overhead.sh end to end on a few hundred calls: it must check
# the tracers' output, run every method and print every ratio row.
set -euo pipefail
# shellcheck source=../common/scale.sh
source "$(dirname "$0")/../common/scale.sh"

floor=$BUILD/bench/ptrace_floor
workload=$BUILD/bench/workload
for c in strace taskset bc python3; do
	command -v $c >/dev/null || { echo "SKIP: $c missing"; exit 77; }
done
if ! why=$("$workload" -n 1 2>&1); then
	echo "SKIP: the workload cannot make its map here: $why"
	exit 77
fi

# scaled: the counts hold for any number of calls; below 100 % (the
# cross-arch guests) overhead.sh runs the one-thread workload only
n=$(scaled 300 50)
workloads="c1 c4"
[ "${INJTRACE_TEST_SCALE:-100}" = 100 ] || workloads=c1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count() {	# strace -c file, syscall: its calls (0 when absent)
	awk -v s="$2" '$NF == s { n = $4 } END { print n + 0 }' "$1"
}
fail=0
check() {	# what, got, op, want
	if ! test "$2" "$3" "$4"; then
		echo "FAIL: $1: $2, expected $3 $4"
		fail=1
	else
		echo "ok: $1: $2 ($3 $4)"
	fi
}

for level in stops plain typed; do
	strace -c -o "$tmp/$level" "$floor" -w $level "$workload" -n "$n" -c 1 \
		>"$tmp/$level.out"
	readv=$(count "$tmp/$level" process_vm_readv)
	pread=$(count "$tmp/$level" pread64)
	ptrace=$(count "$tmp/$level" ptrace)
	write=$(count "$tmp/$level" write)
	case $level in
	stops)	check "$level: process_vm_readv" "$readv" -eq 0
		check "$level: pread64 (the loader's)" "$pread" -lt 10
		base=$pread
		check "$level: write" "$write" -lt 10
		check "$level: ptrace" "$ptrace" -ge $((2 * n)) ;;
	plain)	check "$level: process_vm_readv" "$readv" -ge "$n"
		check "$level: process_vm_readv" "$readv" -lt $((n + 20))
		check "$level: pread64" "$pread" -eq "$base"
		check "$level: ptrace" "$ptrace" -ge $((4 * n))
		check "$level: write" "$write" -ge "$n" ;;
	typed)	check "$level: process_vm_readv" "$readv" -ge "$n"
		check "$level: process_vm_readv" "$readv" -lt $((n + 20))
		check "$level: pread64" "$((pread - base))" -ge $((2 * n))
		check "$level: pread64" "$((pread - base))" -lt $((2 * n + 40))
		check "$level: ptrace" "$ptrace" -ge $((4 * n))
		check "$level: write" "$write" -ge "$n" ;;
	esac
done
# its lines: one per traced call from plain on, none for stops
check "stops: lines" "$(wc -l <"$tmp/stops.out")" -eq 0
check "typed: lookups seen" "$(grep -c '^\[pid [0-9]*\] bpf(1, ' "$tmp/typed.out")" \
	-ge "$n"
# the tracee's exit status is the floor's; a bad level is refused
set +e
"$floor" -w typed sh -c 'exit 3'
check "exit status passed on" $? -eq 3
"$floor" -w bogus true 2>/dev/null
check "unknown level refused" $? -eq 2
set -e

# the ASan build's injtrace --bench did not end in 10 minutes (CI): there
# overhead.sh runs without it, and its rows are not looked for
iterations=$(scaled 200 20)
if [ "${SANITIZED:-0}" = 1 ]; then
	echo "sanitizer build: overhead.sh without --bench (-i 0)"
	iterations=0
fi
"$OVERHEAD" -B "$BUILD" -n "$(scaled 400 40)" -r 1 -i "$iterations" \
	-w "$workloads" >"$tmp/overhead" 2>&1 ||
	{ cat "$tmp/overhead"; echo "FAIL: bench/overhead.sh"; exit 1; }
rows=("typed / --plain, 1 thread" "floor typed / floor plain, 1 thread"
	"floor plain / strace, 1 thread" "floor typed / strace, 1 thread"
	"ptrace floor / strace, 1 thread")
[ "$iterations" = 0 ] || rows+=("btf_fetch_cold" "fetch_floor " "decode_cached"
	"decode_calls ")
[ "$workloads" = c1 ] || rows+=("typed / --plain, 4 threads"
	"floor typed / floor plain, 4 threads")
for row in "${rows[@]}"; do
	if grep -qF "$row" "$tmp/overhead"; then
		echo "ok: overhead.sh prints \"$row\""
	else
		echo "FAIL: overhead.sh printed no \"$row\""
		fail=1
	fi
done
for m in floor-plain floor-plain-1cpu floor-typed floor-typed-1cpu; do
	grep -q "^$m " "$tmp/overhead" ||
		{ echo "FAIL: no $m row"; fail=1; }
done
[ $fail = 0 ] || cat "$tmp/overhead"
exit $fail
