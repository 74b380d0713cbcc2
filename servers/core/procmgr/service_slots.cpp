// The well-known service slots of every process procmgr builds
// (kernel-abi.md §2.9: "11 console EP"; 12 posix_ttysrv, designed), filled from the providers init
// registered when each service became ready. The VFS's slot 4 has its own
// path (vfs_clients.cpp: the VFS also hears of the process).
#include "core/procmgr/internal.h"

namespace procmgr::detail {

namespace {

struct WellKnown {
  const char* provider;
  uint64_t slot;
};
constexpr WellKnown kWellKnown[] = {
    {"console", uapi::SLOT_CONSOLE_EP},
    {"ttysrv", uapi::SLOT_TTYSRV_EP},  // designed (uapi/abi/slots.h)
};

}  // namespace

uint64_t give_service_slots(Procmgr& pm, Proc& c) {
  for (const WellKnown& w : kWellKnown) {
    for (const Provider& pv : pm.providers) {
      if (!pv.used || !lib::Str(pv.name, pv.name_len).equals(w.provider)) continue;
      if (uint64_t st = pm.ops.give_endpoint(pm.index_of(&c), pv.slot, w.slot, c.badge); st != TRONA_OK) return st;
    }
  }
  return TRONA_OK;
}

}  // namespace procmgr::detail
