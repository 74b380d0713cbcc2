// init/service_readiness.h — waiting for a service to say it is ready
// (kernel-abi.md §1.3 step 7, §1.4 Type/TimeoutStartSec): Type=simple is
// ready at once; Type=notify signals its readiness notification (slot 14
// in the child, trona::notify_ready) and init polls it on virtual time
// until the unit's timeout. Freestanding.
#pragma once

#include <stdint.h>

#include "core/init/unit_file.h"

namespace init {

// Default readiness timeout (§1.3: 10 s; TimeoutStartSec=infinity and no
// TimeoutStartSec mean this).
inline constexpr uint64_t kDefaultReadinessTimeoutNs = 10'000'000'000;
// How often init polls a notify service's notification.
inline constexpr uint64_t kReadinessPollNs = 1'000'000;

enum class Readiness : uint8_t { kReady, kTimedOut, kExited };

uint64_t readiness_timeout_ns(const Unit& u);

// Waits until the service is ready. `pid` != 0: a procmgr child of init,
// whose end before readiness is noticed (PM_WAIT WNOHANG: it is reaped,
// its wait status in *status). Logs `init: <name> ready` (notify only),
// `init: <name> not ready after <t>` or `init: <name> exited before it was
// ready (status <n>)`.
Readiness wait_ready(const Unit& u, uint64_t ntfn_slot, uint64_t pid, int* status);

}  // namespace init
