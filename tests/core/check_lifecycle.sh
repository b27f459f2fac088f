#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The trace's lifecycle, side by side with strace 6.1's own output: a call
# superseded by another thread's execve, "+++ exited/killed +++" and
# "--- SIG ---" lines (-e signal=, -qq), death by a signal passed on,
# --json event records.  The lines are compared after the attrs, pointers
# and pids are taken out (tests/golden compares the attrs).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../common/wait.sh"
need_root
command -v strace >/dev/null || { echo "skip: no strace"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }

# "[pid 12] bpf(BPF_X, {...}, 144) = 3" -> "[pid P] bpf(BPF_X) = 3";
# strace's "<unfinished ...>" / "<... bpf resumed>" pair (it prints a call
# whose entry it saw before an exec switched threads) is one call.
skeleton() {
	awk '/ <unfinished \.\.\.>$/ { sub(/ <unfinished \.\.\.>$/, ""); held = $0; next }
	     held != "" && /<\.\.\. bpf resumed>/ { sub(/^.*<\.\.\. bpf resumed>/, ""); print held $0; held = ""; next }
	     { print }' "$1" |
		sed -E -e 's/^[0-9]+ +/PID /' -e 's/\[pid +[0-9]+\] /[pid P] /' \
			-e 's/^((PID |\[pid P\] )?bpf\(BPF_[A-Z_]+), .*\) +(= .*)$/\1) \3/' \
			-e 's/(si_pid|in pid)[= ][0-9]+/\1=P/g' \
			-e 's|(si_[us]time)=[0-9]+( /\* [0-9.]+ s \*/)?|\1=T|g'
}

# same_as_strace NAME "OPTS" CMD...: injtrace --plain OPTS vs strace OPTS
same_as_strace() {
	local name=$1 opts=$2
	shift 2
	# shellcheck disable=SC2086
	strace $opts -e trace=bpf -o "$TMP/$name.strace" "$@" 2>/dev/null || true
	# shellcheck disable=SC2086
	"$INJTRACE" --plain $opts -o "$TMP/$name.injtrace" "$@" 2>/dev/null || true
	skeleton "$TMP/$name.strace" >"$TMP/$name.s"
	skeleton "$TMP/$name.injtrace" >"$TMP/$name.i"
	if [ "${SORTED:-}" ]; then
		sort -o "$TMP/$name.s" "$TMP/$name.s"
		sort -o "$TMP/$name.i" "$TMP/$name.i"
	fi
	diff -u "$TMP/$name.s" "$TMP/$name.i" >&2 ||
		fail "$name: not as strace (- strace, + injtrace)"
	echo "$name: $(wc -l <"$TMP/$name.i") lines as strace"
}

# 1. a non-leader thread execs during the main thread's bpf(): the call
# never returns, "= ?", then "+++ superseded by execve in pid T +++"
for i in 1 2 3; do
	same_as_strace "exec$i" "-f" "$BIN/exec_thread"
	grep -q 'BPF_PROG_TEST_RUN.* = ?$' "$TMP/exec$i.injtrace" ||
		fail "superseded call printed with a result: $(grep TEST_RUN "$TMP/exec$i.injtrace")"
done
"$INJTRACE" --json -f -o "$TMP/exec.json" "$BIN/exec_thread"
python3 - "$TMP/exec.json" <<'PY' || fail "JSON of a superseded call"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
run = [r for r in recs if r.get("cmd") == "BPF_PROG_TEST_RUN"][0]
assert run["ret"] is None and run["unfinished"] is True, run
ev = [r for r in recs if "event" in r]
assert [e["event"] for e in ev] == ["superseded", "exited"], ev
assert ev[0]["pid"] == run["pid"] and ev[0]["by_tid"] != run["pid"], ev
assert ev[1]["status"] == 0, ev
PY

# 2. exit and signal lines, -e signal=none, -qq
same_as_strace exited "" "$BIN/exec_thread" done
grep -qx '+++ exited with 0 +++' "$TMP/exited.injtrace" || fail "no exit line"
sig='/bin/true & wait; kill -USR1 $$'
same_as_strace signals "" sh -c "$sig"
grep -q '^--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=[0-9]*, si_uid=0, si_status=0, si_utime=[0-9]*\( /\* [0-9.]* s \*/\)\?, si_stime=[0-9]*\( /\* [0-9.]* s \*/\)\?} ---$' \
	"$TMP/signals.injtrace" || fail "SIGCHLD line: $(cat "$TMP/signals.injtrace")"
grep -qx '+++ killed by SIGUSR1 +++' "$TMP/signals.injtrace" || fail "no killed line"
same_as_strace signal_none "-e signal=none" sh -c "$sig"
[ ! -s "$TMP/signal_none.injtrace" ] || fail "-e signal=none printed lines"
same_as_strace signal_set "-e signal=USR1" sh -c "$sig"
same_as_strace qq "-qq" "$BIN/exec_thread" done
grep -q '^+++' "$TMP/qq.injtrace" && fail "-qq printed an exit line"
# a group-stop: "--- SIGSTOP {...} ---", "--- stopped by SIGSTOP ---"; an
# untraced child (no -f) continues it; SIGCONT and the child's SIGCHLD may
# come in either order
SORTED=1 same_as_strace stopped "" sh -c '(sleep 0.3; kill -CONT $$) & kill -STOP $$; wait; exit 3'
grep -qx -- '--- stopped by SIGSTOP ---' "$TMP/stopped.injtrace" || fail "no stopped line"
grep -qx -- '+++ exited with 3 +++' "$TMP/stopped.injtrace" || fail "no exit 3 line"
"$INJTRACE" --json -o "$TMP/sig.json" sh -c "$sig" || true
python3 - "$TMP/sig.json" <<'PY' || fail "JSON signal events"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert [e["event"] for e in ev] == ["signal", "signal", "killed"], ev
assert ev[0]["signal"] == "SIGCHLD" and ev[0]["siginfo"]["si_code"] == "CLD_EXITED", ev
assert ev[1]["siginfo"] == {"si_signo": "SIGUSR1", "si_code": "SI_USER",
                            "si_pid": ev[1]["pid"], "si_uid": 0}, ev
