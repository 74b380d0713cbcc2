// init/boot_state.h — everything one init keeps for the life of its system:
// the parsed units, the boot plan, the diagnostics, and each service's
// run-time record (pid, restarts, failed). Too large for init's target
// stack (8 pages), so it lives in process-local storage
// (trona::process_local): one instance per init process, so several
// machines may boot at once in one simulator process. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/init/boot_plan.h"
#include "core/init/unit_file.h"
#include "lib/diagnostics.h"
#include "lib/span.h"

namespace init {

// What init knows about service i (boot order) while the system runs.
struct ServiceRun {
  uint64_t pid;        // its pid at procmgr (PM_SPAWN, or PM_REGISTER for init-spawned ones); 0 = not running
  uint32_t restarts;   // Restart= restarts so far (at most kMaxRestarts)
  bool started;        // spawned at least once
  bool failed;         // could not start, not ready in time, or skipped (a Requires= failed)
};

inline constexpr uint32_t kMaxRestarts = 5;

struct Boot {
  Unit units[kMaxServices];
  size_t unit_count;
  BootPlan plan;
  lib::Diagnostics diag;
  ServiceRun run[kMaxServices];
  lib::Str initrd;
  bool procmgr_up;  // procmgr runs and init's slot 3 reaches it
};

// The calling init's state; reset_boot_state() before use (it starts as
// zero bytes, which is a valid empty state for every member).
Boot& boot_state();
void reset_boot_state();

}  // namespace init
