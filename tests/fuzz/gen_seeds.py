#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpora corpus/{decode,render,json}/ (committed; rerun
after changing an input layout).  Layouts: see the header comment of each
fuzz_<target>.c."""
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ATTR_ADDR = 0x10000
MEM_ADDR = 0x200000
rng = random.Random(11)


def write(target, name, data):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def decode_input(cmd, attr, mem, flags, ret=0, limit=32, size=None):
    size = len(attr) if size is None else size
    return (struct.pack('<BIBBqH', cmd, size, flags, limit, ret, len(attr))
            + attr + mem)


def mem_image():
    """Strings, small numbers and pointers into itself, 1 KiB."""
    out = bytearray()
    out += b'hello_map\0'.ljust(16, b'\0')
    out += b'/sys/fs/bpf/pin\0'.ljust(32, b'\0')
    for i in range(24):
        out += struct.pack('<Q', MEM_ADDR + 64 * (i % 16))
    for i in range(64):
        out += struct.pack('<I', i)
    out += bytes(range(256))
    return bytes(out.ljust(1024, b'\x07'))


def attrs():
    """Three attrs of 128 bytes: pointers, small numbers, a mix."""
    ptrs = b''.join(struct.pack('<II', 3, 0) if i == 0 else
                    struct.pack('<Q', MEM_ADDR + 64 * i) for i in range(16))
    small = b''.join(struct.pack('<I', (i % 5) + 1) for i in range(32))
    mix = bytearray()
    for i in range(16):
        if rng.random() < 0.4:
            mix += struct.pack('<Q', MEM_ADDR + 16 * rng.randrange(32))
        else:
            mix += struct.pack('<II', rng.randrange(8), rng.randrange(64))
    return {'ptrs': ptrs, 'small': small, 'mix': bytes(mix)}


def gen_decode():
    mem = mem_image()
    for cmd in range(37):
        for kind, attr in attrs().items():
            # JSON at exit, text at exit (with fd names, map data), both
            # verbose in turn; the fd kind cycles through map/prog/btf/link
            fkind = (cmd % 4 + 1) << 5
            write('decode', f'{cmd:02d}-{kind}-json',
                  decode_input(cmd, attr, mem, 0x01 | 0x10 | fkind, 0))
            write('decode', f'{cmd:02d}-{kind}-text',
                  decode_input(cmd, attr, mem, 0x02 | 0x04 | 0x08 | 0x10 |
                               fkind, -2))
    # unknown command, size 0, size larger than the attr, huge size
    write('decode', 'unknown-cmd', decode_input(0xff, b'', mem, 1) +
          b'')
    write('decode', 'size-0', decode_input(1, b'', mem, 0x11, size=0))
    write('decode', 'size-short',
          decode_input(2, attrs()['ptrs'][:20], mem, 0x11, size=128))
    write('decode', 'size-huge',
          decode_input(5, attrs()['ptrs'], mem, 0x11, size=0xffffffff))


class Btf:
    """A raw BTF blob (include/uapi/linux/btf.h)."""

    def __init__(self):
        self.types = []
        self.strs = b'\0'

    def s(self, name):
        if not name:
            return 0
        off = len(self.strs)
        self.strs += name.encode() + b'\0'
        return off

    def add(self, name, kind, vlen, size_or_type, extra=b'', kflag=0):
        info = (kflag << 31) | (kind << 24) | vlen
        self.types.append(struct.pack('<III', self.s(name), info,
                                      size_or_type) + extra)
        return len(self.types)

    def int(self, name, size, signed=False, bits=None, char=False):
        enc = (1 if signed else 0) | (2 if char else 0)
        return self.add(name, 1, 0, size,
                        struct.pack('<I', enc << 24 | (bits or size * 8)))

    def struct(self, name, size, members, union=False, kflag=0):
        extra = b''.join(struct.pack('<III', self.s(n), t, off)
                         for n, t, off in members)
        return self.add(name, 5 if union else 4, len(members), size, extra,
                        kflag)

    def blob(self):
        types = b''.join(self.types)
        hdr = struct.pack('<HBBIIIII', 0xeb9f, 1, 0, 24, 0, len(types),
                          len(types), len(self.strs))
        return hdr + types + self.strs


def gen_render():
    b = Btf()
    t_int = b.int('int', 4, signed=True)
    t_char = b.int('char', 1, signed=True, char=True)
    t_u64 = b.int('unsigned long long', 8)
    t_bool = b.int('_Bool', 1)
    t_bool = b.add(None, 1, 0, 1, struct.pack('<I', 4 << 24 | 8))
    t_arr = b.add(None, 3, 0, 0, struct.pack('<III', t_int, t_int, 4))
    t_str = b.add(None, 3, 0, 0, struct.pack('<III', t_char, t_int, 16))
    t_enum = b.add('color', 6, 3, 4, b''.join(
        struct.pack('<Ii', b.s(n), v) for n, v in
        (('RED', 0), ('GREEN', 1), ('BLUE', -1))))
    t_td = b.add('u64_t', 8, 0, t_u64)
    t_ptr = b.add(None, 2, 0, t_int)
    t_const = b.add(None, 10, 0, t_td)
    t_float = b.add('double', 16, 0, 8)
    t_bits = b.struct('bits', 4, [('a', t_int, 3 << 24 | 0),
                                  ('b', t_int, 5 << 24 | 3),
                                  ('c', t_int, 24 << 24 | 8)], kflag=1)
    t_union = b.struct('u', 8, [('x', t_u64, 0), ('y', t_arr, 0)],
                       union=True)
    t_inner = b.struct('inner', 16, [('name', t_str, 0)])
    t_outer = b.struct('outer', 64, [
        ('i', t_int, 0), ('e', t_enum, 32), ('bits', t_bits, 64),
        ('p', t_ptr, 128), ('arr', t_arr, 192), ('in', t_inner, 320),
        ('u', t_union, 448)])
    t_enum64 = b.add('big', 19, 2, 8, b''.join(
        struct.pack('<III', b.s(n), v & 0xffffffff, v >> 32) for n, v in
        (('LO', 1), ('HI', 1 << 40))))
    t_fwd = b.add('opaque', 7, 0, 0)
    t_fptr = b.add(None, 2, 0, t_fwd)
    ids = [t_int, t_char, t_u64, t_bool, t_arr, t_str, t_enum, t_td, t_ptr,
           t_const, t_float, t_bits, t_union, t_inner, t_outer, t_enum64,
           t_fptr, 0, 999]
    blob = b.blob()
    data = bytes(range(1, 65)) + b'name\0' + bytes(59)
    # map types: hash, array, prog array (fd), percpu hash, percpu array,
    # hash of maps, ringbuf-ish unknown
    maps = [(1, 4, 8), (2, 4, 64), (3, 4, 4), (5, 8, 8), (6, 4, 16),
            (13, 4, 4), (27, 0, 0)]
    for i, tid in enumerate(ids):
        mt, ks, vs = maps[i % len(maps)]
        inp = struct.pack('<IIIIIBQH', tid, t_int, mt, ks, vs, 2,
                          0 if i % 3 else 1 << 3, len(blob)) + blob + data
        write('render', f'type-{i:02d}', inp)


def gen_json():
    for i in range(24):
        n = rng.choice([16, 64, 256, 1024])
        write('json', f'random-{i:02d}',
              bytes(rng.randrange(256) for _ in range(n)))
    # a nested attr with a string, an exit mark and extra members
    prog = (struct.pack('<QBIIBQQB', 0x41d9000000000000, 48, 42, 43, 1, 16,
                        0, 8)
            + bytes([11, 3, 0, 3]) + b'key' + bytes([10]) +
            struct.pack('<H', 5) + b'a"b\\\n' + bytes([1, 4]) + b'size' +
            bytes([0]) + struct.pack('<Q', 1 << 63))
    write('json', 'nested', prog)


if __name__ == '__main__':
    which = sys.argv[1:] or ['decode', 'render', 'json']
    for w in which:
        globals()['gen_' + w]()
