#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""summary_check.py INJTRACE PROG: -c, -C, -S and --json summaries.

PROG (tests/maps/maps_cmds: every map command, some failing) runs under
injtrace -C; the summary's rows must agree with a count of the trace's own
lines, by (map, command): calls, errors, errors by errno; with --json, key
and value bytes too, counted from the bytes each line shows.  strace -c
-e trace=bpf must count the same calls and errors, in a table of the same
columns.  Exit 77 when PROG cannot use bpf().
"""
import json
import re
import shutil
import subprocess
import sys
import tempfile

INJ, PROG = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp()
HEAD = "% time     seconds  usecs/call     calls    errors"
RULE = "------ ----------- ----------- --------- ---------"


def run(*opts):
    out = f"{TMP}/out"
    rc = subprocess.run([INJ, *opts, "-s", "8", "-o", out, PROG],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL).returncode
    if rc == 77:
        print("bpf() not permitted: skipped")
        sys.exit(77)
    assert rc == 0, f"injtrace {opts}: exit {rc}"
    return open(out).read().splitlines()


def text_row(line):
    """A row of the by-map table, by strace's fixed columns."""
    return {
        "pct": float(line[0:6]), "seconds": float(line[7:18]),
        "calls": int(line[31:40]), "errors": int(line[41:50].strip() or 0),
        "key_bytes": int(line[51:62]), "value_bytes": int(line[63:74]),
        "map": line[75:91].strip(),
        "cmd": line[92:].split()[0] if line[92:].strip() else "",
        "errnos": dict((e.split(":")[0], int(e.split(":")[1]))
                       for e in line[92:].split()[1].split(","))
        if len(line[92:].split()) > 1 else {},
    }


def text_tables(lines):
    """(trace lines, by-map rows, by-map total, by-command rows, total)"""
    start = next(i for i, l in enumerate(lines) if l.startswith(HEAD))
    trace = [l for l in lines[:start] if "bpf(" in l]
    tables = lines[start:]
    assert tables[0].startswith(HEAD + "   key bytes value bytes map"), \
        tables[0]
    assert tables[1].startswith(RULE + " ----------- -----------"), tables[1]
    end = tables.index(tables[1], 2)
    rows = [text_row(l) for l in tables[2:end]]
    total = text_row(tables[end + 1].ljust(93))
    assert tables[end + 1].endswith(" total"), tables[end + 1]
    assert tables[end + 2] == "", "no blank line between the tables"
    cmd = tables[end + 3:]
    assert cmd[0] == HEAD + " command" and cmd[1] == RULE + " " + "-" * 16
    by_cmd = {l[51:]: (int(l[31:40]), int(l[41:50].strip() or 0))
              for l in cmd[2:-2]}
    assert cmd[-2] == cmd[1] and cmd[-1].endswith(" total"), cmd[-2:]
    return trace, rows, total, by_cmd, (int(cmd[-1][31:40]),
                                        int(cmd[-1][41:50].strip() or 0))


def line_key(line):
    """(map label, command, errno or None) of one text trace line."""
    cmd = re.match(r"(?:\[pid +\d+\] )?bpf\((\w+)", line).group(1)
    ret = re.search(r"\) = (.*)$", line).group(1)
    maps = re.findall(r"<map:([^>]+)>", line)
    if cmd == "BPF_MAP_CREATE":
        named = re.search(r'map_name="([^"]*)"', line)
        ret_map = re.match(r"\d+<map:([^>]+)>", ret)
        label = ret_map.group(1) if ret_map else \
            (named.group(1) if named and named.group(1) else "-")
    else:
        label = maps[-1] if maps else "-"
    err = re.match(r"-1 (E\w+)", ret)
    return label, cmd, err.group(1) if err else None


def count(keys):
    rows = {}
    for label, cmd, err in keys:
        r = rows.setdefault((label, cmd), {"calls": 0, "errors": 0,
                                           "errnos": {}})
        r["calls"] += 1
        if err:
            r["errors"] += 1
            r["errnos"][err] = r["errnos"].get(err, 0) + 1
    return rows


def check_against_lines(trace, rows):
    want = count(line_key(l) for l in trace)
    got = {(r["map"], r["cmd"]): {k: r[k] for k in ("calls", "errors",
                                                    "errnos")}
           for r in rows}
    assert got == want, f"summary {got}\n!= lines {want}"


