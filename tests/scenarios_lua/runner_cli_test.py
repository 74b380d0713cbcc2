#!/usr/bin/env python3
"""The Lua scenario runner through the command line: exit statuses and
messages, JUnit validated with xmllint against scenarios/junit.xsd and read
back, seed sweeps in parallel processes (--jobs 2 == --jobs 1), sharding
(--shard, GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS, JOB_COMPLETION_INDEX) giving
exactly the union of one unsharded run, merge-junit listing every seed once,
the progress bar on a terminal, `saltysim list`.

    runner_cli_test.py SALTYSIM CASES_DIR SCENARIOS_DIR WORK_DIR

The sweep has 20 seeds; SALTYSIM_SWEEP_SEEDS=200 runs the 200-seed sweep."""
import os
import pty
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

exe, cases, scenarios, work = sys.argv[1:5]
work = os.path.join(work, "cli_work")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
seeds = int(os.environ.get("SALTYSIM_SWEEP_SEEDS", "20"))
failures = []


def run(*args, env=None):
    e = dict(os.environ)
    for v in ("GTEST_SHARD_INDEX", "GTEST_TOTAL_SHARDS", "JOB_COMPLETION_INDEX", "SALTYSIM_SHARD_COUNT"):
        e.pop(v, None)
    e.update(env or {})
    p = subprocess.run([exe, *args], capture_output=True, text=True, timeout=600, env=e)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    if not cond:
        failures.append("%s: %s" % (name, detail))


def case(name):
    return os.path.join(cases, name)


# --- one run each: status, file:line, message, reproduction -----------------
expectations = [
    ("pass.lua", 0, "PASS " + case("pass.lua")),
    ("fail.lua", 1, "FAIL %s (seed 1): %s:5: the vfs came up" % (case("fail.lua"), case("fail.lua"))),
    ("assert.lua", 1, "%s:5: assertion failed: arithmetic is broken" % case("assert.lua")),
    ("syntax.lua", 1, "ERROR %s (seed 1): %s:3: unexpected symbol near '='" % (case("syntax.lua"), case("syntax.lua"))),
    ("runtime.lua", 1, "%s:4: attempt to index a nil value" % case("runtime.lua")),
    ("timeout.lua", 1, "%s:4: expect(m0 debug console, \"this text never appears\"): not seen within 0.250000s"
     % case("timeout.lua")),
    ("endless.lua", 1, "%s:4: instruction budget of 5000000 Lua instructions exceeded" % case("endless.lua")),
]
for name, want_rc, want in expectations:
    rc, out, err = run("run", case(name), "--lua-budget", "5000000")
    check(name + " exit status", rc == want_rc, "rc=%d out=%s" % (rc, out))
    check(name + " message", want in out, out)
    if want_rc:
        check(name + " reproduction", "reproduce: saltysim run %s --seed 1" % case(name) in out, out)
    check(name + " no crash", "Sanitizer" not in err and "terminate" not in err, err[-2000:])
rc, out, _ = run("run", case("fail.lua"))
check("failure shows the console's last lines", "--- m0 debug console" in out and "init: vfs ready" in out, out)
rc, out, _ = run("run", case("pass.lua"), "--seed", "7")
check("--seed is used", "(seed 7," in out, out)

# --- a folder, JUnit, xmllint, read back ---------------------------------------
junit = os.path.join(work, "cases.xml")
rc, out, err = run("run", cases, "--junit", junit, "--lua-budget", "5000000", "--no-progress")
check("folder run fails when a scenario fails", rc == 1, out + err)
names = sorted(f for f in os.listdir(cases) if f.endswith(".lua"))
check("folder run reports every file", all(case(n) in out for n in names), out)
x = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(scenarios, "junit.xsd"), junit],
                   capture_output=True, text=True)
check("JUnit validates against scenarios/junit.xsd", x.returncode == 0, x.stderr)
root = ET.parse(junit).getroot()
by_suite = {s.get("name"): s for s in root.findall("testsuite")}
check("one suite per file", sorted(by_suite) == sorted(case(n) for n in names), list(by_suite))
def outcome(tc):
    if tc.find("failure") is not None:
        return "failure"
    if tc.find("error") is not None:
        return "error"
    return "passed"
got = {os.path.basename(s): outcome(by_suite[s].find("testcase")) for s in by_suite}
want = {"pass.lua": "passed", "sandbox.lua": "passed", "fail.lua": "failure", "assert.lua": "failure",
        "timeout.lua": "failure", "syntax.lua": "error", "runtime.lua": "error", "endless.lua": "error",
        "endless_pcall.lua": "error"}
for k, v in want.items():
    check("JUnit outcome of " + k, got.get(k) == v, "%s != %s" % (got.get(k), v))
check("JUnit totals", root.get("tests") == str(len(names)) and
      int(root.get("failures")) == sum(1 for v in got.values() if v == "failure"), ET.tostring(root)[:300])
fail_tc = by_suite[case("fail.lua")].find("testcase")
check("JUnit failure names file:line", "fail.lua:5:" in fail_tc.find("failure").get("message"), "")
check("JUnit failure carries the reproduction", "saltysim run %s --seed 1" % case("fail.lua")
      in fail_tc.find("failure").text, fail_tc.find("failure").text)

# --- sweeps: jobs, shards, merge ------------------------------------------------
sweep_dir = os.path.join(work, "sweep")
os.makedirs(sweep_dir)
for f in ("flaky.lua",):
    shutil.copy(case(f), sweep_dir)
shutil.copy(os.path.join(scenarios, "boot.lua"), sweep_dir)
seed_arg = "1-%d" % seeds


