// Running a program in a booted simulated system from the host: its
// stdout, stderr and exit status, on virtual time.
//
//   ProgramRun r{.argv = {"/bin/sh", "-c", "echo hi; exit 3"}};
//   ProgramResult x = run_program(r);   // x.out == "hi\n", x.status == 3
//
// How: the system boots with one more unit, `run_program` (After=ttysrv,
// an ordinary process procmgr spawns). That program is host code
// registered under the image name "run_program"; for each run of its
// session, in order, it makes three pipes, forks a child that puts them on
// fds 0/1/2, takes its own process group and execs argv[0] with argv and
// env; the runner writes the stdin bytes (then closes the pipe), collects
// stdout and stderr with poll until both end, and waits for the child. A
// run still going at its virtual-time timeout has its process group
// killed with SIGKILL (timed_out). Paths are the initrd's (procmgr's exec
// looks images up there: "/bin/sh").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hw_model/boot/cpio.h"
#include "sim/runtime/time/virtual_clock.h"

namespace sim::scenarios {

struct ProgramRun {
  std::vector<std::string> argv{};  // argv[0] is the path exec'ed
  std::string stdin_bytes{};      // then end of file
  std::vector<std::string> env{};  // "NAME=value" each
  VDuration timeout = 10 * kSec;  // virtual time from the fork
};

struct ProgramResult {
  std::string out, err;
  int status = -1;        // exit status; 128 + n when ended by signal n; -1 never ran
  int wait_status = 0;    // the raw wait status
  bool timed_out = false;
  bool started = false;   // the runner forked it
};

// Runs that one runner program executes in the system it boots with.
// results[i] belongs to runs[i]; on_result (if set) is called from the
// runner's simulated thread as each ends, on_done after the last one.
// keep_open: the runner does not end when it has run everything but looks
// for more every `poll` of virtual time (host code appends to `runs`
// while the simulation runs: a scenario step's sh(machine, "...")) until
// keep_open is false again.
struct ProgramSession {
  std::vector<ProgramRun> runs;
  std::vector<ProgramResult> results;
  bool done = false;
  bool keep_open = false;
  VDuration poll = kMs;
  std::function<void(std::size_t index, const ProgramResult&)> on_result;
  std::function<void()> on_done;
};

// Adds the runner's unit and image to an initrd (a system that has the
// VFS and ttysrv units, like the default boot's). `session` must outlive
// the run; one initrd, one session.
void add_program_runner(hw::CpioBuilder& initrd, ProgramSession* session);

// Boots the default system (scenarios/builtin/boot.cpp) on a fresh
// scheduler with the runner, runs every run in order in that one system
// and returns their results when the system is idle again. `extra_initrd`
// may add files (more images: "bin/<name>" naming a registered entry).
using InitrdHook = std::function<void(hw::CpioBuilder&)>;
std::vector<ProgramResult> run_programs(const std::vector<ProgramRun>& runs, std::uint64_t seed = 7,
                                        const InitrdHook& extra_initrd = nullptr);
ProgramResult run_program(const ProgramRun& run, const InitrdHook& extra_initrd = nullptr);

}  // namespace sim::scenarios
