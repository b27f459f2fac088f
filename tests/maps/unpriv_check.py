#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""unpriv_check.py INJTRACE MAPS_DAEMON MODE: injtrace with no privilege
on a daemon that made its BTF maps as root and dropped to the same
unprivileged uid (maps_daemon.c).  injtrace runs under
"setpriv --reuid --regid --clear-groups --inh-caps=-all --bounding-set=-all":
no CAP_BPF, CAP_SYS_ADMIN or CAP_PERFMON, and neither has the daemon.

  trace  "injtrace -p": every lookup of dm_hash printed typed, no note
         (the BTF comes through the daemon's own BTF fd);
  nobtf  the daemon closed its BTF fd: bytes, and the note names every
         way tried;
  leader the daemon's main thread exits (a zombie leader, which cannot
         be seized) while its churn thread runs on: "injtrace -p" traces
         that thread, every update of dm_churn typed, no note;
  getfd  the same two with --btf=getfd: typed through the daemon's BTF
         fd copied with pidfd_getfd; without it, bytes and the note;
  dump   "injtrace --dump --json -p": each map equals "bpftool map dump
         id N -j" (run as root) element for element: hash, array,
         per-CPU hash, hash of maps; the ringbuf listed with a reason;
         dm_churn (changed by a second thread while it is dumped): every
         element consistent (value = key * 3), no key twice; the daemon
         keeps working after the detach and exits 0;
  big    a hash of 1,000,000 elements dumped whole (text) by an injtrace
         whose peak memory stays under 32 MiB: streamed; figures printed;
  death  the daemon SIGKILLed in the middle of that dump: injtrace ends
         it with "exited during the dump", status 1, no hang;
  sigint injtrace SIGINTed in the middle of that dump: status 1, and the
         daemon is left as it was (not stopped, not traced, no scratch
         mapping) and keeps working.
Exit 77 without root, bpf(), setpriv or bpftool."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

UID = 65534
errors = []
noted = []      # bpftool's inner_map_id seen (bpftool_dump)


def err(msg):
    errors.append(msg)
    print('FAIL: ' + msg, file=sys.stderr)


def skip(msg):
    print(msg + ': skipped', file=sys.stderr)
    sys.exit(77)


def unpriv(argv):
    return ['setpriv', f'--reuid={UID}', f'--regid={UID}',
            '--clear-groups', '--inh-caps=-all', '--bounding-set=-all',
            *argv]


