// The person at the host terminal gets a machine's COM1 (real-time mode,
// `saltysim run --realtime`): bytes typed on the host go into the UART,
// what the UART transmits goes to host stdout. The host terminal is raw
// while attached (sim/host/terminal) and restored at the end. Ctrl-] or
// the end of host input detaches and stops the run (a stopped run ends
// well). Scenario code (host side).
#pragma once

#include "hw_model/machine.h"
#include "scenarios/builtin_scenarios.h"

namespace sim::scenarios {

inline constexpr char kHostConsoleDetachKey = 0x1d;  // Ctrl-]

// Needs ctx.pacer (real-time mode). Replaces COM1's output listener.
void attach_host_console(const ScenarioContext& ctx, hw::Machine& m);

}  // namespace sim::scenarios
