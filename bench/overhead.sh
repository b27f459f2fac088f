#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Tracing overhead: bench/workload (N BPF_MAP_LOOKUP_ELEM + N getppid())
# natively, under strace --seccomp-bpf and under injtrace, interleaved in
# one run, each as a user runs it (no taskset) and pinned to one CPU
# (taskset on the whole command).  Prints medians and ratios.
#
#	bench/overhead.sh [-n N] [-r REPS] [-B BUILD_DIR] [-c CALLERS] [-t BUSY] [-d]
#	                  [-A OTHER_INJTRACE]
#
#   -n N      traced bpf() calls per run (default 20000)
#   -r REPS   runs of each method and placement (default 5)
#   -B DIR    build directory holding injtrace and bench/workload
#             (default: $BUILD_DIR, else build/ next to this script)
#   -c CALLERS  the N calls are made by that many threads at once
#   -t BUSY   the workload also runs BUSY threads spinning without syscalls
#   -d        also run injtrace with INJTRACE_PLACEMENT=off (the tracer's
#             default scheduling), to show what the placement buys
#   -A BIN    also run another injtrace binary (say, one built from main
#             before a change) typed and --plain, in the same interleaved
#             blocks: before/after ratios from one run
#
# injtrace runs typed (the default) and with --plain (fds as numbers, keys
# and values as addresses): typed / plain is what typed decoding costs.
#
# Targets: as a user runs it, injtrace <= 0.5x strace with 1 calling thread
# and <= 0.8x with 4 (idle machine); typed <= 1.15x --plain.  Exit status: 0 all runs correct, 1 a run failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
n=20000
reps=5
build=${BUILD_DIR:-$here/../build}
busy=0
callers=1
with_default=0
other=

while getopts "n:r:B:c:t:dA:h" opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) reps=$OPTARG ;;
	B) build=$OPTARG ;;
	c) callers=$OPTARG ;;
	t) busy=$OPTARG ;;
	d) with_default=1 ;;
	A) other=$OPTARG ;;
	*) sed -n '4,30p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done

injtrace=$build/injtrace
workload=$build/bench/workload
for f in "$injtrace" "$workload"; do
	if [ ! -x "$f" ]; then
		echo "overhead.sh: $f missing: build first (cmake --build $build)" >&2
		exit 1
	fi
done
command -v strace >/dev/null || { echo "overhead.sh: strace missing" >&2; exit 1; }
command -v taskset >/dev/null || { echo "overhead.sh: taskset missing" >&2; exit 1; }

# CPU 1 as the issue says; CPU 0 on a one-CPU machine.
pin_cpu=1
[ "$(nproc)" -gt 1 ] || pin_cpu=0

wl=("$workload" -n "$n" -c "$callers" -b "$busy")
methods=(native strace injtrace injtrace-plain)
[ "$with_default" = 1 ] && methods+=(injtrace-default)
[ -n "$other" ] && methods+=(other other-plain)
placements=(user pinned)

run_cmd() {	# method placement
	local pin=()
	[ "$2" = pinned ] && pin=(taskset -c "$pin_cpu")
	case $1 in
	native)	"${pin[@]}" "${wl[@]}" ;;
	strace)	"${pin[@]}" strace -f --seccomp-bpf -e trace=bpf -o /dev/null \
			"${wl[@]}" ;;
	injtrace) "${pin[@]}" "$injtrace" -f -o /dev/null "${wl[@]}" ;;
	injtrace-plain)
		"${pin[@]}" "$injtrace" --plain -f -o /dev/null "${wl[@]}" ;;
	other)	"${pin[@]}" "$other" -f -o /dev/null "${wl[@]}" ;;
	other-plain)
		"${pin[@]}" "$other" --plain -f -o /dev/null "${wl[@]}" ;;
	injtrace-default)
		INJTRACE_PLACEMENT=off "${pin[@]}" "$injtrace" -f -o /dev/null \
			"${wl[@]}" ;;
	esac
}

# Wall time of one run in microseconds; any failure ends the benchmark.
time_run() {
	local t0 t1
	t0=$EPOCHREALTIME
	if ! run_cmd "$1" "$2" >/dev/null; then
		echo "overhead.sh: $1 ($2) failed" >&2
		exit 1
	fi
	t1=$EPOCHREALTIME
	echo $(( (${t1/./} - ${t0/./}) ))
}

median() {	# numbers on stdin
	sort -n | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

echo "== environment"
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
virt=$(systemd-detect-virt --vm 2>/dev/null || true)
if [ -z "$virt" ] || [ "$virt" = none ]; then
	grep -qw hypervisor /proc/cpuinfo && virt="a hypervisor (cpuinfo flag)" \
		|| virt=none
fi
echo "virt:     $virt"
echo "kernel:   $(uname -sr)"
echo "nproc:    $(nproc)"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg)"
echo "strace:   $(strace -V | head -1)"
echo "injtrace: $("$injtrace" -V 2>&1 | head -1)"
echo "workload: $n x (BPF_MAP_LOOKUP_ELEM + getppid) in $callers thread(s)," \
	"$busy busy threads;" \
	"$reps runs each, interleaved; pinned = taskset -c $pin_cpu"