# dm_big's elements: INJTRACE_TEST_SCALE percent of 1,000,000
# (tests/common/scale.sh), at least 200,000: held rather than streamed,
# their bytes alone would be four times the growth check_big allows
def scaled(n, least):
    scale = os.environ.get('INJTRACE_TEST_SCALE', '100')
    if not scale.isdigit() or not 1 <= int(scale) <= 100:
        sys.exit(f'INJTRACE_TEST_SCALE={scale}: not a percentage (1-100)')
    return max(least, n * int(scale) // 100)


BIG = scaled(1000000, 200000)
SCRATCH = '2f00000000-'


def start_daemon(daemon, d, extra):
    ready = os.path.join(d, 'ready')
    p = subprocess.Popen([daemon, ready, str(UID), *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    ids = {}
    for line in p.stdout:
        name, mid = line.split()
        ids[name] = int(mid)
        if name == ('dm_big' if extra and extra[0].startswith('big=')
                    else 'dm_churn'):
            break
    for _ in range(1200):
        if os.path.exists(ready) or p.poll() is not None:
            break
        time.sleep(0.05)
    if not os.path.exists(ready):
        p.kill()
        rc = p.wait()
        msg = p.stderr.read().strip()
        if rc == 77:
            skip(f'maps_daemon: {msg}')
        sys.exit(f'maps_daemon exited {rc} before being ready: {msg}')
    return p, ids


def stop_daemon(p):
    if p.poll() is not None:
        err(f'the daemon died under injtrace (status {p.returncode})')
        return
    p.terminate()
    rc = p.wait(timeout=10)
    if rc:
        err(f'the daemon exited {rc} after the detach (want 0): '
            f'{p.stderr.read().strip()}')


def trace(injtrace, daemon, d, extra, opts=(), what='BPF_MAP_LOOKUP_ELEM'):
    p, _ = start_daemon(daemon, d, extra)
    out = os.path.join(d, 'trace')
    if os.path.exists(out):
        os.unlink(out)      # a trace of before: its lines are no sign
    try:
        t = subprocess.Popen(unpriv([injtrace, *opts, '-o', out, '-p',
                                     str(p.pid)]),
                             stderr=subprocess.PIPE, text=True)
        lookups = []
        for _ in range(200):
            time.sleep(0.05)
            if t.poll() is not None:
                break
            with open(out) if os.path.exists(out) else open(os.devnull) \
                    as f:
                lookups = [x for x in f if what in x]
            if len(lookups) >= 5:
                break
        t.send_signal(2)
        rc = t.wait(timeout=20)
        if rc:
            err(f'injtrace -p exited {rc}: {t.stderr.read().strip()}')
    finally:
        stop_daemon(p)
    with open(out) as f:
        lookups = [x.rstrip() for x in f if what in x]
    if len(lookups) < 5:
        err(f'{len(lookups)} {what} traced, want at least 5')
    return lookups


def check_trace(injtrace, daemon, d, opts=()):
    want = ('value={pid=1007, comm="odd", addr=[10, 0, 0, 7], '
            'st=RUNNING, in={a=7, b=-7}, bytes=30064771072}')
    for line in trace(injtrace, daemon, d, [], opts):
        if want not in line or 'key=[7]' not in line or '/*' in line:
            err(f'not typed: {line}')


def check_leader(injtrace, daemon, d):
    """The daemon's main thread exits; its churn thread goes on updating
    dm_churn (value = key * 3).  The zombie leader cannot be seized: the
    thread is traced, typed, through its own /proc files."""
    n = 0
    for line in trace(injtrace, daemon, d, ['leader_exits'],
                      what='BPF_MAP_UPDATE_ELEM'):
        m = re.search(r'<map:dm_churn>, key=\[(\d+)\], value=\[(\d+)\]',
                      line)
        if not m or int(m.group(2)) != 3 * int(m.group(1)) or '/*' in line:
            err(f'not typed: {line}')
        n += 1
    print(f'leader exited: {n} updates of its thread traced, typed')


def check_nobtf(injtrace, daemon, d, opts=()):
    for line in trace(injtrace, daemon, d, ['nobtf'], opts):
        if ('key="\\x07\\x00\\x00\\x00"' not in line or
                'needs CAP_SYS_ADMIN' not in line or
                'by injtrace: Operation not permitted' not in line or
                'its BTF fds: none of that id' not in line):
            err(f'not bytes with the note of what was tried: {line}')


def check_getfd(injtrace, daemon, d):
    check_trace(injtrace, daemon, d, ['--btf=getfd'])
    check_nobtf(injtrace, daemon, d, ['--btf=getfd'])


def bpftool_dump(tool, mid):
    p = subprocess.run([tool, 'map', 'dump', '-j', 'id', str(mid)],
                       capture_output=True, text=True, timeout=30)
    if p.returncode:
        skip(f'bpftool map dump id {mid}: {p.stderr.strip()}')
    elems = json.loads(p.stdout)
    # A newer bpftool (trixie's, in the riscv64 guest; bookworm's 7.1 has
    # none) adds to each element of a map of maps "inner_map_id", the
    # value read as a u32, which injtrace shows as the value's bytes as 7.1
    # does: checked against the value, then left out of the comparison.
    for e in elems:
        if isinstance(e, dict) and 'inner_map_id' in e:
            got = int.from_bytes(bytes(int(b, 16) for b in e['value']),
                                 'little')
            if got != e['inner_map_id']:
                err(f'map {mid}: bpftool\'s inner_map_id '
                    f'{e["inner_map_id"]} is not the value {got}')
            del e['inner_map_id']
            if not noted:
                noted.append(mid)
                print('this bpftool adds inner_map_id to the elements of a '
                      'map of maps: checked equal to the value, then not '
                      'compared')
    return elems


def check_dump(injtrace, daemon, d):
    tool = shutil.which('bpftool') or '/usr/sbin/bpftool'
    if not os.access(tool, os.X_OK):
        skip('no bpftool')
    p, ids = start_daemon(daemon, d, [])
    try:
        want = {n: bpftool_dump(tool, ids[n]) for n in
                ('dm_hash', 'dm_array', 'dm_percpu', 'dm_outer',
                 'dm_inner_a')}
        r = subprocess.run(unpriv([injtrace, '--dump', '--json', '-p',
                                   str(p.pid)]),
                           capture_output=True, text=True, timeout=60)
        if r.returncode:
            err(f'injtrace --dump exited {r.returncode}: '
                f'{r.stderr.strip()}')
        time.sleep(0.1)
    finally:
        stop_daemon(p)
    got = {}
    for n, line in enumerate(r.stdout.splitlines(), 1):
        try:
            o = json.loads(line)
        except json.JSONDecodeError as e:
            err(f'line {n}: invalid JSON ({e}): {line[:200]}')
            continue
        got[o.get('name')] = o
        if o.get('pid') != p.pid:
            err(f'{o.get("name")}: pid {o.get("pid")}, want {p.pid}')
    for name, elems in want.items():
        o = got.get(name)
        if o is None:
            err(f'{name} not dumped')
            continue
        if o.get('id') != ids[name]:
            err(f'{name}: id {o.get("id")}, want {ids[name]}')
        g = o.get('elements')
        if g != elems:
            err(f'{name}: elements differ from bpftool\'s:\n'
                f'  injtrace: {json.dumps(g)[:600]}\n'
                f'  bpftool:  {json.dumps(elems)[:600]}')
    ring = got.get('dm_ring', {})
    if 'elements' in ring or not ring.get('error'):
        err(f'dm_ring: want no elements and a reason: {ring}')
    churn = got.get('dm_churn', {}).get('elements')
    if not churn:
        err('dm_churn: no elements dumped')
        churn = []
    keys = set()
    for e in churn:
        k, v = e['formatted']['key'], e['formatted']['value']
        if k in keys:
            err(f'dm_churn: key {k} dumped twice')
        keys.add(k)
        if v != k * 3:
            err(f'dm_churn: key {k} has value {v}, want {k * 3}')
    print(f'{sum(len(v) for v in want.values())} elements equal to '
          f'bpftool\'s, {len(churn)} of a changing map consistent')


def big_dump(injtrace, pid):
    """the text dump of dm_big, started; its stdout a pipe"""
    return subprocess.Popen(unpriv([injtrace, '--dump', '-e', 'map=dm_big',
                                    '-p', str(pid)]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def vm_hwm(pid):
    """the peak RSS (KiB) of a running process since its exec"""
    with open(f'/proc/{pid}/status', 'rb', buffering=0) as f:
        text = f.read(65536).decode()
    return int(re.search(r'^VmHWM:\s*(\d+) kB', text, re.M).group(1))


def check_big(injtrace, daemon, d):
    """dm_big dumped whole, every element checked (value = key * 3).
    injtrace's peak RSS is read from its /proc status while it runs, 5000
    lines after the start and 5000 before the end (more than a pipe and
    a read buffer hold: it is still writing), not from wait4: that figure
    is at least what the forked python had before the exec."""
    p, _ = start_daemon(daemon, d, [f'big={BIG}'])
    early = late = None
    try:
        t0 = time.monotonic()
        t = big_dump(injtrace, p.pid)
        keys = 0
        for line in t.stdout:
            if line.startswith('\tkey=['):
                k = int(line[6:line.index(']')])
                v = int(line[line.index('value=[') + 7:].rstrip()[:-1])
                keys += 1
                if v != k * 3:
                    err(f'dm_big: key {k} value {v}, want {k * 3}')
                if keys in (5000, BIG - 5000):
                    try:
                        hwm = vm_hwm(t.pid)
                    except (OSError, AttributeError):
                        hwm = None
                    early, late = (hwm, late) if keys == 5000 else \
                        (early, hwm)
        t.wait()
        secs = time.monotonic() - t0
        if t.returncode:
            err(f'injtrace --dump exited {t.returncode}: '
                f'{t.stderr.read().strip()}')
    finally:
        stop_daemon(p)
    if keys != BIG:
        err(f'dm_big: {keys} elements dumped, want {BIG}')
    if early is None or late is None:
        err(f'injtrace\'s VmHWM not read while it dumped: {early}, {late}')
        return
    if late > 32 * 1024:
        err(f'injtrace peak memory {late} KiB for {BIG} elements')
    # streamed: nothing held per element; held, the elements' 12 bytes
    # each (2.2 MiB for 200,000) would be there at the end
    if late - early > BIG * 12 // 1024 // 4:
        err(f'injtrace peak memory {early} KiB after 5000 elements, '
            f'{late} KiB after {BIG - 5000}: grows with the dump')
    print(f'{keys} elements in {secs:.2f} s, injtrace peak RSS '
          f'{early} KiB after 5000, {late} KiB after {BIG - 5000}')


def left_as_it_was(pid):
    with open(f'/proc/{pid}/status') as f:
        status = dict(x.split(':', 1) for x in f if ':' in x)
    state = status['State'].split()[0]
    if state in 'tT':
        err(f'the daemon is left stopped (State {status["State"].strip()})')
    if status['TracerPid'].strip() != '0':
        err(f'the daemon is still traced by {status["TracerPid"].strip()}')
    with open(f'/proc/{pid}/maps') as f:
        if any(x.startswith(SCRATCH) for x in f):
            err('the scratch area is left in the daemon')


def check_cut(injtrace, daemon, d, how):
    p, _ = start_daemon(daemon, d, [f'big={BIG}'])
    try:
        t = big_dump(injtrace, p.pid)
        for n, _ in enumerate(t.stdout):
            if n == 1000:
                break
        if how == 'death':
            # reaped once injtrace, its tracer, has seen it die
            p.kill()
        else:
            t.send_signal(2)
        t.stdout.read()
        try:
            rc = t.wait(timeout=30)
        except subprocess.TimeoutExpired:
            t.kill()
            err(f'injtrace did not end after the {how}')
            return
        msg = t.stderr.read().strip()
        if rc != 1:
            err(f'injtrace exited {rc} after the {how} (want 1): {msg}')
        if how == 'death' and 'exited during the dump' not in msg:
            err(f'no "exited during the dump" message: {msg!r}')
        if how == 'sigint':
            left_as_it_was(p.pid)
        else:
            p.wait(timeout=10)
    finally:
        if p.poll() is None:
            stop_daemon(p)
    print(f'{how}: {msg}')


def main():
    injtrace, daemon, mode = sys.argv[1:4]
    if os.geteuid() != 0:
        skip('not root: cannot make the daemon drop to another uid')
    if not shutil.which('setpriv'):
        skip('no setpriv')
    with tempfile.TemporaryDirectory() as d:
        os.chmod(d, 0o777)
        if mode in ('death', 'sigint'):
            check_cut(injtrace, daemon, d, mode)
        else:
            {'trace': check_trace, 'nobtf': check_nobtf, 'dump': check_dump,
             'big': check_big, 'getfd': check_getfd,
             'leader': check_leader}[mode](injtrace, daemon, d)
    if errors:
        print(f'{len(errors)} failures', file=sys.stderr)
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
