// `saltysim run serial-echo`: one machine with COM1 and a simulated serial
// driver thread that echoes every received line upper-cased ("quit" or ^D
// ends it). Without --realtime the scenario types a fixed line itself and
// ends once it is echoed; with --realtime COM1 is the host terminal.
#pragma once

#include "scenarios/builtin_scenarios.h"

namespace sim {

void serial_echo(const ScenarioContext& ctx);

}  // namespace sim
