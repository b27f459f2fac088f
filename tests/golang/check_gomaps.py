#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A Go agent under injtrace -f: bench/gomaps (cilium/ebpf, 8 goroutines
updating and looking up their own keys in a hash map with BTF) runs once
untraced and once under injtrace -f.  Its output (with the checksum of
every value it read) and exit status must be the same both times, and the
trace must show every one of the goroutines' calls typed with the values
that goroutine wrote: key {goroutine, slot}, value {seq, sum, tag}.

	check_gomaps.py INJTRACE GOMAPS

Exit 77 when Go could not build GOMAPS here (the reason is printed)."""
import os
import re
import subprocess
import sys
import tempfile

GOROUTINES = 8
SLOTS = 4
PER = 100                       # updates (and lookups) per goroutine
CALLS = 2 * GOROUTINES * PER

CALL = re.compile(
    r'^(?:\[pid +(\d+)\] )?bpf\(BPF_MAP_(UPDATE|LOOKUP)_ELEM, '
    r'\{map_fd=\d+<map:gomaps>, key=\{goroutine=(\d+), slot=(\d+)\}, '
    r'value=\{seq=(\d+), sum=(\d+), tag="g(\d+)"\}, flags=BPF_ANY\}, '
    r'\d+\) = 0$')


def value_sum(g, seq):
    """goVal.Sum as bench/gomaps/main.go writes it"""
    return (g << 32) ^ ((seq * 0x9e3779b97f4a7c15) & (2**64 - 1))


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=150)


def check_trace(lines):
    """the goroutines' calls in the trace: a list of what is wrong"""
    bad = []
    seen = {(kind, g): [] for kind in ('UPDATE', 'LOOKUP')
            for g in range(GOROUTINES)}
    tids = set()
    for line in lines:
        if '<map:gomaps>' not in line or not re.search(
                r'BPF_MAP_(UPDATE|LOOKUP)_ELEM', line):
            continue
        m = CALL.match(line)
        if not m:
            bad.append('not a typed line as expected: ' + line)
            continue
        tid, kind, g, slot, seq, vsum, tag = m.groups()
        g, slot, seq, vsum, tag = map(int, (g, slot, seq, vsum, tag))
        tids.add(tid)
        if (g >= GOROUTINES or tag != g or slot != seq % SLOTS or
                vsum != value_sum(g, seq)):
            bad.append('not what goroutine %d wrote: %s' % (g, line))
            continue
        seen[kind, g].append(seq)
    for (kind, g), seqs in sorted(seen.items()):
        if sorted(seqs) != list(range(PER)):
            bad.append('goroutine %d: %d %s lines, want seq 0..%d once each'
                       % (g, len(seqs), kind, PER - 1))
    return bad, tids


def main():
    injtrace, gomaps = sys.argv[1:3]
    if not os.access(gomaps, os.X_OK):
        why = 'not built'
        if os.path.exists(gomaps + '.why'):
            with open(gomaps + '.why') as f:
                why = f.read().strip()
        print('SKIP: bench/gomaps could not be built here: ' + why)
        return 77

    cmd = [gomaps, '-n', str(CALLS), '-g', str(GOROUTINES), '-s', str(SLOTS)]
    native = run(cmd)
    if native.returncode != 0:
        print('gomaps failed untraced (exit %d): %s'
              % (native.returncode, native.stderr.strip()))
        if 'operation not permitted' in native.stderr:
            print('SKIP: no privilege for bpf()')
            return 77
        return 1
    print('untraced: ' + native.stdout.strip())

    with tempfile.NamedTemporaryFile('r', prefix='gomaps-trace.') as out:
        traced = run([injtrace, '-f', '-o', out.name] + cmd)
        lines = out.read().splitlines()
    print('traced:   ' + traced.stdout.strip())
    ok = True
    if (traced.returncode, traced.stdout) != (native.returncode,
                                              native.stdout):
        print('FAIL: traced run differs: exit %d, stderr: %s'
              % (traced.returncode, traced.stderr.strip()))
        ok = False
    bad, tids = check_trace(lines)
    for b in bad[:20]:
        print('FAIL: ' + b)
    print('%d trace lines; the goroutines\' %d calls came from %d thread(s)'
          % (len(lines), CALLS, len(tids)))
    return 0 if ok and not bad else 1


if __name__ == '__main__':
    sys.exit(main())
