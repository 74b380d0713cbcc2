// `saltysim run serial-echo`: one machine with COM1 and a simulated serial
// driver thread that echoes every received line upper-cased ("quit" or ^D
// ends it). Without --realtime the scenario types a fixed line itself and
// ends once it is echoed; with --realtime COM1 is the host terminal.
#pragma once

#include <functional>

#include "hw_model/machine.h"
#include "scenarios/builtin_scenarios.h"

namespace sim {

void serial_echo(const ScenarioContext& ctx);
// Hook for the Lua scenarios: the echo driver thread on a machine the
// caller owns (it must outlive the scheduler's threads); returns what the
// machine's COM1 output listener must call for each transmitted byte.
std::function<void(char)> serial_echo_start(Scheduler& s, hw::Machine& m);

}  // namespace sim
