#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""dump_check.py INJTRACE MAPS_DAEMON MODE: "injtrace --dump" of the
daemon of unpriv_check.py (BTF maps made as root, then dropped to an
unprivileged uid), run by that uid with no capability.

  kinds  every map kind the daemon holds: the JSON elements of each map
         bpftool can walk equal "bpftool map dump id N -j" (run as root):
         hash, array, a .data map (DATASEC value, no key type), per-CPU
         hash and array, LRU and LRU per-CPU hash
         (a 2-byte value in 8-byte slots), hash and array of maps, an LPM
         trie without BTF, a prog array (the prog's id); the ring buffer,
         perf event array and queue listed with a reason and no elements;
         and the text dump shows the same elements as the JSON one, value
         for value (typed, bytes, ids);
  pids   two daemons, "-p A -p B" with "-e map=dm_hash,#ID": each selected
         map of each process once, in that order, equal to bpftool's, no
         other map; text the same.
  leader the daemon's main thread exits (a zombie leader, whose
         /proc/PID/fd is empty) while another thread runs on: the dump
         still lists every map and reads them (through a live thread).
Exit 77 without root, bpf(), setpriv or bpftool."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'btf_diff'))
import textparse  # noqa: E402
import unpriv_check as uc  # noqa: E402

# the maps bpftool walks, and those listed without elements
WALKED = ('dm_hash', 'dm_array', 'dm_percpu', 'dm_inner_a', 'dm_outer',
          'dm_data', 'dm_pcarray', 'dm_lru', 'dm_lrupc', 'dm_aom', 'dm_lpm', 'dm_progs')
LISTED = ('dm_ring', 'dm_perf', 'dm_queue')
# u32 index keys and ids read back (text: [0], [id]; JSON: the bytes)
ID_VALUES = ('dm_aom', 'dm_progs')
HEAD = re.compile(r'pid (\d+) fd \d+<map:(\w+)>: id=(\d+),')


def bpftool():
    tool = shutil.which('bpftool') or '/usr/sbin/bpftool'
    if not os.access(tool, os.X_OK):
        uc.skip('no bpftool')
    return tool


def run_dump(injtrace, args):
    r = subprocess.run(uc.unpriv([injtrace, '--dump', *args]),
                       capture_output=True, text=True, timeout=120)
    if r.returncode:
        uc.err(f'injtrace --dump {" ".join(args)} exited {r.returncode}: '
               f'{r.stderr.strip()}')
    return r.stdout


def json_maps(out):
    maps = []
    for n, line in enumerate(out.splitlines(), 1):
        try:
            maps.append(json.loads(line))
        except json.JSONDecodeError as e:
            uc.err(f'line {n}: invalid JSON ({e}): {line[:200]}')
    return maps


def text_maps(out):
    """[(pid, name, id, [(key node, value node)], last line)]"""
    maps = []
    for line in out.splitlines():
        m = HEAD.match(line)
        if m:
            maps.append((int(m[1]), m[2], int(m[3]), [], None))
        elif line.startswith('\tkey=') and maps:
            p = textparse.Parser(line, 5)
            try:
                key = p.value()
                p.eat(', value=')
                maps[-1][3].append((key, p.value()))
            except (ValueError, IndexError) as e:
                uc.err(f'text element not parsed ({e}): {line}')
        elif line.startswith('\t/*') and maps:
            maps[-1] = maps[-1][:4] + (line.strip(),)
        else:
            uc.err(f'unexpected text line: {line}')
    return maps


def plain(node):
    """A text value as the JSON "formatted" one would be."""
    kind = node[0]
    if kind == 'obj':
        return {k: plain(v) for k, v in node[1]}
    if kind == 'arr':
        return [plain(v) for v in node[1]]
    if kind == 'str':
        return node[1]
    if kind == 'tok':
        return int(node[1], 0) if re.fullmatch(r'-?\d+', node[1]) \
            else node[1]
    return node


