// init/init_support.h — init's CSpace layout beyond the boot plan's ranges
// (boot_plan.h) and the small helpers every init file uses: invocations,
// retyping from the root untypeds, log lines. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/init/boot_plan.h"
#include "lib/span.h"
#include "uapi/kernel_abi.h"

namespace init {

// init's slots: 3 procmgr's endpoint minted with badge 1 (init's own
// badge), 4 rsrcsrv's (badge 1), 16..79 the root untypeds, 80..95 scratch,
// 100 + i service endpoints (boot_plan.h), 150 + i the readiness
// notification of procmgr-spawned service i (init-spawned ones keep theirs
// in their window, §1.5 "ready-ntfn+8"), 200 + 128·k windows.
inline constexpr uint64_t kInitProcmgrSlot = uapi::SLOT_PROCMGR_EP;
inline constexpr uint64_t kInitRsrcsrvSlot = 4;
inline constexpr uint64_t kInitBadge = 1;
inline constexpr uint64_t kRootUntypedBase = 16;
inline constexpr uint64_t kRootUntypedEnd = 16 + 64;
inline constexpr uint64_t kScratch = 80;
inline constexpr uint64_t kReadinessBase = 150;
static_assert(kReadinessBase >= kServiceEndpointBase + kMaxServices &&
              kReadinessBase + kMaxServices <= kChildWindowBase);
// procmgr's slots for the pager's endpoint (procmgr/main.cpp kMmsrvSlot).
inline constexpr uint64_t kProcmgrPagerSlot = 64;
// Window of an init-spawned child (window_base + ...), §1.5's offsets; the
// child's untyped budget passes through +9 on its way to child slot 7.
inline constexpr uint64_t kWinTcb = 0, kWinVSpace = 1, kWinCNode = 2, kWinSc = 3, kWinStack = 4, kWinIpc = 6,
                          kWinImage = 7, kWinReady = 8, kWinUntyped = 9;
inline constexpr uint64_t kWinSlotsUsed = 10;
static_assert(kWinSlotsUsed <= kChildWindowSize);

uint64_t inv(uint64_t cap, uint64_t label, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0);
// One object from the root untypeds into init's slot `dest`.
uint64_t retype(uint64_t type, uint64_t size_bits, uint64_t dest);
// Empties init's slot (revoking what was derived from it first).
void clear_slot(uint64_t slot);

// `init: <a><b>\n` and `init: <what><name> (status <n>)\n`.
void log_line(lib::Str a, lib::Str b = lib::Str());
void log_status(lib::Str what, lib::Str name, uint64_t status);
// "init: <what><name> (status N)" for an exit with status N, "(killed by
// signal N)" for a signal: a wait status as PM_WAIT reports it.
void log_exit(lib::Str what, lib::Str name, int wait_status);

}  // namespace init
