#!/usr/bin/env python3
"""Self-test of tools/check_layers.py (ctest layers.selftest).

Builds tiny trees in a temporary folder, each with the repository's real
tools/layers.txt, and runs the checker on them with --root: a tree that
keeps the rules must pass (exit 0); each tree with one forbidden include
must fail (exit 1) and name the file and line. Standard library only.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "check_layers.py")
RULES = os.path.join(HERE, "layers.txt")

# Files every tree has; all of them keep the rules.
CLEAN = {
    "sim/runtime/sched/scheduler.h": '#include <vector>\n#include "sim/runtime/time/clock.h"\n',
    "sim/runtime/time/clock.h": "#pragma once\n",
    "sim/host/cli/main.cpp": '#include "scenarios/registry.h"\n#include "sim/runtime/sched/scheduler.h"\n',
    "scenarios/registry.h": '#include "sim/host/programs/programs.h"\n#include "hw_model/machine.h"\n',
    "sim/host/programs/programs.h": '#include "trona/core/syscall.h"\n',
    "hw_model/machine.h": '#include "sim/runtime/time/clock.h"\n',
    "hw_model/machine_bus.h": "#pragma once\n",
    "kernel_model/kernel.h": '#include "hw_model/machine_bus.h"\n#include "uapi/abi/syscalls.h"\n',
    "servers/uapi/abi/syscalls.h": "#include <stdint.h>\n",
    "servers/uapi/namesrv.h": '#include "proto/namesrv_labels.h"\n',
    "servers/lib/span.h": '#include <stddef.h>\n#include "uapi/abi/syscalls.h"\n',
    "servers/trona/core/syscall.h": '#include "lib/span.h"\n',
    "servers/trona/clients/namesrv_client.cpp": '#include "proto/namesrv_client.h"\n#include "trona/core/syscall.h"\n',
    "servers/core/namesrv/handler.h": '#include "core/namesrv/registry.h"\n#include "proto/namesrv_server.h"\n#include "trona/core/syscall.h"\n',
    "servers/core/namesrv/registry.h": "#include <stdint.h>\n",
    "tests/hw_model/support/run.h": '#include "hw_model/machine.h"\n',
    "bench/bench_x.cpp": '#include "hw_model/machine.h"\n',
}

# name -> (file, text, what the report must mention)
BROKEN = {
    "runtime includes the host side": (
        "sim/runtime/log/log.cpp", '#include <cstdio>\n#include "sim/host/cli/main.cpp"\n', "sim/runtime/log/log.cpp:2"),
    "hw_model includes the kernel model": (
        "hw_model/blk/disk.cpp", '#include "kernel_model/kernel.h"\n', "hw_model/blk/disk.cpp:1"),
    "kernel_model includes more of hw_model than the bus": (
        "kernel_model/ipc/ep.cpp", '#include "hw_model/machine.h"\n', "kernel_model/ipc/ep.cpp:1"),
    "bench includes test code": (
        "bench/bench_y.cpp", '\n#include "tests/hw_model/support/run.h"\n', "bench/bench_y.cpp:2"),
    "scenarios include the command line": (
        "scenarios/builtin/boot.cpp", '#include "sim/host/cli/main.cpp"\n', "scenarios/builtin/boot.cpp:1"),
    "a server includes sim/": (
        "servers/core/namesrv/main.cpp", '#include "sim/runtime/time/clock.h"\n', "servers/core/namesrv/main.cpp:1"),
    "a server includes another server": (
        "servers/core/rsrcsrv/main.cpp", '#include "core/namesrv/registry.h"\n', "servers/core/rsrcsrv/main.cpp:1"),
    "the kernel model includes more of servers than the ABI": (
        "kernel_model/tcb.cpp", '#include "uapi/namesrv.h"\n', "kernel_model/tcb.cpp:1"),
    "lib includes trona": (
        "servers/lib/serve.cpp", '#include "trona/core/syscall.h"\n', "servers/lib/serve.cpp:1"),
    "trona core includes a protocol client": (
        "servers/trona/core/heap.cpp", '#include "trona/clients/namesrv_client.cpp"\n', "servers/trona/core/heap.cpp:1"),
    "uapi includes lib": (
        "servers/uapi/wire.h", '#include "lib/span.h"\n', "servers/uapi/wire.h:1"),
    "a file no rule covers": (
        "sim/extra/x.cpp", '#include "sim/runtime/time/clock.h"\n', "sim/extra/x.cpp: no rule"),
    "a server includes a hosted header": (
        "servers/core/namesrv/main.cpp", "#include <stdint.h>\n#include <vector>\n", "servers/core/namesrv/main.cpp:2"),
}


def make_tree(top, extra=None):
    files = dict(CLEAN)
    if extra:
        files[extra[0]] = extra[1]
    for rel, text in files.items():
        path = os.path.join(top, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    os.makedirs(os.path.join(top, "tools"), exist_ok=True)
    with open(RULES, encoding="utf-8") as src, open(os.path.join(top, "tools", "layers.txt"), "w") as dst:
        dst.write(src.read())


def run(top):
    p = subprocess.run([sys.executable, CHECKER, "--root", top], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    failures = 0
    with tempfile.TemporaryDirectory(prefix="layers-selftest-") as tmp:
        top = os.path.join(tmp, "clean")
        make_tree(top)
        rc, out = run(top)
        if rc != 0:
            print("FAIL clean tree: exit {} (want 0)\n{}".format(rc, out))
            failures += 1
        for i, (name, (rel, text, expect)) in enumerate(sorted(BROKEN.items())):
            top = os.path.join(tmp, "broken{}".format(i))
            make_tree(top, (rel, text))
            rc, out = run(top)
            if rc != 1 or expect not in out:
                print("FAIL {}: exit {} (want 1), want '{}' in the report\n{}".format(name, rc, expect, out))
                failures += 1
            else:
                print("ok   {}: {}".format(name, out.splitlines()[0]))
    print("layers selftest: {} failure(s)".format(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
