#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Randomized differential of typed rendering.

  diff.py INJTRACE BTF_DIFF_MAPS [--seed N] [--seconds S] [--graphs G]

btf_diff_maps makes random BTF graphs (gen.c), a map typed by each, and
writes and looks up random bytes, traced by injtrace twice: text and
--json.  Every key and value of every update and lookup is checked against
the oracle (oracle.py: the bytes read by the BTF's rules), and bpftool
`map dump -j` of the same maps alongside, where bpftool is right.  Rounds
of G graphs run until S seconds are spent.  The seed is printed so a
failure reproduces.  Exit 1 on any value injtrace prints wrong, or text and
JSON disagreeing; 77 without bpf().
"""
import argparse
import collections
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402
import oracle  # noqa: E402
import textparse  # noqa: E402


def traced(injtrace, maps, seed, graphs, json_mode, out, on_ready):
    """Runs maps under injtrace; on_ready(descriptions) while maps live."""
    argv = [injtrace, '-s', '1048576', '-o', out]
    if json_mode:
        argv.append('--json')
    p = subprocess.Popen(argv + [maps, str(seed), str(graphs)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
    descs, end = [], None
    for line in p.stdout:
        if line.startswith('END'):
            end = line.split()
            break
        descs.append(dict(compare.load_json(line)))
    if end:
        on_ready(descs)
    p.stdin.close()
    rest = p.stdout.read()
    rc = p.wait(timeout=120)
    if rc == 77 or (not end and 'skip' in rest):
        print('no bpf() maps here: skipped')
        sys.exit(77)
    if rc or not end:
        sys.exit(f'{maps} under injtrace exited {rc}')
    return descs, int(end[1]), int(end[2])


def records(path, json_mode):
    """(map name, cmd) -> [(key, value)] in call order."""
    out = collections.defaultdict(list)
    with open(path) as f:
        for line in f:
            if json_mode:
                o = dict(compare.load_json(line))
                if o.get('cmd') not in ('BPF_MAP_UPDATE_ELEM',
                                        'BPF_MAP_LOOKUP_ELEM') or o['ret']:
                    continue
                fmt = dict(o['formatted'])
                out[dict(o['map'])['name']].append(
                    (fmt.get('key'), fmt.get('value', fmt.get('values'))))
            else:
                r = textparse.parse_line(line)
                if r:
                    out[r[1]].append((r[2], r[3]))
    return out


def bpftool_bug(kind):
    """bpftool 7.1's known bug (docs/rendering.md) for a value kind."""
    if kind.startswith('enum'):
        name, rest = kind.split('/')
        size, sign = int(rest[:-1]), rest[-1]
        bugs = []
        if name == 'enum64' and size < 8:
            bugs.append('ENUM64 under 8 bytes read as 8')
        if name == 'enum' and size == 8 and sign == 's':
            bugs.append('8-byte enum compared with 32-bit enumerators')
        if sign == 'u':
            bugs.append('unsigned read as signed')
        return '; '.join(bugs) or 'unknown'
    return {
        'bits': 'odd-width CHAR/BOOL int read as a char or bool, or a '
                '128-bit bitfield misread',
        'cut': "past injtrace's nesting bound, which bpftool has not",
    }.get(kind, 'bool read as one byte' if kind.startswith('bool/')
          else 'unknown')


class Bpftool:
    """bpftool map dump -j beside the oracle: agreement counted by kind;
    where it differs it is bpftool's known bug or a new one, listed."""

    def __init__(self):
        self.path = shutil.which('bpftool') or \
            shutil.which('bpftool', path='/usr/sbin:/sbin')
        self.dumps = {}
        self.tally = compare.Tally()
        self.invalid = 0

    def dump(self, descs):
        for d in descs if self.path else []:
            if d['huge']:
                continue    # bpftool prints all 4e9 elements
            p = subprocess.run([self.path, 'map', 'dump', '-j', 'id',
                                str(d['id'])], capture_output=True,
                               text=True, timeout=60)
            try:
                self.dumps[d['name']] = compare.load_json(p.stdout)
            except ValueError:
                self.invalid += 1


def slots(btf, d, vhex):
    """The oracle's value per CPU slot ([one] unless per-CPU)."""
    buf, vt = bytes.fromhex(vhex), d['value_type']
    if not d.get('percpu'):
        return [oracle.Oracle(btf, buf).value(vt)]
    stride = (btf.size(vt) + 7) // 8 * 8
    return [oracle.Oracle(btf, buf[c * stride:(c + 1) * stride]).value(vt)
            for c in range(d['percpu'])]


def per_cpu(got, n, json_mode):
    """Per-CPU list [{cpu: i, value/v: X}] -> [X] (None: not that)."""
    if json_mode:
        if not isinstance(got, list) or len(got) != n or \
                any([k for k, _ in e] != ['cpu', 'value'] or e[0][1] != c
                    for c, e in enumerate(got)):
            return None
        return [e[1][1] for e in got]
    if got[0] != 'arr' or len(got[1]) != n or \
            any(e[0] != 'obj' or [k for k, _ in e[1]] != ['cpu', 'v'] or
                e[1][0][1] != ('tok', str(c)) for c, e in enumerate(got[1])):
        return None
    return [e[1][1][1] for e in got[1]]


def check_value(tally, d, btf, want, got, json_mode, path):
    walk = (compare.JsonWalk if json_mode else compare.TextWalk)(
        tally, d['huge'])
    if d.get('percpu'):
        got = per_cpu(got, len(want), json_mode)
        if got is None:
            tally.result('json' if json_mode else 'text', 'percpu', False,
                         path, got, len(want))
            return
    elif not json_mode and btf.is_scalar(d['value_type']):
        got = [got[1][0] if got[0] == 'arr' and got[1] else got]
    else:
        got = [got]
    for c, (w, g) in enumerate(zip(want, got)):
        walk.walk(w, g, path if len(want) == 1 else f'{path}<cpu{c}>')


def check(descs, text, js, bpftool, tally):
    for d in descs:
        btf = oracle.Btf(bytes.fromhex(d['btf']))
        name, huge = d['name'], d['huge']
        jrec, trec = js.get(name, []), text.get(name, [])
        want_calls = 2 * len(d['elements'])
        if len(jrec) != want_calls or len(trec) != want_calls:
            tally.result('calls', 'missing', False, name,
                         (len(jrec), len(trec)), want_calls)
            continue
        theirs = {}
        for e in bpftool.dumps.get(name, []):
            e = dict(e)
            fmt = dict(e['formatted'])
            theirs[''.join(b[2:] for b in e['key'])] = \
                fmt.get('value', fmt.get('values'))
        last = {k: (i, v) for i, (k, v) in enumerate(d['elements'])}
        for khex, (i, vhex) in last.items():
            if khex in theirs:
                check_value(bpftool.tally, d, btf, slots(btf, d, vhex),
                            theirs[khex], True, f'{name}[{i}].value')
        for i, (khex, vhex) in enumerate(d['elements']):
            key = oracle.Oracle(btf, bytes.fromhex(khex))
            wk = key.value(d['key_type']) if d['key_type'] != 1 else None
            wv = slots(btf, d, vhex)
            for call in (2 * i, 2 * i + 1):
                path = f'{name}[{i}]'
                jk, jv = jrec[call]
                tk, tv = trec[call]
                check_value(tally, d, btf, wv, jv, True, path + '.value')
                check_value(tally, d, btf, wv, tv, False, path + '.value')
                if wk:
                    compare.JsonWalk(tally, huge).walk(wk, jk, path + '.key')
                    if btf.is_scalar(d['key_type']):
                        tk = tk[1][0] if tk[0] == 'arr' and tk[1] else tk
                    compare.TextWalk(tally, huge).walk(wk, tk, path + '.key')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('injtrace')
    ap.add_argument('maps')
    ap.add_argument('--seed', type=int,
                    default=int(os.environ.get('BTF_DIFF_SEED', 0)) or
                    random.SystemRandom().randrange(1, 1 << 31))
    ap.add_argument('--seconds', type=float, default=60)
    ap.add_argument('--graphs', type=int, default=150)
    a = ap.parse_args()
    # INJTRACE_TEST_SCALE percent (tests/common/scale.sh): fewer graphs a
    # round, fewer seconds; the same checks on each
    scale = os.environ.get('INJTRACE_TEST_SCALE', '100')
    if not scale.isdigit() or not 1 <= int(scale) <= 100:
        sys.exit(f'INJTRACE_TEST_SCALE={scale}: not a percentage (1-100)')
    a.graphs = max(10, a.graphs * int(scale) // 100)
    a.seconds = a.seconds * int(scale) / 100
    print(f'seed {a.seed} (reproduce: BTF_DIFF_SEED={a.seed} or --seed), '
          f'{a.graphs} graphs a round')
    sys.stdout.flush()
    tally, bpftool = compare.Tally(), Bpftool()
    graphs = maps = refused = elements = rounds = 0
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix='btf_diff.') as tmp:
        seed = a.seed
        while rounds == 0 or time.monotonic() - start < a.seconds:
            tpath = os.path.join(tmp, 'text')
            jpath = os.path.join(tmp, 'json')
            tdescs, _, _ = traced(a.injtrace, a.maps, seed, a.graphs, False,
                                  tpath, lambda d: None)
            bpftool.dumps = {}
            descs, made, bad = traced(a.injtrace, a.maps, seed, a.graphs,
                                      True, jpath, bpftool.dump)
            if [d['elements'] for d in tdescs] != \
                    [d['elements'] for d in descs]:
                sys.exit(f'seed {seed}: the two runs differ')
            check(descs, records(tpath, False), records(jpath, True),
                  bpftool, tally)
            graphs += a.graphs
            maps += made
            refused += bad
            elements += sum(len(d['elements']) for d in descs)
            rounds += 1
            seed += 1
    secs = time.monotonic() - start
    print(f'{rounds} rounds (seeds {a.seed}..{a.seed + rounds - 1}), '
          f'{graphs} graphs, {maps} maps ({refused} graphs refused by the '
          f'kernel), {elements} elements, 2 calls each, {secs:.0f} s')
    print(f'values checked: text {tally.checked["text"]}, '
          f'json {tally.checked["json"]}; '
          f'limit cuts in huge maps: {tally.limit_cuts}')
    print('by kind: ' + ', '.join(f'{k} {n}' for k, n in
                                  sorted(tally.kinds.items())))
    for (form, kind), n in sorted(tally.bad.items()):
        print(f'MISMATCH {form} {kind}: {n}')
    for ex in tally.examples:
        print('  ' + ex)
    if bpftool.path:
        agree = bpftool.tally.checked['json'] - sum(bpftool.tally.bad.values())
        print(f'bpftool 7.1 alongside: {agree} of '
              f'{bpftool.tally.checked["json"]} values agree with the '
              f'oracle; {bpftool.invalid} dumps not JSON (floats, chars)')
        for (_, kind), n in sorted(bpftool.tally.bad.items()):
            print(f'  bpftool differs, {kind}: {n} ({bpftool_bug(kind)})')
        for ex in bpftool.tally.examples:
            print('    ' + ex)
    wrong = sum(tally.bad.values())
    split = abs(sum(n for (f, _), n in tally.bad.items() if f == 'text') -
                sum(n for (f, _), n in tally.bad.items() if f == 'json'))
    print(f'values injtrace prints wrong: {wrong}; text and JSON '
          + ('agree on every value' if not wrong else
             f'differ in at least {split}'))
    print('RESULT', 'FAIL' if wrong else 'PASS')
    return 1 if wrong else 0


if __name__ == '__main__':
    sys.exit(main())
