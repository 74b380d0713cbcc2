// init/procmgr_handover.h — what init tells procmgr once procmgr runs
// (kernel-abi.md §1.5 PM_REGISTER, labels 60/61): the services init built
// itself become procmgr processes (PM_REGISTER with their badge and CNode,
// so their exit reaches init's PM_WAIT), every unit's definition
// (PM_REGISTER_SERVICE_DEFS) and every init-spawned service's endpoint as
// a provider (PM_REGISTER_PROVIDER). Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/init/boot_state.h"

namespace init {

// PM_REGISTER of init-spawned service i (not procmgr): its pid goes to
// b.run[i].pid. Returns 0 or an errno (logged `init: cannot register
// <name> with procmgr (status <errno>)`).
int register_direct_child(Boot& b, size_t index);

// Registers every init-spawned service started before procmgr (if one of
// them already ended, its PM_EXIT was refused and init never learns of its
// end: documented), then the service
// definitions and the providers. Logs `init: registered with procmgr: <n>
// service definitions, <m> providers`, each failure on its own line.
void hand_over_to_procmgr(Boot& b);

}  // namespace init
