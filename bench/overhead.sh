#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Tracing overhead, every target of the benchmarks side by side in one run:
# each workload natively, under strace --seccomp-bpf, under injtrace (typed)
# and injtrace --plain, as a user runs it (no taskset; -P adds pinned runs,
# taskset on the whole command), and under bench/ptrace_floor (the two
# stops of each call and nothing else: the floor of any ptrace tracer) as
# the scheduler places it and on one CPU, and as placed with the calls of
# --plain (-w plain) and those of typed decoding (-w typed), the floor of
# each level of work; interleaved in rounds after a
# warm-up; after each round one `injtrace --bench --json`.  Prints medians
# and the ratios of medians, all from this one run.
#
#	bench/overhead.sh [-n N] [-r ROUNDS] [-B BUILD_DIR] [-w WORKLOADS]
#	                  [-i ITERATIONS] [-P] [-t BUSY] [-d] [-A OTHER_INJTRACE]
#
#   -n N      traced bpf() calls per run (default 20000)
#   -r ROUNDS runs of each workload, method and placement (default 5)
#   -B DIR    build directory holding injtrace, bench/workload,
#             bench/ptrace_floor and bench/gomaps (default: $BUILD_DIR,
#             else build/ next to this script)
#   -w LIST   workloads (default "c1 c4 go8"): cK = bench/workload, N
#             lookups of a BTF array map (and N getppid) made by K threads
#             at once; goK = bench/gomaps, a Go program using cilium/ebpf,
#             K goroutines making N/2 updates and N/2 lookups on a BTF hash
#             map
#   -i ITER   --bench samples per key per round (default 5000; 0: no
#             --bench)
#   -P        also run every method pinned to one CPU
#   -t BUSY   bench/workload also runs BUSY threads spinning without
#             syscalls (the case that starves a SCHED_IDLE tracer)
#   -d        also run injtrace with INJTRACE_PLACEMENT=off (the tracer's
#             default scheduling), to show what the placement buys
#   -A BIN    also run another injtrace binary (say, one built from main
#             before a change) typed and --plain in the same rounds
#
# Targets (as a user runs it, idle machine): injtrace <= 0.5x strace with
# 1 calling thread, <= 0.8x with 4 and with the Go program; typed <= 1.15x
# --plain with 1 and 4 threads; --bench btf_fetch_cold <= 1.3x and
# decode_cached <= 0.3x the ptrace round trip.
# Exit status: 0 all runs correct, 1 a run failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
n=20000
reps=5
build=${BUILD_DIR:-$here/../build}
busy=0
workloads="c1 c4 go8"
iterations=5000
pinned=0
with_default=0
other=

while getopts "n:r:B:w:i:Pt:dA:h" opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) reps=$OPTARG ;;
	B) build=$OPTARG ;;
	w) workloads=$OPTARG ;;
	i) iterations=$OPTARG ;;
	P) pinned=1 ;;
	t) busy=$OPTARG ;;
	d) with_default=1 ;;
	A) other=$OPTARG ;;
	*) sed -n '4,38p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done

injtrace=$build/injtrace
workload=$build/bench/workload
gomaps=$build/bench/gomaps
floor=$build/bench/ptrace_floor
for f in "$injtrace" "$workload" "$floor"; do
	if [ ! -x "$f" ]; then
		echo "overhead.sh: $f missing: build first (cmake --build $build)" >&2
		exit 1
	fi
done
for c in strace taskset python3 bc; do
	command -v $c >/dev/null || { echo "overhead.sh: $c missing" >&2; exit 1; }
done

# the Go workloads need bench/gomaps: without it, say why and go on
wls=()
for w in $workloads; do
	case $w in
	c[0-9]*) wls+=("$w") ;;
	go[0-9]*)
		if [ -x "$gomaps" ]; then
			wls+=("$w")
		else
			echo "overhead.sh: no $w: $gomaps not built" \
				"($(cat "$gomaps.why" 2>/dev/null || echo unknown))" >&2
		fi ;;
	*) echo "overhead.sh: unknown workload $w" >&2; exit 2 ;;
	esac
done

wl_cmd() {	# workload: its command line
	case $1 in
	c*) echo "$workload -n $n -c ${1#c} -b $busy" ;;
	go*) echo "$gomaps -n $n -g ${1#go}" ;;
	esac
}

wl_desc() {
	case $1 in
	c1) echo "1 thread" ;;
	c*) echo "${1#c} threads" ;;
	go*) echo "Go, ${1#go} goroutines" ;;
	esac
}

# CPU 1 as the issue says; CPU 0 on a one-CPU machine.
pin_cpu=1
[ "$(nproc)" -gt 1 ] || pin_cpu=0