def results(path):
    r = ET.parse(path).getroot()
    out = {}
    for s in r.findall("testsuite"):
        for tc in s.findall("testcase"):
            key = (s.get("name"), tc.get("name"))
            check("each seed once in " + path, key not in out, key)
            out[key] = outcome(tc)
    return out


one = os.path.join(work, "jobs1.xml")
rc1, out1, _ = run("run", sweep_dir, "--seeds", seed_arg, "--jobs", "1", "--junit", one, "--no-progress")
two = os.path.join(work, "jobs2.xml")
rc2, out2, _ = run("run", sweep_dir, "--seeds", seed_arg, "--jobs", "2", "--junit", two, "--no-progress")
r1, r2 = results(one), results(two)
check("sweep covers files x seeds", len(r1) == 2 * seeds, len(r1))
check("--jobs 2 gives the results of --jobs 1", r1 == r2, "")
check("--jobs 2 prints what --jobs 1 prints", out1 == out2, out1 + "\n---\n" + out2)
flaky_failed = sorted(k for k, v in r1.items() if v != "passed")
check("the flaky scenario fails for some seeds, boot for none",
      flaky_failed and all(k[0].endswith("flaky.lua") for k in flaky_failed), flaky_failed)
check("sweep exit status 1 with failures", rc1 == 1, rc1)
for k in flaky_failed:
    check("failing seed printed with its reproduction",
          "saltysim run %s --seed %s" % (k[0], k[1].split()[1]) in out1, k)

for how, shard_runs in (
        ("--shard", [(["--shard", "%d/4" % i], {}) for i in range(4)]),
        ("GTEST_*", [([], {"GTEST_SHARD_INDEX": str(i), "GTEST_TOTAL_SHARDS": "4"}) for i in range(4)]),
        ("JOB_COMPLETION_INDEX", [([], {"JOB_COMPLETION_INDEX": str(i), "SALTYSIM_SHARD_COUNT": "4"})
                                  for i in range(4)])):
    tag = how.strip("-*").replace("_", "").lower()
    pattern = os.path.join(work, tag + "-{shard}.xml")
    files = []
    union = {}
    for i, (args, env) in enumerate(shard_runs):
        rc, out, err = run("run", sweep_dir, "--seeds", seed_arg, "--jobs", "2", "--junit", pattern,
                           "--no-progress", *args, env=env)
        path = pattern.replace("{shard}", "%d-of-4" % i)
        check(how + " shard %d writes its own JUnit file" % i, os.path.exists(path), out + err)
        if not os.path.exists(path):
            continue
        files.append(path)
        part = results(path)
        check(how + " shards are disjoint", not (set(part) & set(union)), "")
        union.update(part)
    check(how + ": the shards' union equals the unsharded run", union == r1,
          "%d vs %d" % (len(union), len(r1)))
    merged = os.path.join(work, tag + "-merged.xml")
    rc, out, err = run("merge-junit", merged, *files)
    check(how + " merge-junit exit 0", rc == 0, out + err)
    check(how + " merged file lists every seed once, as the unsharded run", results(merged) == r1, "")
    x = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(scenarios, "junit.xsd"), merged],
                       capture_output=True, text=True)
    check(how + " merged JUnit validates", x.returncode == 0, x.stderr)
rc, out, err = run("merge-junit", os.path.join(work, "dup.xml"), one, one)
check("merge-junit drops duplicates", rc == 0 and "duplicates dropped" in out and results(
    os.path.join(work, "dup.xml")) == r1, out + err)
rc, out, err = run("run", sweep_dir, "--seeds", "1-4", env={"JOB_COMPLETION_INDEX": "0"})
check("JOB_COMPLETION_INDEX without a count is refused", rc == 2 and "SALTYSIM_SHARD_COUNT" in err, err)
rc, out, err = run("run", sweep_dir, "--shard", "4/4")
check("a shard that does not exist is refused", rc == 2, err)
rc, out, err = run("run", sweep_dir, "--seeds", "x")
check("a bad seed list is refused", rc == 2, err)

# --- determinism check through the workers ---------------------------------------
rc, out, err = run("run", os.path.join(scenarios, "boot.lua"), "--seeds", "1-4", "--jobs", "2",
                   "--check-determinism", "--no-progress")
check("sweep with --check-determinism", rc == 0 and "4 passed, 0 failed" in out, out + err)

# --- the shipped scenarios: a sweep with the determinism check, zero failures ----
rc, out, err = run("run", scenarios, "--seeds", seed_arg, "--jobs", "2", "--check-determinism", "--no-progress")
shipped = len([f for f in os.listdir(scenarios) if f.endswith(".lua")])
check("shipped scenarios: %d-seed sweep with --check-determinism passes" % seeds,
      rc == 0 and "%d passed, 0 failed of %d runs" % (shipped * seeds, shipped * seeds) in out, out + err)

# --- progress bar on a terminal --------------------------------------------------
master, slave = pty.openpty()
p = subprocess.Popen([exe, "run", os.path.join(scenarios, "boot.lua"), "--seeds", "1-3", "--jobs", "2"],
                     stdout=subprocess.PIPE, stderr=slave, text=True)
out, _ = p.communicate(timeout=120)
os.close(slave)
bar = b""
try:
    while True:
        chunk = os.read(master, 4096)
        if not chunk:
            break
        bar += chunk
except OSError:
    pass
os.close(master)
check("progress bar on a terminal", b"3/3 runs, 0 failed" in bar and b"\r[" in bar, bar)

# --- list ---------------------------------------------------------------------------
rc, out, err = run("list")
check("list shows the scenario files", rc == 0 and "boot.lua" in out and "serial-echo.lua" in out, out)

for f in failures:
    print("FAIL", f[:3000])
print("%d checks failed" % len(failures))
sys.exit(1 if failures else 0)
