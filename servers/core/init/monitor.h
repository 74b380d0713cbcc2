// init/monitor.h — init's last phase (kernel-abi.md §1.3 step 9), for the
// life of the system: reap every child (PM_WAIT -1), apply Restart= to the
// services, note the first program's end. Freestanding.
#pragma once

#include <stdint.h>

#include "core/init/boot_state.h"
#include "lib/span.h"

namespace init {

// Restart=: always, or on-failure when the wait status is not a clean exit 0.
bool wants_restart(const Unit& u, int status);

// Never returns while init has children; returns 0 when none is left
// (`init: no children left`), 1 if PM_WAIT fails otherwise.
int monitor(Boot& b, lib::Str first, uint64_t first_pid);

}  // namespace init