def hexbytes(b):
    return ['0x%02x' % x for x in b]


def text_as_json(name, key, value):
    """One text element in the shape of the JSON one: typed values as
    "formatted", byte strings (forced hex) and ids as hex arrays."""
    def raw(node):
        if node[0] != 'str':
            return None
        return hexbytes(ord(c) for c in node[1])

    if name in ID_VALUES:
        out = {'key': hexbytes(plain(key)[0].to_bytes(4, 'little'))}
    elif key[0] == 'str':
        out = {'key': raw(key)}
    else:
        k = plain(key)
        out = {'key': k[0] if isinstance(k, list) and len(k) == 1 else k}
    if name in ID_VALUES:
        v = plain(value)
        out['value'] = hexbytes(v[0].to_bytes(4, 'little'))
    elif value[0] == 'str':
        out['value'] = raw(value)
    else:
        v = plain(value)
        if isinstance(v, list) and v and isinstance(v[0], dict) and \
                'cpu' in v[0]:
            out['values'] = [{'cpu': e['cpu'], 'value': e['v']} for e in v]
        else:
            out['value'] = v[0] if isinstance(v, list) and len(v) == 1 \
                and not isinstance(v[0], (list, dict)) else v
    return out


def datasec_as_text(v):
    """{".data": [{"a": 1}, {"b": 2}]} (bpftool's DATASEC) -> {a=1, b=2}"""
    if isinstance(v, dict) and len(v) == 1:
        (name, members), = v.items()
        if name.startswith('.') and isinstance(members, list):
            return {k: x for m in members for k, x in m.items()}
    return v


def json_as_text(e):
    """What of a JSON element the text shows: "formatted" when typed (a
    key without a type as bytes)."""
    if 'formatted' not in e:
        return {k: e[k] for k in ('key', 'value', 'values') if k in e}
    f = dict(e['formatted'])
    if 'value' in f:
        f['value'] = datasec_as_text(f['value'])
    return {'key': e['key'], **f} if 'key' not in f else f


def check_text(name, tmap, jmap):
    got = [text_as_json(name, k, v) for k, v in tmap[3]]
    want = [json_as_text(e) for e in jmap.get('elements', [])]
    if got != want:
        uc.err(f'{name}: text elements differ from JSON ones:\n'
               f'  text: {json.dumps(got)[:600]}\n'
               f'  json: {json.dumps(want)[:600]}')
    n = f'{len(want)} element' + ('' if len(want) == 1 else 's')
    if f'/* {n} */' != tmap[4] and 'elements' in jmap:
        uc.err(f'{name}: text ends with {tmap[4]!r}, want {len(want)} '
               f'elements')
    if 'error' in jmap and tmap[4] != f'/* not read: {jmap["error"]} */':
        uc.err(f'{name}: text ends with {tmap[4]!r}, JSON error '
               f'{jmap["error"]!r}')


def compare(tool, ids, names, got, where):
    for name in names:
        want = uc.bpftool_dump(tool, ids[name])
        o = got.get(name)
        if o is None:
            uc.err(f'{where}{name} not dumped')
        elif o.get('elements') != want:
            uc.err(f'{where}{name}: elements differ from bpftool\'s:\n'
                   f'  injtrace: {json.dumps(o.get("elements"))[:600]}\n'
                   f'  bpftool:  {json.dumps(want)[:600]}')


