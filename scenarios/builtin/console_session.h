// A person at COM1, scripted: waits for what the console shows and types
// the next line, step by step on virtual time, then prints the whole
// transcript. The default scenario's session (boot.cpp: login as root,
// a directory tree, a redirection, a pipeline, a background job and
// kill %1, ^C of a foreground sleep, logout). Host-side scenario code.
#pragma once

#include <string>
#include <vector>

#include "hw_model/machine.h"
#include "scenarios/builtin_scenarios.h"
#include "sim/runtime/time/virtual_clock.h"

namespace sim::scenarios {

struct ConsoleStep {
  std::string expect;  // wait until the output since the last step holds this
  std::string type;    // then type this at COM1
  VDuration delay = 0;  // after the text came, before typing
  VDuration timeout = 30 * kSec;
};

// Spawns the typist on ctx.sched; it owns COM1's output listener. A step
// whose text does not come in time fails the run (the thread throws, with
// the step and the console's last lines). At the end the transcript goes
// to stdout between two marker lines.
void run_console_session(const ScenarioContext& ctx, hw::Machine& m, std::vector<ConsoleStep> steps);

// The default session (as root, password root from the initrd's
// /etc/passwd).
std::vector<ConsoleStep> default_console_session();

}  // namespace sim::scenarios
