#!/usr/bin/env python3
"""End-to-end checks of the saltysim command line: exit codes, messages,
determinism checking, deadlock-free default run."""
import subprocess
import sys

exe = sys.argv[1]
failures = []


def run(*args):
    p = subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    if not cond:
        failures.append("%s %s" % (name, detail))


rc, out, err = run("run")
check("default run exits 0", rc == 0, err)
check("default run summary", "scenario 'default' ended: idle" in out, out)
check("default run logs with virtual time", "[   0.010000000] info  demo [producer] tick 1" in err, err)

rc2, out2, err2 = run("run")
check("same seed, same log", err == err2)
check("same seed, same summary", out == out2)

rc, out, err = run("run", "--check-determinism", "--explore", "--seed", "9")
check("determinism check passes", rc == 0 and "determinism check passed" in out, out + err)

rc, out, err = run("run", "selftest-nondeterminism", "--check-determinism")
check("divergence exits 1", rc == 1, str(rc))
check("divergence located", "runs diverge at decision #" in err and "run 1:" in err and "run 2:" in err, err)

rc, out, err = run("run", "no-such-scenario")
check("unknown scenario exits 2", rc == 2, str(rc))
check("unknown scenario lists built-ins", "default" in err, err)

rc, out, err = run("run", "--seed", "banana")
check("bad seed exits 2", rc == 2, str(rc))

rc, out, err = run("run", "--log", "vfs=loud")
check("bad log spec exits 2", rc == 2 and "unknown log level 'loud'" in err, err)

rc, out, err = run("run", "--until", "soon")
check("bad duration exits 2", rc == 2 and "not a duration" in err, err)

rc, out, err = run("run", "--until", "25ms")
check("--until stops at the limit", rc == 0 and "time limit at t=   0.025000000" in out, out)

rc, out, err = run("--bogus-flag")
check("unknown flag exits 2", rc == 2, str(rc))

rc, out, err = run()
check("no subcommand exits 2", rc == 2, str(rc))

rc, out, err = run("--help")
check("--help exits 0 and shows run", rc == 0 and "run" in out, out)

rc, out, err = run("run", "--help")
check("run --help lists --seed", rc == 0 and "--seed" in out and "--check-determinism" in out, out)

rc, out, err = run("run", "--realtime", "--until", "30ms")
check("realtime run ends at the limit", rc == 0 and "time limit" in out, out + err)

rc, out, err = run("run", "--realtime", "--check-determinism")
check("realtime + check-determinism rejected", rc == 2, str(rc))

for f in failures:
    print("FAIL:", f)
print("%d passed, %d failed" % (0 if failures else 1, len(failures)))
sys.exit(1 if failures else 0)
