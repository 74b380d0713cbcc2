// personalities/posix_ttysrv/trona_ops.h — posix_ttysrv::Ops on the trona
// interface: reply caps saved in its own CSpace, procmgr at
// SLOT_PROCMGR_EP, the console at SLOT_CONSOLE_EP. Built with the program,
// not the logic.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "personalities/posix_ttysrv/ops.h"
#include "trona/core/saved_callers.h"

namespace posix_ttysrv {

// ttysrv's CSpace (the unit gives it CNodeBits=12): 32 the service
// endpoint (init's pre-created one), 27..30 receive slots, 31 the probe
// slot, saved reply caps from 2048.
inline constexpr uint64_t kServiceEndpointSlot = 32;
inline constexpr uint64_t kRecvSlot = 27;
inline constexpr uint64_t kProbeSlot = 31;
inline constexpr uint64_t kSavedSlotBase = 2048;
inline constexpr size_t kSavedSlots = 1024;

class TronaOps final : public Ops {
 public:
  // The console line's own processing off (ttysrv does it): CONSOLE_TCSETATTR raw.
  void console_raw();

  bool save_caller(uint64_t* slot) override { return saved_.save(slot); }
  bool reply_saved(uint64_t slot, const lib::Reply& rp) override { return saved_.answer(slot, rp); }
  int ids_of(uint64_t badge, uint64_t* pgid, uint64_t* sid) override;
  int sid_of_pid(uint64_t pid, uint64_t* sid) override;
  void kill_pgrp(uint64_t pgrp, int sig) override;
  void console_write(const char* data, size_t n) override;
  uint64_t monotonic_ns() override;

 private:
  trona::SavedCallers<kSavedSlotBase, kSavedSlots> saved_;
};

}  // namespace posix_ttysrv
