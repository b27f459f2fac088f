#!/bin/bash
# SPDX-License-Identifier: MIT
# /init of the cross-arch guests (scripts/xarch/build.sh packs it): a real
# Debian userland, the project's sources and its cross-built build tree at
# their host paths. Mounts what the tests need, runs the project's ctest
# over the build tree (all tests but the host-only ones), prints its output
# one result line per test with the output of those that did not pass, and
# a summary line the host greps, and powers off:
#   xarch: N passed, M failed, K skipped
# /xarch/env (written by build.sh) sets XARCH_BUILD, XARCH_SOURCE,
# XARCH_JOBS, XARCH_CTEST_ARGS; the kernel command line gives xarch.budget=SECONDS, the
# time after which ctest is stopped so that the summary still comes out.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

mount_fs()
{
	mkdir -p "$2"
	mount -t "$1" "$1" "$2" ||
		echo "xarch: init: cannot mount $1 on $2"
}

power_off()
{
	sync
	echo o >/proc/sysrq-trigger
	sleep 60
}

mount_fs proc /proc
mount_fs sysfs /sys
mount_fs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount_fs devpts /dev/pts
mount_fs tmpfs /dev/shm
mount_fs tmpfs /run
# /tmp stays on the initramfs: the build tree may live under it.
mkdir -p /tmp
chmod 1777 /tmp /dev/shm
mount_fs bpf /sys/fs/bpf
mount_fs cgroup2 /sys/fs/cgroup
mount_fs debugfs /sys/kernel/debug
mount_fs tracefs /sys/kernel/tracing
hostname xarch-guest
# what udev (or a container runtime) makes on a Debian system; devtmpfs has
# none of them, and "-o /dev/stdout" would write a file there
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
ip link set lo up 2>/dev/null

# shellcheck source=/dev/null
. /xarch/env
# the tests' iteration counts (tests/common/scale.sh)
export INJTRACE_TEST_SCALE=${XARCH_TEST_SCALE:-100}
# the tests' own wall-time bounds (placement_starved), as ctest's TIMEOUTs
export INJTRACE_TEST_TIME_SCALE=${XARCH_TIME_SCALE:-1}
budget=$(sed -n 's/.*xarch\.budget=\([0-9]*\).*/\1/p' /proc/cmdline)
echo "xarch: guest $(uname -srm), $(nproc) cpus," \
	"$(sed -n 's/^MemTotal: *//p' /proc/meminfo) memory," \
	"budget ${budget:-none} s, test scale $INJTRACE_TEST_SCALE %," \
	"booted in $(cut -d' ' -f1 /proc/uptime) s"
ldconfig
# Links dpkg's maintainer scripts would have made (update-alternatives);
# the root filesystem's packages are extracted, not configured.
[ -e /usr/bin/awk ] || ln -s mawk /usr/bin/awk
[ -e /usr/bin/which ] || [ ! -e /usr/bin/which.debianutils ] ||
	ln -s which.debianutils /usr/bin/which
cd "$XARCH_BUILD" || power_off

# injtrace itself on this arch: typed lines on a BTF map, and its
# self-measurement (TCG figures: only the ratios within the run mean
# something). Each is reported like a test of the suite (below).
echo "xarch: injtrace examples/maps_demo"
start=$(date +%s)
timeout -k 5 300 ./injtrace ./examples/maps_demo 2>&1 | tee /tmp/maps_demo.log
rc=${PIPESTATUS[0]}
grep -q -E 'map_fd=[0-9]+<map:hists>, key=\[7\], value=\{slots=\[' \
	/tmp/maps_demo.log || rc=1
extra="injtrace_maps_demo $rc $(($(date +%s) - start))"
echo "xarch: injtrace --bench --iterations $XARCH_BENCH_ITERATIONS"
start=$(date +%s)
timeout -k 5 600 ./injtrace --bench --iterations "$XARCH_BENCH_ITERATIONS"
extra="$extra injtrace_bench $? $(($(date +%s) - start))"

# shellcheck disable=SC2086 # XARCH_CTEST_ARGS is a list of words
total=$(ctest -N $XARCH_CTEST_ARGS | sed -n -E 's/^Total Tests: ([0-9]+)$/\1/p')
# ctest runs as under a login shell: in a process group of its own whose
# parent, in another group of the same session, is not init. A group whose
# members' parents are all init (or outside the session) is orphaned, and
# the kernel sends SIGHUP and SIGCONT to all of it whenever one of its
# processes exits while another is stopped (kill_orphaned_pgrp()): the
# tests that stop processes (SIGSTOP, group-stops) killed ctest with it.
# shellcheck disable=SC2086 # XARCH_CTEST_ARGS is a list of words
python3 -c '
import os, sys
os.setsid()
pid = os.fork()
if pid == 0:
    os.setpgid(0, 0)
    os.execvp(sys.argv[1], sys.argv[1:])
st = os.waitpid(pid, 0)[1]
sys.exit(os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st))
' timeout -k 10 "${budget:-86400}" ctest --output-junit /tmp/ctest.xml \
	--no-tests=error -j "$XARCH_JOBS" $XARCH_CTEST_ARGS 2>&1 |
	tee /tmp/ctest.log
rc=${PIPESTATUS[0]}
[ "$rc" -ne 124 ] || echo "xarch: ctest ran past the budget (${budget} s)"
echo "xarch: ctest exit $rc"
# One line per test, and the output of each test that did not pass, for
# the host's ctest (scripts/xarch/result.sh); then the summary line.
# shellcheck disable=SC2086 # $extra is a list of words
python3 "$XARCH_SOURCE/tests/xarch/guest_report.py" /tmp/ctest.xml \
	"${total:-0}" "$rc" $extra
power_off