assert ev[2]["signal"] == "SIGUSR1" and ev[2]["core_dumped"] is False, ev
PY

# 3. PROG killed by signal S: injtrace dies of S too, as strace does (a
# shell sees 128+S; a parent's waitpid sees the signal, not an exit code)
how_ended() {
	python3 -c 'import subprocess, sys
print(subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL).returncode)' "$@"
}
for s in TERM SEGV KILL; do
	want=$(how_ended strace -o /dev/null sh -c "kill -$s \$\$")
	got=$(how_ended "$INJTRACE" -o /dev/null sh -c "kill -$s \$\$")
	[ "$got" = "$want" ] || fail "PROG killed by SIG$s: injtrace ended $got, strace $want"
done
st=0; "$INJTRACE" -o /dev/null sh -c 'kill -TERM $$' || st=$?
[ "$st" -eq 143 ] || fail "the shell saw $st for SIGTERM"

# 4. without -f a child is not traced at all: no TracerPid, its bpf()
# works, and injtrace does not wait for a background child (strace
# neither); its SIGCHLD and the exit are what strace prints
"$INJTRACE" -o /dev/null sh -c 'grep TracerPid /proc/self/status; true' >"$TMP/tp"
grep -q 'TracerPid:[[:space:]]*0$' "$TMP/tp" || fail "child traced without -f: $(cat "$TMP/tp")"
"$INJTRACE" -f -o /dev/null sh -c 'grep TracerPid /proc/self/status; true' >"$TMP/tp"
grep -q 'TracerPid:[[:space:]]*0$' "$TMP/tp" && fail "child not traced with -f"
same_as_strace child "" sh -c "$BIN/exec_thread done; exit 5"
grep -q '^bpf(' "$TMP/child.injtrace" && fail "a child's calls printed without -f"
# (a condition, not a time: the background child is still there when
# injtrace has returned; 60 s outlasts any machine, even under emulation)
st=0; "$INJTRACE" -o /dev/null sh -c "sleep 60 & echo \$! >$TMP/bg; exit 4" || st=$?
[ "$st" -eq 4 ] || fail "sh -c 'sleep 60 & exit 4' gave $st"
bg=$(cat "$TMP/bg")
[ -d "/proc/$bg" ] || fail "injtrace waited for an untraced background child"
kill "$bg"
echo "background child: exit 4, the child still running"

# 5. injtrace killed by SIGKILL: a PROG it started dies with it (its
# seccomp filter would fail every bpf() with ENOSYS once no tracer is
# there); a process it attached to (-p) runs on, its bpf() working
beats() { cat "$TMP/beat" 2>/dev/null || echo 0; }
wait_beats() {
	for _ in $(seq 100); do [ "$(beats)" -gt "$1" ] && return 0; sleep 0.05; done
	fail "looper does not run"
}
gone() {
	for _ in $(seq 100); do [ -d "/proc/$1" ] || return 0; sleep 0.05; done
	return 1
}
for flags in -f ""; do
	rm -f "$TMP/beat"
	# shellcheck disable=SC2086
	"$INJTRACE" $flags -o /dev/null "$BIN/looper" "$TMP/beat" 2>"$TMP/looper.err" &
	tracer=$!
	wait_beats 0
	child=$(cat "/proc/$tracer/task/$tracer/children")
	kill -KILL "$tracer"; wait "$tracer" || true
	gone "$child" || fail "PROG outlived a SIGKILLed injtrace $flags"
	[ ! -s "$TMP/looper.err" ] || fail "PROG saw: $(cat "$TMP/looper.err")"
done
rm -f "$TMP/beat"
"$BIN/looper" "$TMP/beat" 2>"$TMP/looper.err" &
victim=$!
wait_beats 0
"$INJTRACE" -p "$victim" -o "$TMP/attached" &
tracer=$!
# killed inside an injection (the map's first fetch) the victim dies by
# design (PTRACE_O_EXITKILL for that while): kill once its calls are
# traced from the cache, where nothing is injected
traced_twice() { [ "$(grep -c '^bpf(' "$TMP/attached" 2>/dev/null)" -ge 2 ]; }
WAIT_FOR_S=10 wait_for traced_twice ||
	fail "-p traced no call of the looper: $(cat "$TMP/attached")"
kill -KILL "$tracer"; wait "$tracer" || true
b=$(beats); wait_beats "$((b + 3))"
kill "$victim"; wait "$victim" || true
[ ! -s "$TMP/looper.err" ] || fail "-p victim saw: $(cat "$TMP/looper.err")"
echo ok