methods=(native strace injtrace injtrace-plain floor floor-1cpu floor-plain
	floor-plain-1cpu floor-typed floor-typed-1cpu)
[ "$with_default" = 1 ] && methods+=(injtrace-default)
[ -n "$other" ] && methods+=(other other-plain)
placements=(user)
[ "$pinned" = 1 ] && placements+=(pinned)

run_cmd() {	# workload method placement
	local pin=() wl
	read -r -a wl <<<"$(wl_cmd "$1")"
	[ "$3" = pinned ] && pin=(taskset -c "$pin_cpu")
	case $2 in
	native)	"${pin[@]}" "${wl[@]}" ;;
	strace)	"${pin[@]}" strace -f --seccomp-bpf -e trace=bpf -o /dev/null \
			"${wl[@]}" ;;
	injtrace) "${pin[@]}" "$injtrace" -f -o /dev/null "${wl[@]}" ;;
	injtrace-plain)
		"${pin[@]}" "$injtrace" --plain -f -o /dev/null "${wl[@]}" ;;
	other)	"${pin[@]}" "$other" -f -o /dev/null "${wl[@]}" ;;
	other-plain)
		"${pin[@]}" "$other" --plain -f -o /dev/null "${wl[@]}" ;;
	floor)	"${pin[@]}" "$floor" "${wl[@]}" ;;
	floor-1cpu) taskset -c "$pin_cpu" "$floor" "${wl[@]}" ;;
	floor-*-1cpu)
		local w=${2#floor-}
		taskset -c "$pin_cpu" "$floor" -w "${w%-1cpu}" "${wl[@]}" ;;
	floor-*) "${pin[@]}" "$floor" -w "${2#floor-}" "${wl[@]}" ;;
	injtrace-default)
		INJTRACE_PLACEMENT=off "${pin[@]}" "$injtrace" -f -o /dev/null \
			"${wl[@]}" ;;
	esac
}

# Wall time of one run in microseconds; any failure ends the benchmark.
time_run() {
	local t0 t1
	t0=$EPOCHREALTIME
	if ! run_cmd "$1" "$2" "$3" >/dev/null; then
		echo "overhead.sh: $1 $2 ($3) failed" >&2
		exit 1
	fi
	t1=$EPOCHREALTIME
	echo $(( (${t1/./} - ${t0/./}) ))
}

median() {	# numbers on stdin
	sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

range() {	# numbers on stdin, FORMAT: "min-max"
	sort -g | awk -v f="$1" 'NR == 1 { lo = $1 } { hi = $1 }
		END { printf f "-" f, lo, hi }'
}

echo "== environment"
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
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
echo "injtrace: $("$injtrace" -V 2>&1 | head -1)" \
	"($(git -C "$here" describe --always --dirty 2>/dev/null || echo '?'))"
for w in "${wls[@]}"; do
	printf "%-10s%s\n" "$w:" "$(wl_cmd "$w")"
done
echo "N = $n traced bpf() calls per run, $reps rounds, each workload and" \
	"method once per round, interleaved;" \
	"pinned = taskset -c $pin_cpu; --bench: $iterations samples per key" \
	"per round"

# Every map call must be traced, exactly once, by both tracers.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
count_calls() {	# workload: lookups and updates traced into $out
	local want_l=$n want_u=0 got_l got_u
	case $1 in
	go*) want_l=$((n / 2 / ${1#go} * ${1#go})); want_u=$want_l ;;
	esac
	got_l=$(grep -c 'BPF_MAP_LOOKUP_ELEM' "$out" || true)
	got_u=$(grep -c 'BPF_MAP_UPDATE_ELEM' "$out" || true)
	# the workload's setup: one update per map
	case $1 in c*) got_u=$((got_u - 1)); got_l=$((got_l - 1)) ;; esac
	if [ "$got_l $got_u" != "$want_l $want_u" ]; then
		echo "overhead.sh: $1 under $2: $got_l lookups, $got_u updates" \
			"traced, expected $want_l, $want_u" >&2
		exit 1
	fi
}
for w in "${wls[@]}"; do
	read -r -a cmd <<<"$(wl_cmd "$w")"
	"$injtrace" -f -o "$out" "${cmd[@]}" >/dev/null
	count_calls "$w" injtrace
	strace -f --seccomp-bpf -e trace=bpf -o "$out" "${cmd[@]}" >/dev/null
	count_calls "$w" strace
done

# warm-up: page cache, binaries, the first map creation
for w in "${wls[@]}"; do
	for m in "${methods[@]}"; do
		time_run "$w" "$m" user >/dev/null
	done
done

# --bench ratios to the floor (ptrace_roundtrip p50) of one run: "key ratio
# ns"; fetch_floor is btf_fetch_cold's own floor, one injection and the
# fetch's calls made natively: inject_syscall + fetch_calls - native_syscall;
# decode_calls is decode_cached's, its three reads with nothing decoded
bench_keys=(inject_syscall btf_fetch_cold fetch_floor fetch_calls
	decode_cached decode_calls fdinfo_read)
bench_run() {
	"$injtrace" --bench --json --iterations "$iterations" |
	python3 -c '
import json, sys
r = json.load(sys.stdin)
p50 = {k: v["p50_ns"] for k, v in r.items() if isinstance(v, dict)}
floor = p50["ptrace_roundtrip"]
if "fetch_calls" in p50:
    p50["fetch_floor"] = (p50["inject_syscall"] + p50["fetch_calls"] -
                          p50["native_syscall"])
print("ptrace_roundtrip", 1.0, floor)
for k in sys.argv[1:]:
    if k in p50:
        print(k, p50[k] / floor, p50[k])
' "${bench_keys[@]}"
}

# other work on the machine moves "as a user runs it" the most: show it
cpu_busy() {	# busy and steal jiffies of all CPUs so far
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat
}
read -r busy0 steal0 < <(cpu_busy)
start=$EPOCHREALTIME

declare -A times bench_ratio bench_ns
for ((r = 0; r < reps; r++)); do
	for w in "${wls[@]}"; do
		for p in "${placements[@]}"; do
			for m in "${methods[@]}"; do
				times[$w,$m,$p]+="$(time_run "$w" "$m" "$p") "
			done
		done
	done
	[ "$iterations" -gt 0 ] || continue
	while read -r key ratio ns; do
		bench_ratio[$key]+="$ratio "
		bench_ns[$key]+="$ns "
	done < <(bench_run)
done

read -r busy1 steal1 < <(cpu_busy)
elapsed=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))
hz=$(getconf CLK_TCK)
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); in the $((elapsed / 1000)) s" \
	"of runs the CPUs were busy $(( (busy1 - busy0) * 1000 / hz )) ms" \
	"(all, ours included) and stolen $(( (steal1 - steal0) * 1000 / hz ))" \
	"ms of $(( elapsed * $(nproc) )) CPU-ms"

