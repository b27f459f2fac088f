#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bpftool_diff.py INJTRACE MAPS_WALK: the differential test against
bpftool.  "maps_walk fill" (untraced) creates and fills two BTF-typed maps
(a hash with a struct key and a value with nested struct, char[] strings
printable/unprintable/unterminated/empty, __u8[], __s8, enum incl. a value
without a name, anonymous union; a per-CPU hash; an array of a struct of
bitfields, signed and unsigned) and holds them.  Then:
  1. "injtrace --json maps_walk walk ID..." (opens by id, GET_NEXT_KEY +
     LOOKUP_ELEM of every key), and
  2. "injtrace --json bpftool map dump -j id ID" (the real client),
and every looked-up element's key, value(s) and formatted must equal the
element bpftool prints for the same map, element for element.  bpftool
7.1 prints bitfields as JSON hex strings ("0x1d" for a 5-bit -3, not the
value): injtrace's JSON copies that (injtrace(1), JSON OUTPUT), so they compare as is.
No floats: bpftool cannot print them.
Exit 77 when bpf() or bpftool is not available."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

errors = []


def err(msg):
    errors.append(msg)
    print('FAIL: ' + msg, file=sys.stderr)


def bpftool():
    for b in (shutil.which('bpftool'), '/usr/sbin/bpftool'):
        if b and os.access(b, os.X_OK):
            return b
    print('no bpftool: skipped', file=sys.stderr)
    sys.exit(77)


def dump(tool, mid):
    p = subprocess.run([tool, 'map', 'dump', '-j', 'id', str(mid)],
                       capture_output=True, text=True, timeout=30)
    if p.returncode:
        print(f'bpftool map dump id {mid} failed ({p.stderr.strip()}): '
              'skipped', file=sys.stderr)
        sys.exit(77)
    return json.loads(p.stdout)


def traced(injtrace, argv, d, name):
    out = os.path.join(d, name)
    p = subprocess.run([injtrace, '--json', '-o', out, *argv],
                       capture_output=True, text=True, timeout=60)
    if p.returncode:
        err(f'{argv[0]} exited {p.returncode} under injtrace: '
            f'{p.stderr.strip()}')
    objs = []
    with open(out) as f:
        for n, line in enumerate(f, 1):
            try:
                objs.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f'{name}:{n}: invalid JSON ({e}): {line[:200]}')
    return objs, p.stdout


def compare(what, objs, want):
    """every successful lookup on the maps of want (id -> bpftool dump)
    against bpftool's element of the same key; every element once"""
    looked = {mid: {} for mid in want}
    for o in objs:
        if o.get('cmd') != 'BPF_MAP_LOOKUP_ELEM' or o.get('ret') != 0:
            continue
        mid = o.get('map', {}).get('id')
        if mid not in want:
            continue
        elem = {k: o[k] for k in ('key', 'value', 'values', 'formatted')
                if k in o}
        key = tuple(o.get('key', []))
        if key in looked[mid]:
            err(f'{what}: map {mid}: key {key} looked up twice')
        looked[mid][key] = elem
    for mid, elems in want.items():
        got = looked[mid]
        if len(got) != len(elems):
            err(f'{what}: map {mid}: {len(got)} lookups traced, bpftool '
                f'dumps {len(elems)} elements')
        for e in elems:
            g = got.get(tuple(e['key']))
            if g is None:
                err(f'{what}: map {mid}: key {e["key"]} never looked up')
            elif g != e:
                err(f'{what}: map {mid}: key {e["key"]}:\n'
                    f'  injtrace: {json.dumps(g, sort_keys=True)}\n'
                    f'  bpftool:  {json.dumps(e, sort_keys=True)}')
    return sum(len(v) for v in looked.values())


def main():
    injtrace, walk = sys.argv[1:3]
    tool = bpftool()
    fill = subprocess.Popen([walk, 'fill'], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        line = fill.stdout.readline()
        if not line:
            fill.stdin.close()
            rc = fill.wait(timeout=10)
            msg = fill.stderr.read().strip()
            if rc == 77:
                print(f'maps_walk fill: {msg}: skipped', file=sys.stderr)
                return 77
            print(f'maps_walk fill exited {rc}: {msg}', file=sys.stderr)
            return 1
        ids = [int(x) for x in line.split()]
        want = {mid: dump(tool, mid) for mid in ids}
        with tempfile.TemporaryDirectory() as d:
            objs, _ = traced(injtrace, [walk, 'walk', *map(str, ids)], d,
                             'walk')
            n = compare('maps_walk', objs, want)
            for mid in ids:
                objs, out = traced(injtrace, [tool, 'map', 'dump', '-j',
                                              'id', str(mid)], d, 'bpftool')
                # the traced bpftool printed the same dump as untraced
                if json.loads(out or 'null') != want[mid]:
                    err(f'bpftool under injtrace dumped map {mid} '
                        'differently')
                n += compare('bpftool', objs, {mid: want[mid]})
    finally:
        fill.stdin.close()
        fill.wait(timeout=10)
    if errors:
        print(f'{len(errors)} differences', file=sys.stderr)
        return 1
    print(f'{n} elements equal to bpftool\'s')
    return 0


if __name__ == '__main__':
    sys.exit(main())
