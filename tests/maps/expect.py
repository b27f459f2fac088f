#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""expect.py EXPECTED ACTUAL: every line of EXPECTED must appear in ACTUAL,
in the same order (other lines may come between: libbpf's probes, calls the
test does not assert).  On a miss, shows the nearest actual line of the same
command so the difference is visible.  A line "re:REGEX" must match a
whole trace line."""
import difflib
import re
import sys


def matches(exp, line):
    """A "re:" line is a regular expression for the whole line."""
    if exp.startswith('re:'):
        return re.fullmatch(exp[3:], line) is not None
    return exp == line


def main():
    expected = [l.rstrip('\n') for l in open(sys.argv[1]) if l.strip()]
    actual = [l.rstrip('\n') for l in open(sys.argv[2])]
    if not expected:
        print(f'{sys.argv[1]}: no expected lines', file=sys.stderr)
        return 1
    pos = 0
    bad = 0
    for exp in expected:
        hit = next((i for i in range(pos, len(actual))
                    if matches(exp, actual[i])), None)
        if hit is not None:
            pos = hit + 1
            continue
        bad += 1
        cmd = exp.removeprefix('re:').replace('\\', '').split(',', 1)[0]
        near = [a for a in actual[pos:] if a.startswith(cmd)] or actual
        best = difflib.get_close_matches(exp, near, n=1, cutoff=0) or ['']
        print(f'missing (after line {pos} of the trace):\n  expected: '
              f'{exp}\n  nearest:  {best[0]}', file=sys.stderr)
    if bad:
        print(f'{bad} of {len(expected)} expected lines missing; the trace:',
              file=sys.stderr)
        sys.stderr.writelines(l + '\n' for l in actual)
        return 1
    print(f'{len(expected)} lines matched')
    return 0


if __name__ == '__main__':
    sys.exit(main())
