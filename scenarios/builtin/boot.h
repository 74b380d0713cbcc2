// The default scenario: the simulated OS boots from its initrd. One PC
// (hw_model) whose cpio initrd holds services/*.service unit files and
// program images (procmgr, namesrv, rsrcsrv, hello); the era-B kernel model
// on it; init (servers/core/init, trona_program_init) as the root task reads the
// initrd, plans the boot, starts procmgr itself and namesrv/rsrcsrv through
// procmgr, hands the root untypeds to rsrcsrv and runs bin/hello.
#pragma once

#include "hw_model/machine_config.h"
#include "scenarios/builtin/machine_world.h"
#include "scenarios/builtin_scenarios.h"

namespace sim::scenarios {
void boot(const ScenarioContext& ctx);
// Hooks for the Lua scenarios (sim/host/scenario_lua): the default boot's
// machine (its initrd with the unit files), and booting init on a machine
// built from any config (the Lua machine{} edits memory, disks, NICs).
hw::MachineConfig boot_machine_config();
MachineWorld* boot_machine(const ScenarioContext& ctx, hw::MachineConfig cfg);
}
