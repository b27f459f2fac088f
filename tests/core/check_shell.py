#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Attach/detach on interactive shells and job control.

A real interactive bash on a pty (job control on, readline on), attached
to with -p and detached by SIGINT in every shape a user meets: at the
prompt while the user types, waiting for a foreground job, with a job
stopped by ^Z before, during and after the trace, with a background job
stopped and continued while traced, with the shell itself SIGSTOPped
(and a stopped process interrupted at once, many times), and in a loop
starting a child every few milliseconds.  Each time: the shell survives,
its job table is what it would be untraced, and it is told of no stop or
continue that did not happen (the one ^Z is reported once).  Last, a
parent's waitid(WSTOPPED | WCONTINUED) sees exactly the events of an
untraced run while its child is attached, stopped, detached, continued.
Waits are on conditions, with a bound.
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

INJTRACE = os.environ["INJTRACE"]
LOOPER = os.path.join(os.environ["BIN"], "looper")
TMP = tempfile.mkdtemp(prefix="check_shell.")
# every wait's bound, s; the xarch guests (TCG) set the time scale
BOUND = 30.0 * int(os.environ.get("INJTRACE_TEST_TIME_SCALE", "1"))
CLD_STOPPED, CLD_CONTINUED = 5, 6      # si_code of a child's stop, continue


OURS = []      # shells and Popens started here, killed at exit


