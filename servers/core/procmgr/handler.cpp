// procmgr/handler.cpp — one PM_* request: find the caller, hand the label
// to the area that owns it (internal.h), put the status in the reply.
#include "core/procmgr/handler.h"

#include "core/procmgr/internal.h"

namespace procmgr {

void handle(Procmgr& pm, const lib::Request& rq, lib::Reply* rp) {
  Proc* me = pm.by_badge(rq.badge);
  if (me == nullptr || me->state != ProcState::kRunning) {
    rp->status(uapi::TRONA_NOT_FOUND);  // not a process procmgr knows (ESRCH)
    return;
  }
  uint64_t st = uapi::TRONA_INVALID_OPERATION;  // an unknown or unimplemented label
  using Area = uint64_t (*)(Procmgr&, Proc&, const lib::Request&, lib::Reply*);
  static constexpr Area kAreas[] = {detail::handle_lifecycle, detail::handle_signals, detail::handle_identity,
                                    detail::handle_process_image, detail::handle_registry,
                                    detail::handle_itimers, detail::handle_threads};
  for (Area a : kAreas) {
    uint64_t s = a(pm, *me, rq, rp);
    if (s != detail::kNotMine) {
      st = s;
      break;
    }
  }
  if (st != uapi::TRONA_OK) {
    rp->length = 0;
    rp->keep_cap_at = lib::kNoCap;
  }
  rp->status(st);
}

}  // namespace procmgr
