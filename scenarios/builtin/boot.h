// The default scenario: the simulated OS boots from its initrd. One PC
// (hw_model) whose cpio initrd holds services/*.service unit files and
// program images (procmgr, namesrv, rsrcsrv, hello); the era-B kernel model
// on it; init (servers/core/init, trona_program_init) as the root task reads the
// initrd, plans the boot, starts procmgr itself and namesrv/rsrcsrv through
// procmgr, hands the root untypeds to rsrcsrv and runs bin/hello.
#pragma once

#include <cstddef>
#include <functional>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"
#include "scenarios/builtin/machine_world.h"
#include "scenarios/builtin_scenarios.h"

namespace sim::scenarios {
// The default boot with getty on /dev/console (a login prompt on COM1;
// --realtime: the host terminal is COM1).
void boot(const ScenarioContext& ctx);
// boot() that returns the booting machine (init is its root task).
struct MachineWorld;
MachineWorld* boot_world(const ScenarioContext& ctx);
// The same boot, and a person logs in on COM1 and types a short session
// (console_session.h), whose transcript is printed. --realtime: as boot.
void login_session(const ScenarioContext& ctx);
// Adds getty (services/getty.service, Restart=always, and bin/getty) to an
// initrd.
void add_getty(hw::CpioBuilder& initrd);
// The default boot's machine (its initrd: the units and bin/ images);
// `extra` may add entries to the initrd (scenarios/builtin/run_program.h).
// The utilities the initrd holds as bin/<name> (servers/programs/coreutils).
inline constexpr std::size_t kUtilityCount = 41;
extern const char* const kUtilityNames[kUtilityCount];
hw::MachineConfig boot_machine_config(const std::function<void(hw::CpioBuilder&)>& extra = nullptr);
// Boots init on a machine built from any config (the Lua machine{} edits
// memory, disks, NICs of boot_machine_config(); sim/host/scenario_lua).
MachineWorld* boot_machine(const ScenarioContext& ctx, hw::MachineConfig cfg);
}
