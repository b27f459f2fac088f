# SPDX-License-Identifier: MIT
"""Run by the guests' /init (guest_init.sh) after ctest: turns ctest's
JUnit file into what the host's ctest reads from the serial console
(scripts/xarch/result.sh gives each line its own host test):

  xarch: test passed|failed|skipped SECONDS NAME     one per test
  xarch: output NAME                                 what a test that did
  | ...                                              not pass printed
  xarch: end NAME
  xarch: N passed, M failed, K skipped               the suite's count

Usage: guest_report.py JUNIT TOTAL CTEST_RC [NAME RC SECONDS]...
The NAME RC SECONDS triples are checks /init ran itself (injtrace on a
BTF map, --bench): reported as tests, not counted in the summary.  Tests
ctest listed (TOTAL) but the JUnit file lacks (ctest was stopped at the
budget) count as failed."""
import sys
import xml.etree.ElementTree as ET

# lines of output shown per test: a failure's tail, a skip's reason
KEEP = {'failed': 200, 'skipped': 20}


def read_junit(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f'xarch: no JUnit results ({e})')
        return []
    out = []
    for case in root.iter('testcase'):
        status = {'run': 'passed', 'notrun': 'skipped',
                  'disabled': 'skipped'}.get(case.get('status'), 'failed')
        text = case.findtext('system-out') or ''
        out.append((case.get('name'), status,
                    float(case.get('time') or 0), text))
    return out


def show(name, status, text):
    lines = text.rstrip('\n').split('\n') if text.strip() else []
    keep = KEEP.get(status, 0)
    if not keep:
        return
    print(f'xarch: output {name}')
    if len(lines) > keep:
        print(f'| ... ({len(lines) - keep} lines before)')
    for line in lines[-keep:]:
        print('| ' + line)
    print(f'xarch: end {name}')


def main(argv):
    junit, total, ctest_rc = argv[1], int(argv[2]), int(argv[3])
    tests = read_junit(junit)
    for name, status, secs, _ in tests:
        print(f'xarch: test {status} {secs:.1f} {name}')
    extra = argv[4:]
    for i in range(0, len(extra) - 2, 3):
        name, rc, secs = extra[i], int(extra[i + 1]), extra[i + 2]
        print(f'xarch: test {"passed" if rc == 0 else "failed"} '
              f'{secs} {name}')
    for name, status, _, text in tests:
        show(name, status, text)
    print('xarch: slowest: ' + ', '.join(
        f'{name} {secs:.0f} s' for name, _, secs, _ in
        sorted(tests, key=lambda t: -t[2])[:12]))
    passed = sum(1 for t in tests if t[1] == 'passed')
    skipped = sum(1 for t in tests if t[1] == 'skipped')
    failed = total - passed - skipped
    if ctest_rc != 0 and failed == 0:
        failed = 1
    print(f'xarch: {passed} passed, {failed} failed, {skipped} skipped')


if __name__ == '__main__':
    main(sys.argv)