cols=()
for w in "${wls[@]}"; do
	for p in "${placements[@]}"; do
		cols+=("$w,$p")
	done
done
header() {
	local line c
	line=$(printf "%-18s" "${1:-method}")
	for c in "${cols[@]}"; do
		line+=$(printf " %20s" "${c%,user}")
	done
	echo "$line"
}

echo
echo "== wall time per run, ms (median of $reps; min-max)"
header
declare -A med
for m in "${methods[@]}"; do
	line=$(printf "%-18s" "$m")
	for c in "${cols[@]}"; do
		w=${c%,*} p=${c#*,}
		# shellcheck disable=SC2086
		med[$w,$m,$p]=$(printf "%s\n" ${times[$w,$m,$p]} | median)
		# shellcheck disable=SC2086
		mm=$(printf "%s\n" ${times[$w,$m,$p]} |
		     awk '{ print $1 / 1000 }' | range %.0f)
		line+=$(printf " %8.1f (%9s)" \
			"$(bc -l <<<"${med[$w,$m,$p]} / 1000")" "$mm")
	done
	echo "$line"
done

echo
echo "== per traced bpf() call, us ((median - native median) / N)"
header
for m in "${methods[@]}"; do
	[ "$m" = native ] && continue
	line=$(printf "%-18s" "$m")
	for c in "${cols[@]}"; do
		w=${c%,*} p=${c#*,}
		line+=$(printf " %20.1f" \
			"$(bc -l <<<"(${med[$w,$m,$p]} - ${med[$w,native,$p]}) / $n")")
	done
	echo "$line"
done

ratio() { bc -l <<<"$1 / $2"; }
verdict() {	# value target
	[ -n "$2" ] || { echo; return; }
	[ "$(bc -l <<<"$1 <= $2")" = 1 ] && echo met || echo MISSED
}
row() {		# what value [target]
	if [ -n "${3:-}" ]; then
		printf "%-44s %7.3fx   <= %-5s %s\n" "$1" "$2" "$3" \
			"$(verdict "$2" "$3")"
	else
		printf "%-44s %7.3fx\n" "$1" "$2"
	fi
}

echo
echo "== ratios of medians, as a user runs it (targets: idle machine)"
for w in "${wls[@]}"; do
	case $w in c1) t=0.5 ;; c4 | go8) t=0.8 ;; *) t= ;; esac
	row "injtrace / strace, $(wl_desc "$w")" \
		"$(ratio "${med[$w,injtrace,user]}" "${med[$w,strace,user]}")" "$t"
