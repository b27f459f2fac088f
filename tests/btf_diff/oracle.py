# SPDX-License-Identifier: MIT
"""The differential test's oracle: reads a raw BTF blob and the bytes of a
value by the BTF's rules, written here from the format's definition
(kernel Documentation/bpf/btf.rst), not from injtrace's renderer, and
returns what the value is, as a tree:

  ("obj", [(name, node), ...])     struct or union, members in order
  ("arr", n, elem(i) -> node)       array, elements made on demand
  ("str", text)                    char[] printable up to a NUL
  ("leaf", kind, json, text)       a scalar: its JSON value and text token
  ("float", kind, value, size)      value: Fraction, or "nan"/"inf"/"-inf"
  ("cut", why)                     past the nesting bound ("depth")
  ("bad",)                         no data layout (void, func...)

Rules kept on purpose where bpftool 7.1 differs (docs/rendering.md): an
enum is named only by an enumerator equal to its value in its own
signedness; bitfields and odd-width ints are raw bits "0x.." in JSON and
their C value in text; a BTF_INT_CHAR int is its first byte; x87 long
doubles are read as the FPU reads them.

A 12- or 16-byte float is the long double of the arch the test runs on,
as for injtrace (tracer and tracee share it): x87 on x86; IEEE binary128
on aarch64 and riscv64, where 12 bytes is no float at all ("bad")."""
import platform
import struct
from fractions import Fraction

INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, \
    RESTRICT, FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, \
    ENUM64 = range(1, 20)
MODS = (TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG)
SIGNED, CHAR, BOOL = 1, 2, 4
MAX_DEPTH = 48


class Type:
    def __init__(self, kind, name, size_type, vlen, kflag):
        self.kind, self.name, self.st = kind, name, size_type
        self.vlen, self.kflag = vlen, kflag
        self.extra = None


class Btf:
    def __init__(self, blob):
        magic, _ver, _fl, hdr_len, toff, tlen, soff, slen = \
            struct.unpack_from('<HBBIIIII', blob)
        assert magic == 0xeb9f, 'not BTF'
        strs = blob[hdr_len + soff:hdr_len + soff + slen]
        self.types = [Type(0, '', 0, 0, 0)]    # id 0: void

        def name(off):
            return strs[off:strs.index(b'\0', off)].decode()
        pos, end = hdr_len + toff, hdr_len + toff + tlen
        while pos < end:
            noff, info, st = struct.unpack_from('<III', blob, pos)
            pos += 12
            kind, vlen, kflag = (info >> 24) & 0x1f, info & 0xffff, info >> 31
            t = Type(kind, name(noff), st, vlen, kflag)
            if kind == INT:
                (d,) = struct.unpack_from('<I', blob, pos)
                t.extra = ((d >> 24) & 0xf, (d >> 16) & 0xff, d & 0xff)
                pos += 4
            elif kind == ARRAY:
                t.extra = struct.unpack_from('<III', blob, pos)
                pos += 12
            elif kind in (STRUCT, UNION):
                t.extra = [(name(n), ty, off) for n, ty, off in
                           struct.iter_unpack('<III',
                                              blob[pos:pos + 12 * vlen])]
                pos += 12 * vlen
            elif kind == ENUM:
                t.extra = [(name(n), v) for n, v in struct.iter_unpack(
                    '<II', blob[pos:pos + 8 * vlen])]
                pos += 8 * vlen
            elif kind == ENUM64:
                t.extra = [(name(n), lo | hi << 32) for n, lo, hi in
                           struct.iter_unpack('<III',
                                              blob[pos:pos + 12 * vlen])]
                pos += 12 * vlen
            elif kind in (FUNC_PROTO,):
                pos += 8 * vlen
            elif kind in (VAR, DECL_TAG):
                pos += 4
            elif kind == DATASEC:
                pos += 12 * vlen
            self.types.append(t)

    def skip(self, tid, typedefs=True):
        t = self.types[tid]
        while t.kind in MODS and (typedefs or t.kind != TYPEDEF):
            t = self.types[t.st]
        return t

    def size(self, tid):
        t = self.skip(tid)
        if t.kind == PTR:
            return 8
        if t.kind == ARRAY:
            return t.extra[2] * self.size(t.extra[0])
        if t.kind in (INT, STRUCT, UNION, ENUM, ENUM64, FLOAT):
            return t.st
        return 0

    def is_scalar(self, tid):
        return self.skip(tid).kind in (INT, PTR, ENUM, ENUM64, FLOAT)


