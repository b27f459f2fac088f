#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""json_check.py INJTRACE MAPS_CMDS MAPS_USER MAPS_HOLDER: --json output of
every map command (maps_cmds), of one fd number reused by two maps of
different BTF (maps_user reuse) and of a process that only received its
map over a socket (maps_holder scm, the issue's "done when").  Every line must be valid JSON, its keys in the
order of injtrace(1), JSON OUTPUT; map commands carry the "map" member; "key"/"value" are bpftool's
byte arrays of the map's sizes, and "formatted" must equal what bpftool
prints for those bytes with that BTF, computed here independently (the
bpftool differential test, bpftool_diff.py, checks against bpftool
itself).  Exit 77 when the programs may not use bpf()."""
import json
import os
import struct
import subprocess
import sys
import tempfile

# injtrace(1) "JSON OUTPUT": these keys, where present, in this order
SPEC_ORDER = ['ts', 'pid', 'tid', 'cmd', 'attr', 'map', 'key', 'value',
              'formatted', 'ret', 'errno']
MAP_ORDER = ['id', 'name', 'type', 'key_size', 'value_size', 'max_entries',
             'btf_id']
STATES = ['IDLE', 'RUNNING', 'SLEEPING']
errors = []


def err(msg):
    errors.append(msg)
    print('FAIL: ' + msg, file=sys.stderr)


def run(injtrace, *argv, launcher=()):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'trace')
        p = subprocess.run([*launcher, injtrace, '--json', '-s', '8', '-o',
                            out, *argv], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, timeout=60)
        if p.returncode == 77:
            print(f'{argv}: skipped: {p.stderr.strip()}', file=sys.stderr)
            sys.exit(77)
        if p.returncode:
            err(f'{argv} exited {p.returncode}: {p.stderr.strip()}')
        with open(out) as f:
            return f.read().splitlines()


def parse(lines, what):
    objs = []
    for n, line in enumerate(lines, 1):
        try:
            # object_pairs_hook keeps duplicates and order visible
            objs.append(json.loads(line, object_pairs_hook=list))
        except json.JSONDecodeError as e:
            err(f'{what}:{n}: invalid JSON ({e}): {line[:200]}')
    return objs


def check_order(pairs, order, where):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        err(f'{where}: duplicate keys {keys}')
    known = [k for k in keys if k in order]
    if known != sorted(known, key=order.index):
        err(f'{where}: keys out of the man page order: {keys}')
    return keys


def to_dict(pairs):
    """list-of-pairs JSON (object_pairs_hook=list) back to plain values"""
    if isinstance(pairs, list) and all(
            isinstance(p, tuple) and len(p) == 2 for p in pairs) and pairs:
        return {k: to_dict(v) for k, v in pairs}
    if isinstance(pairs, list):
        return [to_dict(v) for v in pairs]
    return pairs


def raw(hexes, size, where):
    if not isinstance(hexes, list) or len(hexes) != size or not all(
            isinstance(h, str) and len(h) == 4 and h.startswith('0x') and
            h == h.lower() for h in hexes):
        err(f'{where}: not {size} bytes as bpftool\'s "0xNN": {hexes}')
        return None
    return bytes(int(h, 16) for h in hexes)


def cstr(b):
    """bpftool's char[]: a string when NUL-terminated and printable"""
    s = b.split(b'\0', 1)[0]
    if b'\0' in b and all(0x20 <= c < 0x7f for c in s):
        return s.decode()
    return list(b)


def rec(b):
    pid, comm, addr, st, a, bb, nbytes = struct.unpack('<I8s4sIHhQ', b)
    return {'pid': pid, 'comm': cstr(comm), 'addr': list(addr),
            'st': STATES[st] if st < 3 else st, 'in': {'a': a, 'b': bb},
            'bytes': nbytes}


def alt(b):
    lo, hi, *tag = struct.unpack('<QQ4I', b)
    return {'lo': lo, 'hi': hi, 'tag': tag}


def u32(b):
    return struct.unpack('<I', b)[0]


def pair(b):
    hi, lo = struct.unpack('<HH', b)
    return {'hi': hi, 'lo': lo}


# map name -> (key decoder, value decoder); None: no BTF, no "formatted"
TYPES = {
    'cmds': (u32, rec), 'batch': (u32, rec), 'pcpu': (u32, u32),
    'first': (u32, rec), 'second': (pair, alt), 'held': (u32, rec),
}


def check_elem(e, m, where, percpu):
    """one element: {"key", "value"|"values", "formatted"} of map m"""
    dec = TYPES.get(m['name'])
    ks, vs = m['key_size'], m['value_size']
    key = raw(e['key'], ks, where + '.key') if 'key' in e else None
    want = {}
    if key is not None and dec:
        want['key'] = dec[0](key)
    if 'value' in e:
        val = raw(e['value'], vs, where + '.value')
        if val is not None and dec:
            want['value'] = dec[1](val)
    if 'values' in e:
        if not percpu:
            err(f'{where}: "values" on a map that is not per-CPU')
        vals = []
        for i, c in enumerate(e['values']):
            if list(c) != ['cpu', 'value'] or c['cpu'] != i:
                err(f'{where}: per-CPU entry {i} is {c}')
            v = raw(c.get('value'), vs, f'{where}.values[{i}]')
            if v is not None and dec:
                vals.append({'cpu': i, 'value': dec[1](v)})
        if dec:
            want['values'] = vals
    if percpu and 'value' in e:
        err(f'{where}: per-CPU map with a single "value"')
    if not dec:
        if 'formatted' in e:
            err(f'{where}: "formatted" for a map without BTF')
        return
    if want and e.get('formatted') != want:
        err(f'{where}: formatted\n  got:  {json.dumps(e.get("formatted"))}'
            f'\n  want: {json.dumps(want)}')


def check_call(pairs, where, seen):
    keys = check_order(pairs, SPEC_ORDER, where)
    o = to_dict(pairs)
    if keys[:4] != ['ts', 'pid', 'tid', 'cmd'] or keys[-2:] != ['ret',
                                                                 'errno']:
        err(f'{where}: want ts, pid, tid, cmd first, ret, errno last: '
            f'{keys}')
    cmd = o.get('cmd', '')
    if not cmd.startswith('BPF_MAP_') or cmd in ('BPF_MAP_CREATE',
                                                  'BPF_MAP_GET_FD_BY_ID',
                                                  'BPF_MAP_FREEZE'):
        return
    if o['ret'] < 0 and o['errno'] in ('EBADF', 'EINVAL'):
        return
    if 'map' not in o:
        err(f'{where}: {cmd} without "map"')
        return
    mpairs = dict(pairs)['map']
    if [k for k, _ in mpairs] != MAP_ORDER:
        err(f'{where}: "map" keys {[k for k, _ in mpairs]}, want {MAP_ORDER}')
    m = o['map']
    seen.append((cmd, m['name'], o))
    percpu = m['type'].startswith('percpu') or 'percpu' in m['type']
    lookup = 'LOOKUP' in cmd
    if cmd.endswith('_BATCH'):
        els = o.get('elements')
        if not isinstance(els, list):
            err(f'{where}: {cmd} without "elements"')
            return
        for i, e in enumerate(els):
            check_elem(e, m, f'{where}.elements[{i}]', percpu)
        return
    if lookup and o['ret'] < 0 and ('value' in o or 'values' in o):
        err(f'{where}: failed lookup shows a value the kernel did not '
            f'write')
    elem = o
    if cmd == 'BPF_MAP_GET_NEXT_KEY' and isinstance(o.get('formatted'), dict):
        # formatted.next_key is checked below; the rest is an element's
        elem = dict(o)
        elem['formatted'] = {k: v for k, v in o['formatted'].items()
                             if k != 'next_key'}
        if not elem['formatted']:
            del elem['formatted']
    check_elem(elem, m, where, percpu)
    if cmd == 'BPF_MAP_GET_NEXT_KEY' and o['ret'] == 0:
        # the key the kernel returned is a key the program touches: typed
        # in text (next_key=[7]) and so in JSON, under the attr's name
        dec = TYPES.get(m['name'])
        nk = raw(o.get('next_key'), m['key_size'], where + '.next_key')
        if dec and nk is not None:
            got = (o.get('formatted') or {}).get('next_key')
            if got != dec[0](nk):
                err(f'{where}: GET_NEXT_KEY: formatted.next_key is {got}, '
                    f'want {dec[0](nk)}')


def main():
    injtrace, cmds, user, holder = sys.argv[1:5]
    total = 0
    for argv in ([cmds], [user, 'reuse'], [user, 'scm', '@SOCK@']):
        launcher = (holder, 'scm', '--') if 'scm' in argv else ()
        lines = run(injtrace, *argv, launcher=launcher)
        label = ' '.join([os.path.basename(argv[0]), *argv[1:2]])
        objs = parse(lines, label)
        seen = []
        for n, pairs in enumerate(objs, 1):
            if [k for k, _ in pairs][:4] == ['ts', 'pid', 'tid', 'event']:
                continue    # a "+++ exited +++" record: tests/core
            check_call(pairs, f'{label}:{n}', seen)
        total += len(objs)
        names = [(c, n) for c, n, _ in seen]
        if argv == [cmds]:
            for want in [('BPF_MAP_LOOKUP_ELEM', 'cmds'),
                         ('BPF_MAP_LOOKUP_AND_DELETE_ELEM', 'cmds'),
                         ('BPF_MAP_UPDATE_BATCH', 'batch'),
                         ('BPF_MAP_LOOKUP_BATCH', 'batch'),
                         ('BPF_MAP_LOOKUP_AND_DELETE_BATCH', 'batch'),
                         ('BPF_MAP_DELETE_BATCH', 'batch'),
                         ('BPF_MAP_LOOKUP_ELEM', 'pcpu'),
                         ('BPF_MAP_UPDATE_ELEM', 'raw'),
                         ('BPF_MAP_DELETE_ELEM', 'raw')]:
                if want not in names:
                    err(f'no {want[0]} on map {want[1]} in the JSON trace')
            # the partial batch: ENOENT, its one element still there
            part = [o for c, n, o in seen if c == 'BPF_MAP_LOOKUP_BATCH'
                    and o['errno'] == 'ENOENT']
            if len(part) != 1 or len(part[0].get('elements', [])) != 1:
                err('partial LOOKUP_BATCH (ENOENT) must carry its 1 element')
        elif 'scm' in argv:
            # lookup, update, get_next_key, delete on "held", all typed
            want = ['BPF_MAP_LOOKUP_ELEM', 'BPF_MAP_UPDATE_ELEM',
                    'BPF_MAP_GET_NEXT_KEY', 'BPF_MAP_DELETE_ELEM']
            if names != [(c, 'held') for c in want]:
                err(f'scm: calls seen {names}, want {want} on "held"')
        else:
            # one fd number: first, second, second, first
            lk = [(c, n) for c, n in names if c != 'BPF_MAP_UPDATE_ELEM']
            if lk[-3:] != [('BPF_MAP_LOOKUP_ELEM', 'first'),
                           ('BPF_MAP_LOOKUP_ELEM', 'second'),
                           ('BPF_MAP_LOOKUP_ELEM', 'first')]:
                err(f'reuse: maps seen through the reused fd: {lk}')
    if errors:
        print(f'{len(errors)} failures in {total} JSON lines',
              file=sys.stderr)
        return 1
    print(f'{total} JSON lines checked')
    return 0


if __name__ == '__main__':
    sys.exit(main())
