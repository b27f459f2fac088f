# SPDX-License-Identifier: MIT
"""Walks an oracle tree (oracle.py) beside injtrace's JSON (parsed with
object_pairs_hook=list, floats kept as their text) or its parsed text
(textparse.py), and tallies every value checked and every mismatch by
form and kind.  A "limit" cut is accepted only in a value the generator
made to exceed the output bound (the "huge" maps)."""
import collections
from fractions import Fraction

from oracle import X87

# mantissa bits and minimum exponent of each float size
# (x87 on x86; binary128's 112 bits elsewhere, see oracle.py)
FLOAT_FMT = {2: (10, -14), 4: (23, -126), 8: (52, -1022),
             12: (63, -16382), 16: (63 if X87 else 112, -16382)}


def float_ok(printed, want, size):
    """printed (text) reads back as want: within half an ulp of it."""
    if isinstance(want, str):
        return printed == want
    try:
        got = Fraction(printed)
    except (ValueError, ZeroDivisionError):
        return False
    if want == 0:
        return got == 0
    mbits, emin = FLOAT_FMT[size]
    e = max(abs(want).numerator.bit_length() -
            abs(want).denominator.bit_length(), emin)
    while Fraction(2) ** e > abs(want):
        e -= 1
    e = max(e, emin)
    return abs(got - want) <= Fraction(2) ** (e - mbits) / 2


def short(v):
    if isinstance(v, Fraction):
        try:
            return '%.17g' % v
        except OverflowError:
            return '~2^%d' % (v.numerator.bit_length() -
                              v.denominator.bit_length())
    r = repr(v)
    return r if len(r) < 120 else r[:100] + '...'


class Tally:
    def __init__(self):
        self.checked = collections.Counter()     # form -> values
        self.kinds = collections.Counter()       # kind -> values (JSON)
        self.bad = collections.Counter()         # (form, kind) -> n
        self.limit_cuts = 0
        self.examples = []

    def result(self, form, kind, ok, path, got, want):
        self.checked[form] += 1
        if form == 'json':
            self.kinds[kind] += 1
        if not ok:
            self.bad[(form, kind)] += 1
            if self.bad[(form, kind)] <= 3:
                self.examples.append(f'{form} {kind} {path}: '
                                     f'{short(got)} != {short(want)}')
        return ok


class Obj(list):
    """A JSON object: its (name, value) pairs in order, duplicates kept."""


class Num(str):
    """A JSON number with a fraction or exponent, as printed."""


def load_json(line):
    import json
    return json.loads(line, object_pairs_hook=Obj, parse_float=Num)


def is_marker(pairs, why=None):
    return (isinstance(pairs, Obj) and len(pairs) == 1 and
            pairs[0][0] == '...' and (why is None or pairs[0][1] == why))


class JsonWalk:
    """JSON as parsed with object_pairs_hook=list, parse_float=str."""

    def __init__(self, tally, huge):
        self.t, self.huge = tally, huge

    def walk(self, want, got, path):
        t, kind = self.t, want[0]
        if kind == 'leaf':
            _, k, j, _txt = want
            same = got == j and type(got) is type(j)
            return t.result('json', k, same, path, got, j)
        if kind == 'float':
            _, k, v, size = want
            if isinstance(v, str):
                ok = got == v and not isinstance(got, Num)
            else:
                ok = (isinstance(got, (Num, int)) and
                      not isinstance(got, bool) and
                      float_ok(str(got), v, size))
            return t.result('json', k, ok, path, got, v)
        if kind == 'str':
            return t.result('json', 'string', got == want[1], path, got,
                            want[1])
        if kind == 'cut':
            return t.result('json', 'cut', is_marker(got, want[1]), path,
                            got, want)
        if kind == 'bad':
            return t.result('json', 'bad', got is None, path, got, None)
        if kind == 'obj':
            if not isinstance(got, Obj) or \
                    [n for n, _ in got] != [n for n, _ in want[1]]:
                return t.result('json', 'shape', False, path,
                                got if not isinstance(got, Obj) else
                                [n for n, _ in got],
                                [n for n, _ in want[1]])
            for (name, w), (_, g) in zip(want[1], got):
                self.walk(w, g, f'{path}.{name}')
            return True
        n, elem = want[1], want[2]
        if not isinstance(got, list) or isinstance(got, Obj):
            return t.result('json', 'shape', False, path, got, 'array')
        if got and is_marker(got[-1], 'limit') and self.huge:
            t.limit_cuts += 1
            got = got[:-1]
        elif len(got) != n:
            return t.result('json', 'shape', False, path, len(got), n)
        for i, g in enumerate(got):
            self.walk(elem(i), g, f'{path}[{i}]')
        return True


def inline(members):
    """Text puts an anonymous struct/union's members in its parent."""
    out = []
    for name, w in members:
        if name == '' and w[0] == 'obj':
            out.extend(inline(w[1]))
        elif name == '' and w[0] == 'cut':
            out.append((None, ('cutitem',)))
        else:
            out.append((name or None, w))
    return out


class TextWalk:
    def __init__(self, tally, huge):
        self.t, self.huge = tally, huge

    def walk(self, want, got, path):
        t, kind = self.t, want[0]
        if kind == 'leaf':
            _, k, _j, txt = want
            tok = got[1] if got[0] in ('tok', 'char') else got
            return t.result('text', k, tok == txt, path, got, txt)
        if kind == 'float':
            _, k, v, size = want
            ok = got[0] == 'tok' and float_ok(got[1], v, size)
            return t.result('text', k, ok, path, got, v)
        if kind == 'str':
            return t.result('text', 'string', got == want, path, got, want)
        if kind in ('cut', 'cutitem'):
            return t.result('text', 'cut', got == ('more',), path, got,
                            '...')
        if kind == 'bad':
            return t.result('text', 'bad', got == ('bad',), path, got, '?')
        if kind == 'obj':
            want_items = inline(want[1])
            if got[0] != 'obj' or [n for n, _ in got[1]] != \
                    [n for n, _ in want_items]:
                return t.result('text', 'shape', False, path,
                                [n for n, _ in got[1]] if got[0] == 'obj'
                                else got, [n for n, _ in want_items])
            for (name, w), (_, g) in zip(want_items, got[1]):
                self.walk(w, g, f'{path}.{name}')
            return True
        n, elem = want[1], want[2]
        if got[0] != 'arr':
            return t.result('text', 'shape', False, path, got, 'array')
        items = got[1]
        if items and items[-1] == ('more',) and self.huge:
            t.limit_cuts += 1
            items = items[:-1]
        elif len(items) != n:
            return t.result('text', 'shape', False, path, len(items), n)
        for i, g in enumerate(items):
            self.walk(elem(i), g, f'{path}[{i}]')
        return True
