# SPDX-License-Identifier: MIT
"""A parser of injtrace's text values (strace's syntax):
  {name=v, v, ...}  [v, ...]  "str" (escapes: C's, octal, \\xNN)  'c'  ...
  ?  tokens (numbers, names)
into ("obj", [(name or None, node)]), ("arr", [node]), ("str", s),
("char", "'c'"), ("more",), ("bad",), ("tok", s).  Trailing /* notes */
are skipped."""
import re

TOKEN = re.compile(r'[-+A-Za-z0-9_.]+')
NAME_EQ = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)=')
ESC = {'"': '"', '\\': '\\', 'n': '\n', 't': '\t', 'r': '\r', 'f': '\f',
       'v': '\v'}


class Parser:
    def __init__(self, s, pos=0):
        self.s, self.i = s, pos

    def error(self, what):
        raise ValueError(f'{what} at {self.i}: ...{self.s[self.i:self.i + 60]}')

    def eat(self, lit):
        if not self.s.startswith(lit, self.i):
            self.error(f'expected {lit!r}')
        self.i += len(lit)

    def comment(self):
        while self.s.startswith(' /*', self.i):
            self.i = self.s.index('*/', self.i) + 2

    def value(self):
        s, i = self.s, self.i
        if s.startswith('...', i):
            self.i += 3
            node = ('more',)
        elif s[i] == '{':
            node = ('obj', self.items('}', True))
        elif s[i] == '[':
            node = ('arr', self.items(']', False))
        elif s[i] == '"':
            node = ('str', self.string())
        elif s[i] == "'":
            end = s.index("'", i + 2 if s[i + 1] == '\\' else i + 1)
            self.i = end + 1
            node = ('char', s[i:end + 1])
        elif s[i] == '?':
            self.i += 1
            node = ('bad',)
        else:
            m = TOKEN.match(s, i)
            if not m:
                self.error('no value')
            self.i = m.end()
            node = ('tok', m.group())
        self.comment()
        return node

    def items(self, close, named):
        self.i += 1
        out = []
        while not self.s.startswith(close, self.i):
            if out:
                self.eat(', ')
            m = NAME_EQ.match(self.s, self.i) if named else None
            if m:
                self.i = m.end()
                out.append((m.group(1), self.value()))
            else:
                out.append((None, self.value()) if named else self.value())
        self.i += 1
        return out

    def string(self):
        s, out = self.s, []
        self.i += 1
        while s[self.i] != '"':
            c = s[self.i]
            if c == '\\':
                n = s[self.i + 1]
                if n in ESC:
                    out.append(ESC[n])
                    self.i += 2
                elif n == 'x':
                    out.append(chr(int(s[self.i + 2:self.i + 4], 16)))
                    self.i += 4
                else:
                    m = re.compile(r'[0-7]{1,3}').match(s, self.i + 1)
                    out.append(chr(int(m.group(), 8)))
                    self.i = m.end()
            else:
                out.append(c)
                self.i += 1
        self.i += 1
        if s.startswith('...', self.i):
            self.i += 3
        return ''.join(out)


LINE = re.compile(r'bpf\((BPF_MAP_(?:UPDATE|LOOKUP)_ELEM), '
                  r'\{map_fd=\d+<map:(\w+)>, key=')


def parse_line(line):
    """(cmd, map name, key node, value node) of a successful update or
    lookup line, else None."""
    m = LINE.match(line)
    if not m or not line.rstrip().endswith(') = 0'):
        return None
    p = Parser(line, m.end())
    key = p.value()
    p.eat(', value=')
    return m.group(1), m.group(2), key, p.value()
