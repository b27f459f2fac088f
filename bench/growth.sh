#!/bin/bash
# SPDX-License-Identifier: MIT
#
# How the cost of tracing a map call grows: bench/workload's lookups timed
# natively, under strace -f --seccomp-bpf -e trace=bpf, injtrace -f and
# injtrace --plain -f (all -o /dev/null, as a user runs them, no taskset)
# against
#   calling threads   1 2 4 8 16            (one map, 8-byte value)
#   maps in use       1 10 100 1000 3000    (one BTF object for all maps)
#   maps in use       1 10 100 1000 3000    (a BTF object each, -u)
#   value size        4 B 64 B 1 KiB 16 KiB 64 KiB  (one map, one thread)
# Every point runs each method REPS times, interleaved (the methods take
# turns within a point).  The cost per call is (median traced - median
# native) / N of the calls alone: bench/workload -T times its lookup loop,
# so map creation, the one warm-up lookup of every map and the tracer's
# start are left out.  Prints a table and writes it with a plot:
#
#	bench/growth.sh [-n N] [-r REPS] [-B BUILD_DIR] [-o OUT_PREFIX]
#
#   -n N      lookups per run (default 2000; the maps series use at least
#             one per map)
#   -r REPS   runs per method and point (default 3)
#   -B DIR    build directory (default: $BUILD_DIR, else build/ here)
#   -o PREFIX writes PREFIX.txt (the table) and PREFIX.png (the plot,
#             gnuplot); default docs/growth next to this script
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
n=2000
reps=3
build=${BUILD_DIR:-$here/../build}
prefix=$here/../docs/growth

while getopts "n:r:B:o:h" opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) reps=$OPTARG ;;
	B) build=$OPTARG ;;
	o) prefix=$OPTARG ;;
	*) sed -n '4,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done

injtrace=$build/injtrace
workload=$build/bench/workload
for f in "$injtrace" "$workload"; do
	[ -x "$f" ] || { echo "growth.sh: $f missing: build first" >&2; exit 1; }
done
for c in strace gnuplot; do
	command -v $c >/dev/null ||
		{ echo "growth.sh: $c missing (Debian: $c, gnuplot-nox)" >&2; exit 1; }
done

methods=(native strace injtrace plain)

# ns of the calls alone in one run of: method workload-args...
time_calls() {
	local m=$1 res
	shift
	case $m in
	native) res=$("$workload" -T "$@") ;;
	strace) res=$(strace -f --seccomp-bpf -e trace=bpf -o /dev/null \
			"$workload" -T "$@") ;;
	injtrace) res=$("$injtrace" -f -o /dev/null "$workload" -T "$@") ;;
	plain) res=$("$injtrace" --plain -f -o /dev/null "$workload" -T "$@") ;;
	esac || { echo "growth.sh: $m $* failed" >&2; exit 1; }
	sed -n 's/^workload: [0-9]* calls in \([0-9]*\) ns$/\1/p' <<<"$res"
}

median() {
	sort -g | awk '{ v[NR] = $1 }
		END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
table=$tmp/table
start=$EPOCHREALTIME
load0=$(cut -d' ' -f1-3 /proc/loadavg)
# before the table is written: writing it makes the tree dirty
rev=$(git -C "$here" describe --always --dirty 2>/dev/null || echo '?')

# point: series x calls workload-args...
point() {
	local series=$1 x=$2 calls=$3 m r line
	shift 3
	declare -A ns
	for ((r = 0; r < reps; r++)); do
		for m in "${methods[@]}"; do
			ns[$m]+="$(time_calls "$m" -n "$calls" "$@") "
		done
	done
	line="$series $x $calls"
	for m in "${methods[@]}"; do
		# shellcheck disable=SC2086
		ns[$m]=$(printf "%s\n" ${ns[$m]} | median)
	done
	for m in strace injtrace plain; do
		line+=$(awk -v t="${ns[$m]}" -v z="${ns[native]}" -v n="$calls" \
			'BEGIN { printf " %.1f", (t - z) / n / 1000 }')
	done
	line+=$(awk -v z="${ns[native]}" -v n="$calls" \
		'BEGIN { printf " %.2f", z / n / 1000 }')
	echo "$line" | tee -a "$table" >&2
}

echo "growth.sh: series x N strace injtrace plain native (us per call)" >&2
for t in 1 2 4 8 16; do
	point threads "$t" "$n" -c "$t"
done
for m in 1 10 100 1000 3000; do
	point maps "$m" "$((m > n ? m : n))" -m "$m"
done
for m in 1 10 100 1000 3000; do
	point maps_btf_each "$m" "$((m > n ? m : n))" -m "$m" -u
done
for v in 4 64 1024 16384 65536; do
	point value_size "$v" "$n" -v "$v"
done
elapsed=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000000 ))

{
	echo "# bench/growth.sh -n $n -r $reps, $(date -u '+%Y-%m-%d %H:%M UTC')," \
		"$(uname -r), $(nproc) CPUs, load $load0 before," \
		"$(cut -d' ' -f1-3 /proc/loadavg) after, ${elapsed} s"
	echo "# injtrace $rev;" \
		"$(strace -V | head -1)"
	echo "# tracing cost per lookup, us: (median traced - median native)" \
		"/ N over $reps runs, as a user runs it"
	printf "# %-13s %6s %6s %9s %9s %9s %9s %9s\n" series x N strace \
		injtrace plain native inj/strace
	awk '{ printf "%-15s %6s %6s %9s %9s %9s %9s %9.2f\n",
		$1, $2, $3, $4, $5, $6, $7, ($4 > 0 ? $5 / $4 : 0) }' "$table"
} >"$prefix.txt"
cat "$prefix.txt"

for series in threads maps maps_btf_each value_size; do
	awk -v s="$series" '$1 == s' "$table" >"$tmp/$series"
done
plot_series() {	# series: a gnuplot plot command of its three tracers
	echo "plot for [i=4:6] \"$tmp/$1\" using 2:i" \
		"title (i == 4 ? \"strace\" : i == 5 ? \"injtrace\" :" \
		"\"injtrace --plain\")"
}
gnuplot <<EOF
set terminal pngcairo size 1200,900 font ",10"
set output "$prefix.png"
set multiplot layout 2,2 title "Tracing cost per lookup, us: (traced - native) / N, median of $reps runs, N >= $n, $(nproc) CPUs, load $load0 before"
set logscale y
set grid
set key top left
set ylabel "us per call"
set style data linespoints
set logscale x 2
set xlabel "calling threads (one map, 8-byte value)"
$(plot_series threads)
set logscale x 10
set xlabel "maps in use, one BTF object (one thread)"
$(plot_series maps)
set xlabel "maps in use, a BTF object each (one thread)"
$(plot_series maps_btf_each)
set logscale x 2
set xlabel "value size, bytes (key 4 B, one map, one thread)"
$(plot_series value_size)
unset multiplot
EOF
echo "growth.sh: wrote $prefix.txt and $prefix.png in $elapsed s" >&2