def bits_at(data, off, bit, n):
    """n bits from bit `bit` of byte off, least significant first (LE)."""
    raw = int.from_bytes(data[off:off + (bit + n + 7) // 8], 'little')
    return (raw >> bit) & ((1 << n) - 1)


def sext(v, n):
    return v - (1 << n) if n and v >> (n - 1) & 1 else v


def text_char(c):
    if 0x20 <= c < 0x7f and chr(c) not in "'\\":
        return "'%s'" % chr(c)
    return "'\\x%02x'" % c


def enum_value(t, raw, nbits):
    """(json, text) of an enum's value: the equal enumerator, or the
    number, in the enum's signedness (kflag)."""
    v = sext(raw, nbits) if t.kflag else raw
    width = 64 if t.kind == ENUM64 else 32
    for name, ev in t.extra:
        if (sext(ev, width) if t.kflag else ev) == v:
            return name, name
    return v, str(v)


def ieee(raw, ebits, mbits):
    sign = raw >> (ebits + mbits)
    exp = (raw >> mbits) & ((1 << ebits) - 1)
    mant = raw & ((1 << mbits) - 1)
    bias = (1 << (ebits - 1)) - 1
    if exp == (1 << ebits) - 1:
        return 'nan' if mant else ('-inf' if sign else 'inf')
    if exp:
        mant |= 1 << mbits
    v = Fraction(mant) * Fraction(2) ** (max(exp, 1) - bias - mbits)
    return -v if sign else v


def x87(b):
    """As the FPU loads it: pseudo-denormals have the denormal exponent;
    unnormals, pseudo-infinities and pseudo-NaNs are invalid (its NaN)."""
    mant = int.from_bytes(b[:8], 'little')
    se = int.from_bytes(b[8:10], 'little')
    sign, exp, j = se >> 15, se & 0x7fff, mant >> 63
    if exp == 0x7fff:
        if not j or mant << 1 & (1 << 64) - 1:
            return 'nan'
        return '-inf' if sign else 'inf'
    if exp and not j:
        return 'nan'
    v = Fraction(mant) * Fraction(2) ** (max(exp, 1) - 16383 - 63)
    return -v if sign else v


# The machine's long double: x87 (x86) or IEEE binary128 (aarch64, riscv64).
X87 = platform.machine() in ('x86_64', 'i386', 'i486', 'i586', 'i686')


def float_kind(data, off, size):
    """float/SIZE, x87 encodings the FPU treats apart marked."""
    kind = 'float/%d' % size
    if size in (12, 16) and X87:
        mant = int.from_bytes(data[off:off + 8], 'little')
        exp = int.from_bytes(data[off + 8:off + 10], 'little') & 0x7fff
        if exp == 0 and mant >> 63:
            kind += '/pseudo-denormal'
        elif exp and not mant >> 63:
            kind += '/invalid'
    return kind


def float_value(data, off, size):
    raw = int.from_bytes(data[off:off + size], 'little')
    if size == 2:
        return ieee(raw, 5, 10)
    if size == 4:
        return ieee(raw, 8, 23)
    if size == 8:
        return ieee(raw, 11, 52)
    if X87:
        return x87(data[off:off + 10])     # 12 and 16 bytes on x86
    return ieee(raw, 15, 112)              # 16 bytes: binary128


def bits_leaf(data, off, bit, n, t):
    """A bitfield or odd int: hex bits in JSON, C value in text."""
    v = bits_at(data, off, bit, n)
    j = '0x%x' % v
    if n > 64:
        return ('leaf', 'bits', j, j)
    if t is not None and t.kind in (ENUM, ENUM64):
        return ('leaf', 'enum_bits', j, enum_value(t, v, n)[1])
    signed = t is not None and t.kind == INT and t.extra[0] & SIGNED
    return ('leaf', 'bits', j, str(sext(v, n) if signed else v))


class Oracle:
    def __init__(self, btf, data):
        self.btf, self.data = btf, data

    def value(self, tid, off=0, bit=0, depth=0):
        b, d = self.btf, self.data
        t = b.skip(tid)
        if t.kind == INT:
            enc, ioff, n = t.extra
            tot = bit + ioff
            if tot or n not in (8, 16, 32, 64, 128):
                return bits_leaf(d, off + tot // 8, tot % 8, n, t)
            v = int.from_bytes(d[off:off + n // 8], 'little')
            if n == 128:
                return ('leaf', 'int128', '0x%x' % v, '0x%x' % v)
            if enc & CHAR:
                return ('leaf', 'char', chr(d[off]), text_char(d[off]))
            if enc & BOOL:
                return ('leaf', 'bool/%d' % (n // 8), v != 0,
                        '1' if v else '0')
            if enc & SIGNED:
                v = sext(v, n)
            return ('leaf', 'int', v, str(v))
        if t.kind == PTR:
            v = int.from_bytes(d[off:off + 8], 'little')
            return ('leaf', 'ptr', v, '0x%x' % v if v else 'NULL')
        if t.kind in (ENUM, ENUM64):
            raw = int.from_bytes(d[off:off + t.st], 'little')
            j, txt = enum_value(t, raw, t.st * 8)
            kind = '%s/%d%s' % ('enum64' if t.kind == ENUM64 else 'enum',
                                t.st, 's' if t.kflag else 'u')
            return ('leaf', kind, j, txt)
        if t.kind == FLOAT and t.st == 12 and not X87:
            return ('bad',)
        if t.kind == FLOAT:
            return ('float', float_kind(d, off, t.st),
                    float_value(d, off, t.st), t.st)
        if t.kind not in (ARRAY, STRUCT, UNION):
            return ('bad',)
        if depth >= MAX_DEPTH:
            return ('cut', 'depth')
        if t.kind == ARRAY:
            return self.array(t, off, depth + 1)
        return self.members(t, off, depth + 1)

    def array(self, t, off, depth):
        elem, _index, n = t.extra
        et = self.btf.skip(elem, typedefs=False)
        if n and et.kind == INT and et.st == 1 and (
                et.extra[0] & CHAR or et.name == 'char'):
            s = self.data[off:off + n]
            if 0 in s and all(0x20 <= c < 0x7f for c in
                              s[:s.index(0)]):
                return ('str', s[:s.index(0)].decode())
        esz = self.btf.size(elem)
        return ('arr', n,
                lambda i: self.value(elem, off + i * esz, 0, depth))

    def members(self, t, off, depth):
        out = []
        for name, mt, moff in t.extra:
            bits, nbits = (moff & 0xffffff, moff >> 24) if t.kflag \
                else (moff, 0)
            if nbits:
                base = self.btf.skip(mt)
                out.append((name, bits_leaf(self.data, off + bits // 8,
                                            bits % 8, nbits, base)))
            else:
                out.append((name, self.value(mt, off + bits // 8,
                                             bits % 8, depth)))
        return ('obj', out)
