// The simulated system as far as it exists: one PC (hw_model) with COM1,
// a disk and an initrd; the era-B kernel model on it; a root task that
// inspects its boot capabilities, talks to COM1 through its IoPort cap,
// retypes an endpoint from its untyped memory and serves an echo thread
// over Call/ReplyRecv in virtual time.
#pragma once

#include "hw_model/machine_config.h"
#include "scenarios/builtin/machine_world.h"
#include "scenarios/builtin_scenarios.h"

namespace sim::scenarios {
void machine_demo(const ScenarioContext& ctx);
// Hooks for the Lua scenarios: the demo's machine, and its root task on a
// machine built from any config.
hw::MachineConfig machine_demo_config();
void machine_demo_start(MachineWorld* world);
}
