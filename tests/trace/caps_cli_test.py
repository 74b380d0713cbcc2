#!/usr/bin/env python3
"""End-to-end checks of the capability and post-mortem command line:
`saltysim run boot --caps-record FILE`, `saltysim caps FILE QUERY` (text,
dot, errors, help), `--caps-query`, and that the record and the
post-mortem rings leave the run's decision hash as it was."""
import os
import re
import subprocess
import sys
import tempfile

exe = sys.argv[1]
failures = []


def run(*args):
    p = subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    if not cond:
        failures.append("%s: %s" % (name, detail[-2000:]))


def hash_of(out):
    m = re.search(r"hash (0x[0-9a-f]+)", out)
    return m.group(1) if m else None


with tempfile.TemporaryDirectory() as tmp:
    rec = os.path.join(tmp, "boot.caps")
    rc, out, err = run("run", "boot", "--caps-record", rec)
    check("run --caps-record exits 0", rc == 0, err)
    check("run --caps-record says where", "capability record written to " + rec in out, out)
    check("the record starts with its magic line", open(rec).readline() == "saltysim-caps 1\n")
    check("the record names its command", "command saltysim run boot --seed 1\n" in open(rec).read())

    rc_p, out_p, _ = run("run", "boot", "--no-post-mortem")
    check("same hash with and without the recorder", hash_of(out) and hash_of(out) == hash_of(out_p), out + out_p)

    rc, out, err = run("caps", rec, "reach", "procmgr")
    check("caps reach exits 0", rc == 0, err)
    check("procmgr's endpoint is reached by init", "served by procmgr" in out and "direct  init: cap" in out, out)

    rc, out, err = run("caps", rec, "reach", "procmgr", "--format", "dot")
    check("caps reach --format dot", rc == 0 and out.startswith("digraph reach {") and out.rstrip().endswith("}"), out)

    rc, out, err = run("caps", rec, "origin", "--process", "getty", "--slot", "3")
    check("caps origin: getty's procmgr cap was minted by procmgr", rc == 0 and "mint at t=" in out and
          "by procmgr" in out, out + err)

    rc, out, err = run("caps", rec, "held", "vfs", "--at", "1ms")
    check("caps held", rc == 0 and out.startswith("vfs at t=") and "holds" in out, out + err)

    rc, out, err = run("caps", rec, "diff", "init", "--from", "0", "--to", "end")
    check("caps diff", rc == 0 and "gained" in out and "lost" in out, out + err)

    rc, out, err = run("caps", rec)
    check("caps without a query is bad input", rc == 2, out + err)
    rc, out, err = run("caps", rec, "held", "nobody")
    check("caps with an unknown process is bad input", rc == 2 and "no process 'nobody'" in err, err)
    rc, out, err = run("caps", os.path.join(tmp, "missing.caps"), "held", "init")
    check("caps on a missing file is bad input", rc == 2 and "cannot read" in err, err)
    bad = os.path.join(tmp, "bad.caps")
    open(bad, "w").write("saltysim-caps 1\ncap x\n")
    rc, out, err = run("caps", bad, "held", "init")
    check("caps on a malformed file names the line", rc == 2 and "line 2" in err, err)
    rc, out, err = run("caps", "--help")
    check("caps --help lists the queries", rc == 0 and "reach ENDPOINT" in out and "diff PROCESS" in out, out)
    rc, out, err = run("caps", rec, "reach", "--help")
    check("caps FILE reach --help", rc == 0 and "ENDPOINT" in out, out)

    rc, out, err = run("run", "boot", "--caps-query", "held init", "--caps-query", "reach procmgr")
    check("run --caps-query answers at the end", rc == 0 and "saltysim: caps held init\ninit at t=" in out and
          "direct  init: cap" in out, out + err)
    rc, out, err = run("run", "--caps-query", "held init", "boot")
    check("one query per --caps-query (the scenario after it stays the scenario)",
          rc == 0 and "scenario 'boot' ended" in out and "init at t=" in out, out + err)
    rc, out, err = run("run", "boot", "--caps-query", "held")
    check("run --caps-query with a bad query exits 2", rc == 2, out + err)

    rc, out, err = run("run", "scenarios/boot.lua", "--caps-query", "held init")
    check("--caps-query is refused for Lua scenarios", rc == 2, err)

if failures:
    print("FAILED:\n" + "\n".join(failures))
    sys.exit(1)
print("ok")
