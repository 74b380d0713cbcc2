// trona/core/readiness.h — telling init that a service is ready (kernel-abi.md
// §1.3 step 7, §1.4 Type=notify, §2.9 slot 14).
//
// Every process init starts gets a readiness Notification at slot 14
// (SLOT_READINESS_NTFN). A Type=notify service calls notify_ready() once it
// can serve (typically just before entering its receive loop); init waits
// for it, up to the unit's TimeoutStartSec, before starting the services
// ordered after it. A Type=simple service may call it too: nobody waits.
// Header-only (one syscall): servers that do not link the trona client
// stubs (mmsrv, namesrv, rsrcsrv) use it too. Freestanding.
#pragma once

#include <stdint.h>

#include "trona/core/syscall.h"

namespace trona {

// The word a ready service signals ("bit 1" of §1.3: the value 1); init
// accepts any non-zero word.
inline constexpr uint64_t kReadyBits = 1;

// Signals kReadyBits on slot 14. Returns the TRONA_* status of the signal:
// INVALID_CAPABILITY when the process has no readiness notification (not
// started by init, e.g. a test harness) — harmless, callers may ignore it.
inline uint64_t notify_ready() { return signal(uapi::SLOT_READINESS_NTFN, kReadyBits).error; }

}  // namespace trona