def check_text():
    trace, rows, total, by_cmd, cmd_total = text_tables(run("-C"))
    assert trace, "-C printed no trace"
    check_against_lines(trace, rows)
    assert total["calls"] == len(trace) == cmd_total[0]
    assert total["errors"] == sum(r["errors"] for r in rows) == cmd_total[1]
    for cmd in by_cmd:
        assert by_cmd[cmd] == (
            sum(r["calls"] for r in rows if r["cmd"] == cmd),
            sum(r["errors"] for r in rows if r["cmd"] == cmd)), cmd
    assert abs(sum(r["pct"] for r in rows) - 100) < 0.01 * len(rows) + 0.1
    secs = [r["seconds"] for r in rows]
    assert secs == sorted(secs, reverse=True), "not sorted by time"
    print(f"-C: {len(rows)} rows agree with {len(trace)} trace lines")
    return rows, total


def check_sorting():
    for by, key in (("calls", lambda r: -r["calls"]),
                    ("errors", lambda r: -r["errors"]),
                    ("name", lambda r: (r["map"], r["cmd"]))):
        trace, rows, _, _, _ = text_tables(run("-c", "-S", by))
        assert not trace, f"-c printed trace lines: {trace[:2]}"
        keys = [key(r) for r in rows]
        assert keys == sorted(keys), f"-S {by}: {keys}"
    print("-c -S calls|errors|name: sorted, no trace lines")


def json_bytes(o):
    """Key and value bytes a JSON line shows, as the summary counts them."""
    m = o.get("map")
    stride = (m["value_size"] + 7) // 8 * 8 if m else 0
    kb = len(o.get("key") or []) + len(o.get("next_key") or [])
    vb = len(o.get("value") or []) + stride * len(o.get("values") or [])
    for e in o.get("elements", []):
        kb += len(e.get("key") or [])
        vb += len(e.get("value") or []) + stride * len(e.get("values") or [])
    return kb, vb


def check_json(text_rows):
    lines = run("-C", "--json")
    summary = json.loads(lines[-1])
    assert set(summary) == {"summary", "commands", "total"}, list(summary)
    # "+++ exited +++" is an event record, not a call
    calls = [o for o in map(json.loads, lines[:-1]) if "cmd" in o]
    want = {}
    for o in calls:
        if o["cmd"] == "BPF_MAP_CREATE":
            label = o["attr"].get("map_name") or "-"
        else:
            label = o["map"]["name"] or f"#{o['map']['id']}" \
                if "map" in o else "-"
        r = want.setdefault((label, o["cmd"]), {
            "calls": 0, "errors": 0, "errnos": {}, "key_bytes": 0,
            "value_bytes": 0})
        r["calls"] += 1
        if o["errno"]:
            r["errors"] += 1
            r["errnos"][o["errno"]] = r["errnos"].get(o["errno"], 0) + 1
        kb, vb = json_bytes(o)
        r["key_bytes"] += kb
        r["value_bytes"] += vb
    got = {}
    for r in summary["summary"]:
        m = r["map"]
        label = "-" if m is None else m["name"] or f"#{m['id']}"
        got[(label, r["cmd"])] = {k: r[k] for k in (
            "calls", "errors", "errnos", "key_bytes", "value_bytes")}
        assert r["avg_ns"] == r["time_ns"] // max(r["calls"], 1)
    assert got == want, f"JSON summary {got}\n!= JSON lines {want}"
    assert summary["total"]["calls"] == len(calls)
    assert sum(c["calls"] for c in summary["commands"]) == len(calls)
    # the text table moved the same bytes in its own run
    for r in text_rows:
        g = got[(r["map"], r["cmd"])]
        assert (g["key_bytes"], g["value_bytes"]) == \
            (r["key_bytes"], r["value_bytes"]), (r, g)
    print(f"--json -C: summary agrees with {len(calls)} JSON lines, "
          "bytes included")


def check_strace(total):
    if not shutil.which("strace"):
        print("no strace: not compared")
        return
    out = f"{TMP}/strace"
    subprocess.run(["strace", "-c", "-e", "trace=bpf", "-o", out, PROG],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    s = open(out).read().splitlines()
    assert s[0] == HEAD + " syscall" and s[1] == RULE + " " + "-" * 16, s[:2]
    bpf = next(l for l in s if l.endswith(" bpf"))
    n, e = int(bpf[31:40]), int(bpf[41:50].strip() or 0)
    assert (n, e) == (total["calls"], total["errors"]), \
        f"strace -c counts {n} calls {e} errors, injtrace {total}"
    print(f"strace -c: the same {n} calls, {e} errors, same columns")


def check_unwritable():
    """A summary that cannot be written is an error (exit 1, one line)."""
    r = subprocess.run([INJ, "-c", "-o", "/dev/full", PROG],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    assert r.returncode == 1, f"-c -o /dev/full: exit {r.returncode}"
    assert r.stderr.strip().splitlines()[-1] == \
        "injtrace: cannot write the trace: No space left on device", r.stderr
    print("-c -o /dev/full: exit 1, one line")


rows, total = check_text()
check_sorting()
check_json(rows)
check_strace(total)
check_unwritable()
shutil.rmtree(TMP)
print("ok")