def cleanup():
    """Kills what is still running of ours, the shells' jobs too: only
    children not reaped yet, whose pids cannot have been reused."""
    for proc in OURS:
        if not proc.alive():
            continue
        kids = subprocess.run(["pgrep", "-P", str(proc.pid)],
                              capture_output=True, text=True).stdout.split()
        for kid in kids:
            try:
                os.kill(int(kid), signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.kill(proc.pid, signal.SIGKILL)
    subprocess.run(["rm", "-rf", TMP])


class Child(subprocess.Popen):
    def alive(self):
        return self.poll() is None


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    cleanup()
    sys.exit(1)


def wait_for(cond, what, bound=BOUND):
    end = time.monotonic() + bound
    while not cond():
        if time.monotonic() > end:
            fail("timed out waiting for " +
                 (what() if callable(what) else what))
        time.sleep(0.01)


def proc_field(pid, name):
    """A field of /proc/PID/status, read whole in one read."""
    try:
        with open("/proc/%d/status" % pid, "rb", buffering=0) as f:
            text = f.read(65536).decode()
    except (FileNotFoundError, ProcessLookupError):
        return None
    m = re.search(r"^%s:\s*(\S+)" % name, text, re.M)
    return m.group(1) if m else None


def state(pid):
    return proc_field(pid, "State")


def traced_by(pid):
    return int(proc_field(pid, "TracerPid") or 0)


def beats(path):
    with open(path, "rb", buffering=0) as f:
        return int(f.read(64) or 0)


class Shell:
    """bash -i on a pty: what a user at a terminal has."""

    def __init__(self):
        env = {"PATH": os.environ["PATH"], "TERM": "dumb", "PS1": "$ ",
               "HOME": TMP, "HISTFILE": "/dev/null", "LC_ALL": "C"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve("/bin/bash", ["bash", "--norc", "--noprofile", "-i"],
                      env)
        OURS.append(self)
        self.reaped = False
        self.seen = ""          # everything the terminal showed
        self.unread = ""
        self.n = 0
        self.expect("$ ")

    def pump(self, timeout=0.05):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return
        try:
            data = os.read(self.fd, 65536).decode(errors="replace")
        except OSError:
            data = ""
        self.seen += data
        self.unread += data

    def expect(self, text, what=None):
        def found():
            self.pump()
            return text in self.unread
        if not self.alive():
            fail("the shell is gone before %r: %r" % (text, self.seen[-400:]))
        wait_for(found, what or (lambda: "%r from the shell; it showed %r"
                                 % (text, self.seen[-400:])))
        i = self.unread.index(text) + len(text)
        out, self.unread = self.unread[:i], self.unread[i:]
        return out

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def run(self, command):
        """Types command, returns what it printed (a computed end mark)."""
        self.n += 1
        sep = " " if command.endswith("&") else "; "
        self.send("%s%secho E%d$((1))E\n" % (command, sep, self.n))
        out = self.expect("E%d1E" % self.n)
        out = out[out.rindex("E%d$((1))E" % self.n):]   # its echo
        return out[out.find("\n") + 1:out.rfind("E%d1E" % self.n)]

    def alive(self):
        if not self.reaped:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            self.reaped = pid != 0
        return not self.reaped

    def child(self):
        found = []

        def one():
            out = subprocess.run(["pgrep", "-P", str(self.pid)],
                                 capture_output=True, text=True).stdout
            found[:] = out.split()
            return len(found) == 1
        wait_for(one, "the shell's child")
        return int(found[0])

    def jobs(self):
        return self.run("jobs -l").strip()

    def close(self):
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.reaped = True
        os.close(self.fd)


class Trace:
    """injtrace -p on pids, until SIGINT."""

    def __init__(self, pids, stopped=()):
        self.pids = pids
        self.out = os.path.join(TMP, "trace.%d" % time.monotonic_ns())
        args = [INJTRACE, "-o", self.out]
        for pid in pids:
            args += ["-p", str(pid)]
        self.proc = Child(args, stderr=subprocess.PIPE, text=True)
        OURS.append(self.proc)
        wait_for(lambda: self.proc.poll() is not None or
                 all(traced_by(p) == self.proc.pid for p in pids),
                 "injtrace to attach")
        if self.proc.poll() is not None:
            fail("injtrace exited: " + self.proc.stderr.read())

    def detach(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            _, err = self.proc.communicate(timeout=BOUND)
        except subprocess.TimeoutExpired:
            fail("injtrace did not detach within %d s of SIGINT" % BOUND)
        if self.proc.returncode != 0:
            fail("injtrace exited %d: %s" % (self.proc.returncode, err))
        for pid in self.pids:
            if traced_by(pid) != 0:
                fail("%d still traced after detach" % pid)
        return err

    def lines(self):
        with open(self.out) as f:
            return f.read()


def check_alive(sh, what):
    if not sh.alive():
        fail(what + ": the shell is gone: %r" % sh.seen[-400:])
    n = sh.n + 1
    if sh.run("echo alive").strip() != "alive":
        fail(what + ": the shell does not answer: %r" % sh.seen[-300:])
    assert sh.n == n


def shape_prompt():
    """At the prompt, the user typing while traced."""
    sh = Shell()
    for i in range(5):
        t = Trace([sh.pid])
        if sh.run("echo typed$((%d+1))" % i).strip() != "typed%d" % (i + 1):
            fail("prompt: a command typed while traced went wrong")
        t.detach()
        check_alive(sh, "prompt, cycle %d" % i)
    sh.close()


def shape_foreground_sleep():
    """Waiting for a foreground sleep: attach the shell, and both."""
    sh = Shell()
    sh.send("sleep 300\n")
    child = sh.child()
    for i in range(6):
        t = Trace([sh.pid] if i % 2 else [sh.pid, child])
        t.detach()
        if not sh.alive() or state(child) not in ("S", "R"):
            fail("foreground sleep, cycle %d: shell %s, sleep %s" %
                 (i, sh.alive(), state(child)))
    sh.send("\x03")
    if sh.run("echo status=$?").strip() != "status=130":
        fail("foreground sleep: ^C did not end it as untraced")
    if sh.jobs():
        fail("foreground sleep: jobs left: " + sh.jobs())
    sh.close()


def shape_job_control():
    """^Z and fg of a foreground job that makes bpf() calls."""
    sh = Shell()
    beat = os.path.join(TMP, "beat.fg")
    sh.send("%s %s\n" % (LOOPER, beat))
    wait_for(lambda: os.path.exists(beat), "the looper's first beat")
    child = sh.child()
    # stopped while traced
    t = Trace([sh.pid, child])
    wait_for(lambda: "bpf(" in t.lines(), "a traced call")
    sh.send("\x1a")
    sh.expect("Stopped")
    wait_for(lambda: state(child) == "t", "the job's stop")
    before = beats(beat)
    t.detach()
    wait_for(lambda: state(child) == "T", "the job stopped after detach")
    if beats(beat) != before:
        fail("job control: a stopped job ran at detach")
    check_alive(sh, "job stopped while traced")
    if "Stopped" not in sh.jobs():
        fail("job control: jobs says " + sh.jobs())
    # attached and detached while stopped
    t = Trace([sh.pid, child])
    t.detach()
    wait_for(lambda: state(child) == "T",
             lambda: "the job to stay stopped: it is %s" % state(child))
    if beats(beat) != before:
        fail("job control: the stopped job ran (%s)" % state(child))
    if "Stopped" not in sh.jobs():
        fail("job control: jobs says " + sh.jobs())
    # continued (fg) while traced, detached while running
    t = Trace([sh.pid, child])
    sh.send("fg\n")
    wait_for(lambda: beats(beat) > before + 3, "the job to run after fg")
    t.detach()
    now = beats(beat)
    wait_for(lambda: beats(beat) > now + 3, "the job to run after detach")
    sh.send("\x03")
    status = sh.run("echo status=$?").strip()
    if status != "status=130":
        fail("job control: ^C did not end the job: %s %r" %
             (status, sh.seen[-300:]))
    if sh.jobs():
        fail("job control: jobs left: " + sh.jobs())
    # the one ^Z, reported once
    # (the report's form, "[1]+  Stopped  CMD"; jobs -l shows the pid)
    reports = re.findall(r"\[1\]\+ +Stopped", sh.seen)
    if len(reports) != 1 or "Continued" in sh.seen:
        fail("job control: the shell was told %d stops: %r" %
             (len(reports), sh.seen))
    sh.close()


def shape_background():
    """A background job stopped and continued while traced."""
    sh = Shell()
    beat = os.path.join(TMP, "beat.bg")
    sh.run("%s %s &" % (LOOPER, beat))
    wait_for(lambda: os.path.exists(beat), "the looper's first beat")
    child = sh.child()
    t = Trace([sh.pid, child])
    sh.run("kill -STOP %1")
    wait_for(lambda: state(child) == "t", "the job's stop")
    if "Stopped" not in sh.jobs():
        fail("background: jobs says " + sh.jobs())
    sh.run("kill -CONT %1")
    now = beats(beat)
    wait_for(lambda: beats(beat) > now + 3, "the job to run after CONT")
    t.detach()
    check_alive(sh, "background")
    if "Running" not in sh.jobs():
        fail("background: jobs says " + sh.jobs())
    sh.run("kill %1; wait")
    if sh.jobs():
        fail("background: jobs left: " + sh.jobs())
    sh.close()


def shape_shell_stopped():
    """The shell itself SIGSTOPped: it stays so, then answers."""
    sh = Shell()
    os.kill(sh.pid, signal.SIGSTOP)
    wait_for(lambda: state(sh.pid) == "T", "the shell's stop")
    t = Trace([sh.pid])
    err = t.detach()
    if "is stopped (job control)" not in err:
        fail("stopped shell: not said: " + err)
    # detached from a group-stop, it is woken to stop again (R, then T)
    wait_for(lambda: state(sh.pid) == "T",
             lambda: "the shell to stay stopped: it is %s" % state(sh.pid))
    os.kill(sh.pid, signal.SIGCONT)
    check_alive(sh, "stopped shell")
    sh.close()


def shape_interrupt_stopped():
    """SIGINT at once after attaching to a stopped process, many times:
    a SIGINT taken just before the tracer slept in waitpid() once left it
    asleep for a stop that never came (nothing stops a stopped process)."""
    beat = os.path.join(TMP, "beat.stopped")
    child = Child([LOOPER, beat])
    OURS.append(child)
    wait_for(lambda: os.path.exists(beat), "the looper's first beat")
    os.kill(child.pid, signal.SIGSTOP)
    wait_for(lambda: state(child.pid) == "T", "the looper's stop")
    for i in range(40):
        Trace([child.pid]).detach()
        wait_for(lambda: state(child.pid) == "T",
                 lambda: "round %d: the looper to stay stopped: it is %s" %
                 (i, state(child.pid)))
    child.kill()
    child.wait()


def shape_busy_loop():
    """A loop starting a child every few ms: wait4 and SIGCHLD at all times."""
    sh = Shell()
    end = os.path.join(TMP, "end.loop")
    rounds = os.path.join(TMP, "rounds.loop")
    # ended by a file: a ^C to such a loop is lost untraced too, when it
    # comes while the terminal's process group is a child just reaped.
    # Each round appends a byte by a builtin: the loop is seen running by
    # its rounds.  Not by its child: pgrep reads /proc in pid order and
    # the newest child comes last; under qemu's TCG one such scan took
    # longer than a child lives, and none was ever seen.
    sh.send("while [ ! -e %s ]; do sleep 0.002; echo -n . >>%s; done; "
            "echo loop$((1))done\n" % (end, rounds))
    wait_for(lambda: os.path.exists(rounds), "the loop's first round")
    for i in range(20):
        Trace([sh.pid]).detach()
        if not sh.alive():
            fail("busy loop, cycle %d: the shell is gone" % i)
    now = os.path.getsize(rounds)
    wait_for(lambda: os.path.getsize(rounds) > now + 3,
             lambda: "the loop to go on after the detaches: %d rounds, "
             "the shell %s" % (os.path.getsize(rounds), state(sh.pid)))
    open(end, "w").close()
    sh.expect("loop1done")
    check_alive(sh, "busy loop")
    if sh.jobs():
        fail("busy loop: jobs left: " + sh.jobs())
    sh.close()


def waitid_events(pid, bound=0.0):
    """Every stop/continue event of a child its parent can wait for."""
    events = []
    end = time.monotonic() + bound
    while True:
        info = os.waitid(os.P_PID, pid,
                         os.WSTOPPED | os.WCONTINUED | os.WNOHANG)
        if info is not None:
            events.append((info.si_code, info.si_status))
            continue
        if time.monotonic() >= end:
            return events
        time.sleep(0.01)


def parent_sequence(traced):
    """What a parent's waitid sees: STOP, CONT, each with a trace around."""
    beat = os.path.join(TMP, "beat.w%d" % traced)
    child = Child([LOOPER, beat])
    OURS.append(child)
    wait_for(lambda: os.path.exists(beat), "the looper's first beat")
    seen = []
    t = Trace([child.pid]) if traced else None
    os.kill(child.pid, signal.SIGSTOP)
    wait_for(lambda: state(child.pid) in ("T", "t"), "the child's stop")
    seen += waitid_events(child.pid, 0.3)
    if t:
        t.detach()
    wait_for(lambda: state(child.pid) == "T", "the child stopped")
    seen += waitid_events(child.pid, 0.3)
    t = Trace([child.pid]) if traced else None
    os.kill(child.pid, signal.SIGCONT)
    now = beats(beat)
    wait_for(lambda: beats(beat) > now + 2, "the child to run")
    seen += waitid_events(child.pid, 0.3)
    if t:
        t.detach()
    seen += waitid_events(child.pid, 0.3)
    child.kill()
    child.wait()
    return seen


def shape_stop_at_detach():
    """SIGSTOP, then SIGCONT, sent as injtrace detaches (its scratch area
    is unmapped then): the parent is told each once, the child ends as
    the last signal left it."""
    beat = os.path.join(TMP, "beat.race")
    child = Child([LOOPER, beat])
    OURS.append(child)
    wait_for(lambda: os.path.exists(beat), "the looper's first beat")
    for i in range(16):
        t = Trace([child.pid])
        wait_for(lambda: "bpf(" in t.lines(), "a traced call")
        time.sleep(0.001 * (i % 4))
        t.proc.send_signal(signal.SIGINT)
        os.kill(child.pid, signal.SIGSTOP)
        t.detach()
        wait_for(lambda: state(child.pid) == "T",
                 lambda: "the child's stop, round %d: it is %s; %s" %
                 (i, state(child.pid), waitid_events(child.pid)))
        stops = waitid_events(child.pid, 0.2)
        t = Trace([child.pid]) if i % 2 else None
        t and t.proc.send_signal(signal.SIGINT)
        os.kill(child.pid, signal.SIGCONT)
        t and t.detach()
        now = beats(beat)
        wait_for(lambda: beats(beat) > now + 2, "the child to run")
        conts = waitid_events(child.pid, 0.2)
        if stops != [(CLD_STOPPED, signal.SIGSTOP)] or \
           conts != [(CLD_CONTINUED, signal.SIGCONT)]:
            fail("stop at detach, round %d: the parent saw %s then %s" %
                 (i, stops, conts))
    child.kill()
    child.wait()


def shape_parent_waitid():
    untraced = parent_sequence(False)
    traced = parent_sequence(True)
    if traced != untraced:
        fail("the parent saw %s traced, %s untraced" % (traced, untraced))


def main():
    if os.geteuid() != 0:
        print("skip: needs root")
        sys.exit(77)
    if not os.path.exists("/bin/bash"):
        print("skip: no /bin/bash")
        sys.exit(77)
    shapes = [shape_prompt, shape_foreground_sleep, shape_job_control,
              shape_background, shape_shell_stopped, shape_interrupt_stopped,
              shape_busy_loop,
              shape_parent_waitid, shape_stop_at_detach]
    only = sys.argv[1:]
    for shape in shapes:
        if only and shape.__name__ not in only:
            continue
        shape()
        print("ok " + shape.__name__, flush=True)
    cleanup()


if __name__ == "__main__":
    main()
