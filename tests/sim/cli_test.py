#!/usr/bin/env python3
"""End-to-end checks of the saltysim command line: exit codes, messages,
determinism checking, deadlock-free default run (init boots from the
initrd), the machine demo, the serial console in
real-time mode (pipes and a pseudo-terminal)."""
import os
import pty
import select
import subprocess
import sys
import termios
import time

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
boot_lines = ["init: started procmgr", "init: started namesrv", "init: namesrv ready", "init: started rsrcsrv",
              "root untypeds handed to rsrcsrv", "hello: hello from the initrd",
              "init: exited: bin/hello (status 0)"]
at = [err.find(line) for line in boot_lines]
check("default run boots init from the initrd", all(a >= 0 for a in at), err)
check("default run starts the servers in dependency order, then hello", at == sorted(at), err)
check("default run: init keeps monitoring, the run still ends idle", "init exited" not in err, err)
check("default run logs in on COM1 and prints the session", "saltysim login: root\nPassword: \n#" in out
      and "# sleep 100\n^C\n# echo status $?; exit\nstatus 130\n" in out and "---- end of COM1 ----" in out, out)
rc_b, out_b, err_b = run("run", "boot")
check("boot scenario: the same boot without the session", rc_b == 0 and "init: started getty" in err_b
      and "session-typist" not in err_b, err_b)
rc_m, out_m, err_m = run("run", "machine-demo")
check("machine-demo run exits 0", rc_m == 0 and "scenario 'machine-demo' ended: idle" in out_m, out_m + err_m)
check("machine-demo boots the machine and kernel", "m0/com1: init: hello from the root task" in err_m, err_m)
check("machine-demo serves IPC", "init: call 3 at 46500000 ns -> error 0, reply 6" in err_m, err_m)
rc_demo, _, err_demo = run("run", "runtime-demo")
check("runtime demo logs with virtual time", rc_demo == 0 and "[   0.010000000] info  demo [producer] tick 1" in err_demo, err_demo)

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

rc, out, err = run("run", "machine-demo", "--until", "25ms")
check("--until stops at the limit", rc == 0 and "time limit at t=   0.025000000" in out, out)

rc, out, err = run("run", "--lenient-vm")
check("--lenient-vm boots the default scenario with the old memory model", rc == 0, out + err)

rc, out, err = run("--bogus-flag")
check("unknown flag exits 2", rc == 2, str(rc))

rc, out, err = run()
check("no subcommand exits 2", rc == 2, str(rc))

rc, out, err = run("--help")
check("--help exits 0 and shows run", rc == 0 and "run" in out, out)

rc, out, err = run("run", "--help")
check("run --help lists --seed", rc == 0 and "--seed" in out and "--check-determinism" in out, out)

rc, out, err = run("run", "machine-demo", "--realtime", "--until", "30ms")
check("realtime run ends at the limit", rc == 0 and "time limit" in out, out + err)

rc, out, err = run("run", "--realtime", "--check-determinism")
check("realtime + check-determinism rejected", rc == 2, str(rc))

# --- serial-echo: a machine's COM1 and its echo driver ---

rc, out, err = run("run", "serial-echo")
check("serial-echo exits 0", rc == 0 and "scenario 'serial-echo' ended: idle" in out, out + err)
check("serial-echo shows the echoed line", "m0/com1: HELLO FROM SALTYSIM" in err
      and "COM1 echoed 'HELLO FROM SALTYSIM'" in err, err)
rc2, out2, err2 = run("run", "serial-echo")
check("serial-echo is deterministic", (out, err) == (out2, err2))
rc, out, err = run("run", "serial-echo", "--check-determinism", "--explore", "--seed", "5")
check("serial-echo passes the determinism check", rc == 0 and "determinism check passed" in out, out + err)


