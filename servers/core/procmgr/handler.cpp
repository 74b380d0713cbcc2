// procmgr/handler.cpp — one PM_* request: find the caller, then the
// generated dispatch (proto/procmgr_server.h, from uapi/proto/procmgr.idl)
// decodes it and calls the label's handler, a method of detail::Service
// defined in the area file that owns the label (internal.h).
#include "core/procmgr/handler.h"

#include "core/procmgr/internal.h"
#include "proto/procmgr_server.h"

namespace procmgr {

namespace {

using namespace uapi::procmgr;

// Labels only init (pid 1) may send: refused before the request is decoded,
// so another caller learns nothing from a malformed one (the order the
// handlers had: permission first).
bool init_only(uint64_t label) {
  return label == PM_REGISTER || label == PM_REGISTER_SERVICE_DEFS || label == PM_REGISTER_PROVIDER ||
         label == PM_REGISTER_PERSONALITY_PROVIDER;
}

}  // namespace

void handle(Procmgr& pm, const lib::Request& rq, lib::Reply* rp) {
  Proc* me = pm.by_badge(rq.badge);
  if (me == nullptr || me->state != ProcState::kRunning) {
    rp->status(uapi::TRONA_NOT_FOUND);  // not a process procmgr knows (ESRCH)
    return;
  }
  if (init_only(rq.label) && me->pid != 1) {
    rp->length = 0;
    rp->keep_cap_at = lib::kNoCap;
    rp->status(uapi::TRONA_INVALID_OPERATION);
    return;
  }
  // Error replies are empty and keep no cap (proto::finish); unknown labels
  // are INVALID_OPERATION.
  detail::Service s{pm, *me};
  proto::procmgr::dispatch(s, rq, rp);
}

}  // namespace procmgr