def check_kinds(injtrace, daemon, d):
    tool = bpftool()
    p, ids = uc.start_daemon(daemon, d, [])
    try:
        names = WALKED + LISTED
        sel = ['-e', 'map=' + ','.join(names)]
        jout = run_dump(injtrace, ['--json', *sel, '-p', str(p.pid)])
        tout = run_dump(injtrace, [*sel, '-p', str(p.pid)])
        got = {o['name']: o for o in json_maps(jout)}
        compare(tool, ids, WALKED, got, '')
    finally:
        uc.stop_daemon(p)
    for name in LISTED:
        o = got.get(name, {})
        if 'elements' in o or not o.get('error'):
            uc.err(f'{name}: want no elements and a reason: {o}')
    text = {m[1]: m for m in text_maps(tout)}
    for name in names:
        if name not in text or name not in got:
            uc.err(f'{name}: not in the text dump')
            continue
        check_text(name, text[name], got[name])
    print(f'{len(WALKED)} maps equal to bpftool\'s, '
          f'{sum(len(got.get(n, {}).get("elements", [])) for n in WALKED)} '
          f'elements, text equal to JSON; {len(LISTED)} listed with a '
          f'reason')


def check_pids(injtrace, daemon, d):
    tool = bpftool()
    da, db = os.path.join(d, 'a'), os.path.join(d, 'b')
    for x in (da, db):
        os.mkdir(x)
        os.chmod(x, 0o777)
    a, ids_a = uc.start_daemon(daemon, da, [])
    try:
        b, ids_b = uc.start_daemon(daemon, db, [])
        try:
            # dm_lpm of b by its id, dm_hash of both by name
            sel = ['-e', f'map=dm_hash,#{ids_b["dm_lpm"]}']
            pids = ['-p', str(a.pid), '-p', str(b.pid)]
            jout = run_dump(injtrace, ['--json', *sel, *pids])
            tout = run_dump(injtrace, [*sel, *pids])
            maps = json_maps(jout)
            order = [(o.get('pid'), o.get('name')) for o in maps]
            want = [(a.pid, 'dm_hash'), (b.pid, 'dm_hash'),
                    (b.pid, 'dm_lpm')]
            if order != want:
                uc.err(f'dumped {order}, want {want}')
            for pid, ids in ((a.pid, ids_a), (b.pid, ids_b)):
                got = {o['name']: o for o in maps if o['pid'] == pid}
                compare(tool, ids, got.keys(), got, f'pid {pid}: ')
            torder = [(m[0], m[1]) for m in text_maps(tout)]
            if torder != want:
                uc.err(f'text dumped {torder}, want {want}')
        finally:
            uc.stop_daemon(b)
    finally:
        uc.stop_daemon(a)
    print(f'{len(maps)} maps of 2 processes, as selected')


def state(pid):
    with open(f'/proc/{pid}/status') as f:
        status = f.read()       # one read: a torn one could miss State
    return status.split('State:', 1)[1].split()[0]


def check_leader(injtrace, daemon, d):
    tool = bpftool()
    p, ids = uc.start_daemon(daemon, d, ['leader_exits'])
    try:
        for _ in range(1200):
            if state(p.pid) == 'Z':
                break
            time.sleep(0.05)
        else:
            uc.err(f'the daemon\'s leader is {state(p.pid)}, not a zombie')
        got = {o['name']: o for o in
               json_maps(run_dump(injtrace, ['--json', '-p', str(p.pid)]))}
        compare(tool, ids, ('dm_hash', 'dm_percpu', 'dm_lpm'), got, '')
        if sorted(got) != sorted(ids):
            uc.err(f'dumped {sorted(got)}, want {sorted(ids)}')
    finally:
        uc.stop_daemon(p)
    print(f'zombie leader: {len(got)} maps of {len(ids)} dumped')


def main():
    injtrace, daemon, mode = sys.argv[1:4]
    if os.geteuid() != 0:
        uc.skip('not root: cannot make the daemon drop to another uid')
    if not shutil.which('setpriv'):
        uc.skip('no setpriv')
    with tempfile.TemporaryDirectory() as d:
        os.chmod(d, 0o777)
        {'kinds': check_kinds, 'pids': check_pids,
         'leader': check_leader}[mode](injtrace, daemon, d)
    if uc.errors:
        print(f'{len(uc.errors)} failures', file=sys.stderr)
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
