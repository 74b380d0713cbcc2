// lib/proto_call.h — the server side of a generated dispatch
// (proto/<p>_server.h): what a handler may see of the call besides its
// decoded request, and how the reply is finished. Freestanding, header-only.
#pragma once

#include <stdint.h>

#include "lib/message.h"
#include "uapi/kernel_abi.h"

namespace proto {

// One call as a handler sees it: the caller's badge, the raw request (for
// the few fields a layout cannot name) and the reply's cap bookkeeping.
struct Call {
  const lib::Request& rq;
  lib::Reply& rp;

  uint64_t badge() const { return rq.badge; }
  // Keep the cap that arrived with the request at `slot` of the server's
  // CSpace (otherwise the server loop deletes it).
  void keep_cap(uint64_t slot) { rp.keep_cap_at = slot; }
  // No reply now: the caller stays blocked (its reply cap was saved).
  void defer() { rp.send = false; }
};

// Puts status `st` and, on success (or always, for error=shape labels), the
// encoded reply `out` into *rp. An error reply carries no caps and keeps no
// cap of the request; the reply-less (deferred) call is left alone.
template <class Out>
void finish(uint64_t st, bool shape_on_error, const Out& out, lib::Reply* rp) {
  if (!rp->send) return;
  rp->length = 0;
  rp->cap_count = 0;
  if (st == uapi::TRONA_OK || shape_on_error) encode(out, st, rp);  // caps only with OK
  if (st != uapi::TRONA_OK) rp->keep_cap_at = lib::kNoCap;
  rp->status(st);
}

}  // namespace proto