# Every lookup must be traced, exactly once, by both tracers.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$injtrace" -f -o "$out" "${wl[@]}"
got=$(grep -c 'BPF_MAP_LOOKUP_ELEM' "$out" || true)
strace -f --seccomp-bpf -e trace=bpf -o "$out" "${wl[@]}"
got_strace=$(grep -c 'BPF_MAP_LOOKUP_ELEM' "$out" || true)
if [ "$got" != "$n" ] || [ "$got_strace" != "$n" ]; then
	echo "overhead.sh: traced lookups: injtrace $got, strace $got_strace," \
		"expected $n" >&2
	exit 1
fi

# warm-up: page cache, binaries, the first map creation
for m in "${methods[@]}"; do
	time_run "$m" user >/dev/null
done

# other work on the machine moves "as a user runs it" the most: show it
cpu_busy() {	# busy and steal jiffies of all CPUs so far
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat
}
read -r busy0 steal0 < <(cpu_busy)
start=$EPOCHREALTIME

declare -A times
for ((r = 0; r < reps; r++)); do
	for p in "${placements[@]}"; do
		for m in "${methods[@]}"; do
			times[$m,$p]+="$(time_run "$m" "$p") "
		done
	done
done

read -r busy1 steal1 < <(cpu_busy)
elapsed=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))
hz=$(getconf CLK_TCK)
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); during the runs the" \
	"CPUs were busy $(( (busy1 - busy0) * 1000 / hz )) ms (all, ours" \
	"included) and stolen $(( (steal1 - steal0) * 1000 / hz )) ms of" \
	"$(( elapsed * $(nproc) )) CPU-ms"

echo
echo "== wall time per run, ms (median of $reps; min-max)"
printf "%-18s %22s %22s\n" method "as a user runs it" "pinned (taskset)"
declare -A med
for m in "${methods[@]}"; do
	line=$(printf "%-18s" "$m")
	for p in "${placements[@]}"; do
		# shellcheck disable=SC2086
		med[$m,$p]=$(printf "%s\n" ${times[$m,$p]} | median)
		# shellcheck disable=SC2086
		mm=$(printf "%s\n" ${times[$m,$p]} | sort -n |
		     awk 'NR == 1 { lo = $1 } { hi = $1 }
			  END { printf "%.0f-%.0f", lo / 1000, hi / 1000 }')
		line+=$(printf " %9.1f (%11s)" "$(bc -l <<<"${med[$m,$p]} / 1000")" "$mm")
	done
	echo "$line"
done

echo
echo "== per traced bpf() call, us ((median - native median) / N)"
for m in "${methods[@]}"; do
	[ "$m" = native ] && continue
	line=$(printf "%-18s" "$m")
	for p in "${placements[@]}"; do
		line+=$(printf " %22.1f" \
			"$(bc -l <<<"(${med[$m,$p]} - ${med[native,$p]}) / $n")")
	done
	echo "$line"
done

ratio() { bc -l <<<"$1 / $2"; }
r_user=$(ratio "${med[injtrace,user]}" "${med[strace,user]}")
r_pin=$(ratio "${med[injtrace,pinned]}" "${med[strace,pinned]}")
verdict() { [ "$(bc -l <<<"$1 <= $2")" = 1 ] && echo met || echo MISSED; }

echo
echo "== ratios of medians"
target=0.5
[ "$callers" -gt 1 ] && target=0.8
printf "injtrace / strace, as a user runs it: %5.3fx  (target <= %sx: %s)\n" \
	"$r_user" "$target" "$(verdict "$r_user" "$target")"
printf "injtrace / strace, pinned:            %5.3fx\n" "$r_pin"
printf "injtrace as a user runs it / pinned:  %5.3fx\n" \
	"$(ratio "${med[injtrace,user]}" "${med[injtrace,pinned]}")"
printf "strace as a user runs it / pinned:    %5.3fx\n" \
	"$(ratio "${med[strace,user]}" "${med[strace,pinned]}")"
if [ "$with_default" = 1 ]; then
	printf "injtrace / injtrace-default, user:    %5.3fx\n" \
		"$(ratio "${med[injtrace,user]}" "${med[injtrace-default,user]}")"
fi
for p in "${placements[@]}"; do
	printf "injtrace typed / --plain, %-11s %5.3fx  (target <= 1.15x: %s)\n" \
		"$p:" "$(ratio "${med[injtrace,$p]}" "${med[injtrace-plain,$p]}")" \
		"$(verdict "$(ratio "${med[injtrace,$p]}" \
			"${med[injtrace-plain,$p]}")" 1.15)"
done
if [ -n "$other" ]; then
	echo "other = $other"
	for p in "${placements[@]}"; do
		printf "other / strace, %-11s           %5.3fx\n" "$p:" \
			"$(ratio "${med[other,$p]}" "${med[strace,$p]}")"
		printf "other typed / --plain, %-11s    %5.3fx\n" "$p:" \
			"$(ratio "${med[other,$p]}" "${med[other-plain,$p]}")"
		printf "injtrace / other, %-11s         %5.3fx\n" "$p:" \
			"$(ratio "${med[injtrace,$p]}" "${med[other,$p]}")"
	done
fi
