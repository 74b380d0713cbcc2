// init/service_start.h — one start of service i, at boot or as a Restart=:
// a fresh readiness notification, the spawn (init-built or through
// procmgr), `init: started <name>`, and the wait for readiness.
// Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/init/boot_state.h"

namespace init {

enum class StartOutcome : uint8_t {
  kReady,        // running and ready
  kNotReady,     // running (or ended) but not ready: b.run[i].failed is set
  kSpawnFailed,  // nothing runs; *error = TRONA_* status (init-built) or errno (procmgr)
};

// An init-built service is registered with procmgr (PM_REGISTER) before it
// runs when procmgr already runs (b.procmgr_up); the ones started before
// procmgr are registered by hand_over_to_procmgr.
StartOutcome start_service(Boot& b, size_t index, uint64_t* error);

}  // namespace init
