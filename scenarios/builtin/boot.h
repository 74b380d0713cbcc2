// The default scenario: the simulated OS boots from its initrd. One PC
// (hw_model) whose cpio initrd holds services/*.service unit files and
// program images (procmgr, namesrv, rsrcsrv, hello); the era-B kernel model
// on it; init (servers/core/init, trona_program_init) as the root task reads the
// initrd, plans the boot, starts procmgr itself and namesrv/rsrcsrv through
// procmgr, hands the root untypeds to rsrcsrv and runs bin/hello.
#pragma once

#include "scenarios/builtin_scenarios.h"

namespace sim::scenarios {
void boot(const ScenarioContext& ctx);
}
