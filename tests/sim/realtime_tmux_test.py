#!/usr/bin/env python3
"""The person at the host terminal gets the simulated OS's console:
`saltysim run --realtime` in a tmux pane (a real terminal), driven with
send-keys and read with capture-pane. The login prompt comes, root logs in,
a command runs, ^C ends a foreground `sleep 100` and the prompt returns,
Ctrl-] quits, the run ends well and the terminal is back in cooked mode."""
import os
import subprocess
import sys
import tempfile
import time

exe = sys.argv[1]
session = "saltysim-test-%d" % os.getpid()
failures = []


def tmux(*args, check=True):
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=check).stdout


def pane():
    return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session)


def wait_for(text, after=0, timeout=20.0):
    """Waits until the pane holds `text` past offset `after`; its offset."""
    end = time.time() + timeout
    while time.time() < end:
        p = pane()
        at = p.find(text, after)
        if at >= 0:
            return at
        time.sleep(0.1)
    failures.append("'%s' did not appear; the pane:\n%s" % (text, pane()))
    raise SystemExit(finish())


def finish():
    tmux("kill-session", "-t", session, check=False)
    for f in failures:
        print("FAIL:", f)
    print("%d failed" % len(failures))
    return 1 if failures else 0


with tempfile.TemporaryDirectory() as tmp:
    status_file = os.path.join(tmp, "status")
    stty_file = os.path.join(tmp, "stty")
    # The run's exit status and the terminal mode afterwards go to files.
    cmd = "%s run --realtime 2>/dev/null; echo $? > %s; stty -a > %s; sleep 30" % (exe, status_file, stty_file)
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "50", cmd)
    try:
        wait_for("Ctrl-] quits")
        at = wait_for("saltysim login: ")
        tmux("send-keys", "-t", session, "root", "Enter")
        at = wait_for("Password: ", at)
        tmux("send-keys", "-t", session, "root", "Enter")
        at = wait_for("# ", at)
        tmux("send-keys", "-t", session, "echo hi from $((6*7))", "Enter")
        at = wait_for("hi from 42", at)
        tmux("send-keys", "-t", session, "sleep 100", "Enter")
        at = wait_for("sleep 100", at)
        time.sleep(0.5)
        started = time.time()
        tmux("send-keys", "-t", session, "C-c")
        at = wait_for("^C", at)
        at = wait_for("# ", at)
        if time.time() - started > 10:
            failures.append("^C did not end the sleep at once")
        tmux("send-keys", "-t", session, "echo status $?", "Enter")
        at = wait_for("status 130", at)
        tmux("send-keys", "-t", session, "C-]")
        end = time.time() + 20
        while not os.path.exists(stty_file) and time.time() < end:
            time.sleep(0.1)
        time.sleep(0.2)
        status = open(status_file).read().strip() if os.path.exists(status_file) else "none"
        if status != "0":
            failures.append("saltysim exited with %s after Ctrl-]" % status)
        stty = open(stty_file).read() if os.path.exists(stty_file) else ""
        if " icanon" not in stty or " echo" not in stty:
            failures.append("the terminal was not restored:\n" + stty)
    except SystemExit:
        raise
    sys.exit(finish())