def realtime(stdin_bytes, close_stdin=True, timeout=10):
    """Runs serial-echo --realtime fed by a pipe; returns (rc, out, err,
    seconds), rc None on a timeout. With close_stdin=False the pipe stays
    open while it runs, so only the scenario itself (quit) can end it."""
    t0 = time.monotonic()
    p = subprocess.Popen([exe, "run", "serial-echo", "--realtime"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(stdin_bytes)
    p.stdin.flush()
    if close_stdin:
        p.stdin.close()
    try:
        rc = p.wait(timeout=timeout)  # the output is small: the pipes never fill
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = None
    secs = time.monotonic() - t0
    if not close_stdin:
        p.stdin.close()
    out, err = p.stdout.read().decode(), p.stderr.read().decode()
    p.stdout.close()
    p.stderr.close()
    return rc, out, err, secs


rc, out, err, secs = realtime(b"hello\nquit\n")
check("realtime serial-echo echoes HELLO and exits 0", rc == 0 and "HELLO\r\n" in out and "BYE" in out,
      "rc=%s out=%r err=%r" % (rc, out, err))
check("realtime serial-echo ends within seconds", secs < 5, "%.1fs" % secs)

rc, out, err, secs = realtime(b"hello\nquit\n", close_stdin=False)
check("quit ends a realtime run while stdin stays open", rc == 0 and "BYE" in out,
      "rc=%s out=%r err=%r" % (rc, out, err))

rc, out, err, secs = realtime(b"abc\n")
check("EOF ends a realtime run cleanly", rc == 0 and "ABC\r\n" in out and "BYE" not in out
      and "host input ended" in err, "rc=%s out=%r err=%r" % (rc, out, err))

rc, out, err, secs = realtime(b"")
check("EOF at once ends a realtime run cleanly", rc == 0 and "ended: idle" in out,
      "rc=%s out=%r err=%r" % (rc, out, err))

p = subprocess.run([exe, "run", "serial-echo", "--realtime"], capture_output=True, text=True, timeout=30,
                   preexec_fn=lambda: os.close(0))
check("realtime without a stdin fails with a message", p.returncode == 1
      and "host terminal: input: Bad file descriptor" in p.stderr, "rc=%s %r" % (p.returncode, p.stderr))


def read_until(fd, needle, timeout=5.0):
    data = b""
    end = time.monotonic() + timeout
    while needle not in data and time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                data += os.read(fd, 4096)
            except OSError:
                break
    return data


def tty_session(keys):
    """Runs serial-echo --realtime on a pseudo-terminal, types `keys` (a
    list of (bytes, expected echo)), returns (rc, transcript, mode before,
    mode after, mode during)."""
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    p = subprocess.Popen([exe, "run", "serial-echo", "--realtime", "--log", "warn"], stdin=slave,
                         stdout=slave, stderr=subprocess.PIPE)
    transcript = b""
    during = None
    try:
        for typed, expected in keys:
            if during is None:
                time.sleep(0.2)  # let it reach raw mode before typing
                during = termios.tcgetattr(slave)
            os.write(master, typed)
            transcript += read_until(master, expected)
        rc = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = None
    transcript += read_until(master, b"ended", timeout=1.0)
    after = termios.tcgetattr(slave)
    os.close(master)
    os.close(slave)
    p.stderr.close()
    return rc, transcript, before, after, during


LFLAG = 3
rc, transcript, before, after, during = tty_session([(b"hi\r", b"HI\r"), (b"quit\r", b"BYE")])
check("tty: raw mode during the run", during is not None and not (during[LFLAG] & (termios.ICANON | termios.ECHO)),
      repr(during))
check("tty: typed line echoed by the simulated driver only", b"HI\r" in transcript and b"hi" not in transcript,
      repr(transcript))
check("tty: quit exits 0", rc == 0 and b"BYE" in transcript, "rc=%s %r" % (rc, transcript))
check("tty: terminal mode restored", before == after, "%r != %r" % (before, after))

rc, transcript, before, after, during = tty_session([(b"x\x04", b"BYE")])
check("tty: ^D ends the session", rc == 0 and b"X\r\r\nBYE" in transcript, "rc=%s %r" % (rc, transcript))
check("tty: terminal mode restored after ^D", before == after)

for f in failures:
    print("FAIL:", f)
print("%d passed, %d failed" % (0 if failures else 1, len(failures)))
sys.exit(1 if failures else 0)