done
for w in "${wls[@]}"; do
	case $w in c1 | c4) t=1.15 ;; *) t= ;; esac
	row "typed / --plain, $(wl_desc "$w")" \
		"$(ratio "${med[$w,injtrace,user]}" \
			"${med[$w,injtrace-plain,user]}")" "$t"
done
for w in "${wls[@]}"; do
	row "--plain / strace, $(wl_desc "$w")" \
		"$(ratio "${med[$w,injtrace-plain,user]}" "${med[$w,strace,user]}")"
done
# each floor: the faster of ptrace_floor as placed and on one CPU
floor_of() {	# workload [level]: median wall time, us
	local f=${med[$1,floor${2:+-$2},user]} g=${med[$1,floor${2:+-$2}-1cpu,user]}
	[ "$(bc -l <<<"$g < $f")" = 1 ] && f=$g
	echo "$f"
}
for w in "${wls[@]}"; do
	f=$(floor_of "$w")
	row "ptrace floor / strace, $(wl_desc "$w")" \
		"$(ratio "$f" "${med[$w,strace,user]}")"
	row "injtrace / ptrace floor, $(wl_desc "$w")" \
		"$(ratio "${med[$w,injtrace,user]}" "$f")"
done
# what typed decoding adds at the least: the floor tracer making the calls
# of --plain, then those and the ones typed decoding cannot do without
for w in "${wls[@]}"; do
	fp=$(floor_of "$w" plain) ft=$(floor_of "$w" typed)
	row "floor typed / floor plain, $(wl_desc "$w")" "$(ratio "$ft" "$fp")"
	row "floor plain / strace, $(wl_desc "$w")" \
		"$(ratio "$fp" "${med[$w,strace,user]}")"
	row "floor typed / strace, $(wl_desc "$w")" \
		"$(ratio "$ft" "${med[$w,strace,user]}")"
done
if [ "$with_default" = 1 ]; then
	for w in "${wls[@]}"; do
		row "injtrace / placement off, $(wl_desc "$w")" \
			"$(ratio "${med[$w,injtrace,user]}" \
				"${med[$w,injtrace-default,user]}")"
	done
fi
if [ -n "$other" ]; then
	echo "other = $other"
	for w in "${wls[@]}"; do
		row "other / strace, $(wl_desc "$w")" \
			"$(ratio "${med[$w,other,user]}" "${med[$w,strace,user]}")"
		row "other typed / --plain, $(wl_desc "$w")" \
			"$(ratio "${med[$w,other,user]}" "${med[$w,other-plain,user]}")"
		row "injtrace / other, $(wl_desc "$w")" \
			"$(ratio "${med[$w,injtrace,user]}" "${med[$w,other,user]}")"
	done
fi
if [ "$pinned" = 1 ]; then
	echo
	echo "== pinned (taskset -c $pin_cpu)"
	for w in "${wls[@]}"; do
		row "injtrace / strace, $(wl_desc "$w")" \
			"$(ratio "${med[$w,injtrace,pinned]}" \
				"${med[$w,strace,pinned]}")"
		row "typed / --plain, $(wl_desc "$w")" \
			"$(ratio "${med[$w,injtrace,pinned]}" \
				"${med[$w,injtrace-plain,pinned]}")"
		row "strace as a user runs it / pinned, $(wl_desc "$w")" \
			"$(ratio "${med[$w,strace,user]}" "${med[$w,strace,pinned]}")"
	done
fi

[ "$iterations" -gt 0 ] || exit 0
echo
echo "== injtrace --bench, p50 / ptrace_roundtrip p50 of the same run" \
	"(median of $reps runs; min-max)"
for key in ptrace_roundtrip "${bench_keys[@]}"; do
	[ -n "${bench_ratio[$key]:-}" ] || continue
	case $key in
	btf_fetch_cold) t=1.3 ;; decode_cached) t=0.3 ;; *) t= ;; esac
	# shellcheck disable=SC2086
	r=$(printf "%s\n" ${bench_ratio[$key]} | median)
	# shellcheck disable=SC2086
	ns=$(printf "%s\n" ${bench_ns[$key]} | median)
	# shellcheck disable=SC2086
	mm=$(printf "%s\n" ${bench_ratio[$key]} | range %.2f)
	printf "%-18s p50 %7.0f ns %7.3fx (%s)" "$key" "$ns" "$r" "$mm"
	[ -n "$t" ] && printf "   <= %sx %s" "$t" "$(verdict "$r" "$t")"
	echo
done
echo "fetch_floor: btf_fetch_cold's floor, one injection and the fetch's" \
	"calls made natively (inject_syscall + fetch_calls - native_syscall)"
echo "decode_calls: decode_cached's floor, its reads (fdinfo, attr with" \
	"key, value) made as it makes them, nothing decoded"

