#!/usr/bin/env python3
"""Drives gdb in batch mode against gdb_demo: the saltysim gdb commands
must list the simulated threads and backtrace a suspended one, both on the
live process and on a core file written from it."""
import os
import subprocess
import sys

demo, script, workdir = sys.argv[1], sys.argv[2], sys.argv[3]
core = os.path.join(workdir, "gdb_demo.core")
if os.path.exists(core):
    os.remove(core)


def gdb(*commands, target=(demo,)):
    args = ["gdb", "-batch", "-nx", "-ex", "set debuginfod enabled off", "-ex", "source " + script]
    for c in commands:
        args += ["-ex", c]
    out = subprocess.run(args + list(target), capture_output=True, text=True, timeout=120)
    return out.stdout + out.stderr


failures = []


def expect(text, needle, what):
    if needle not in text:
        failures.append("%s: missing %r" % (what, needle))


def check(text, what):
    # saltysim-threads
    expect(text, "mail-server", what)
    for line in text.splitlines():
        if line.split()[1:2] == ["mail-server"] and "blocked" in line:
            expect(line, "mailbox #7", what + " (mail-server row)")
            break
    else:
        failures.append(what + ": no blocked mail-server row")
    expect(text, "sleep #0", what)
    expect(text, "finished", what)
    # saltysim-bt mail-server: frames from the fiber's own stack
    expect(text, "thread 1 'mail-server' (blocked, waits on mailbox #7):", what)
    expect(text, "in sim::Scheduler::block", what)
    expect(text, "wait_for_mail at", what)
    expect(text, "server_loop at", what)
    expect(text, "in sim::Thread::run_body", what)
    expect(text, "no simulated thread 'nosuch'", what)


live = gdb("break saltysim_gdb_demo_checkpoint", "run", "saltysim-threads", "saltysim-bt mail-server",
           "saltysim-bt nosuch", "generate-core-file " + core, "kill")
check(live, "live")
if not os.path.exists(core):
    failures.append("no core file written")
else:
    dead = gdb("saltysim-threads", "saltysim-bt mail-server", "saltysim-bt nosuch", target=(demo, core))
    check(dead, "core")
    os.remove(core)

if failures:
    print("gdb output (live):\n" + live)
    for f in failures:
        print("FAIL:", f)
    print("0 passed, 1 failed")
    sys.exit(1)
print("saltysim gdb commands work live and on a core file")
