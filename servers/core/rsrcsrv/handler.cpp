#include "core/rsrcsrv/handler.h"

#include "proto/rsrcsrv_server.h"

namespace rsrcsrv {

using namespace uapi;
using namespace uapi::rsrcsrv;
using namespace proto::rsrcsrv;

namespace {

// MR0 owner_id: 0 = the caller; another owner only for privileged callers.
// Read here, before the label's own decode, because a refused owner gets
// the same reply for every label (refuse()).
bool resolve_owner(const ResourceManager& rm, const lib::Request& rq, uint64_t* owner) {
  *owner = rq.get(0) == kOwnerCaller ? rq.badge : rq.get(0);
  return *owner == rq.badge || rm.privileged(rq.badge);
}

// The handlers of the generated dispatch (uapi/proto/rsrcsrv.idl); the
// owner was resolved before (handle()).
struct Service {
  ResourceManager& rm;
  uint64_t owner;

  uint64_t res_alloc_object(const ResAllocObject::In& in, ResAllocObject::Reply& out, proto::Call&) {
    uint64_t handle = 0, slot = 0;
    uint64_t st = rm.alloc(owner, in.type, in.size_bits, &handle, &slot);  // flags: none defined
    if (st == TRONA_OK) {
      out.handle = handle;
      out.object = slot;
    }
    return st;
  }

  // Hand-written reply (see the .idl): n handles, then the status word.
  void res_alloc_batch(const lib::Request& rq, lib::Reply* rp) {
    ResAllocBatch::In in;
    uint64_t st = decode(rq, &in);
    size_t n = in.entries_count;
    if (st == TRONA_OK && n == 0) st = TRONA_INVALID_ARGUMENT;
    else if (st == TRONA_OK && n > kMaxExtraCaps) st = TRONA_OUT_OF_RANGE;  // a reply carries at most 4 caps (§2.2)
    BatchEntry entries[kMaxBatch];
    uint64_t handles[kMaxBatch] = {}, slots[kMaxBatch] = {};
    if (st == TRONA_OK) {
      for (size_t k = 0; k < n; ++k) entries[k] = BatchEntry{in.entries[k] >> 8, in.entries[k] & 0xFF};
      st = rm.alloc_batch(owner, entries, n, handles, slots);
    }
    rp->status(st);
    if (st != TRONA_OK) {
      rp->push(st);
      return;
    }
    for (size_t k = 0; k < n; ++k) {
      rp->push(handles[k]);
      rp->push_cap(slots[k]);
    }
    rp->push(TRONA_OK);
  }

  uint64_t res_free_handle(const ResFreeHandle::In& in, ResFreeHandle::Reply&, proto::Call&) {
    return rm.free(owner, in.handle);
  }

  uint64_t res_reclaim_owner(const ResReclaimOwner::In&, ResReclaimOwner::Reply& out, proto::Call&) {
    return rm.reclaim(owner, &out.freed);
  }

  uint64_t res_query_usage(const ResQueryUsage::In&, ResQueryUsage::Reply& out, proto::Call&) {
    Usage u = rm.usage(owner);
    out.bytes = u.bytes;
    out.handles = u.handles;
    return TRONA_OK;
  }

  uint64_t res_set_quota(const ResSetQuota::In& in, ResSetQuota::Reply&, proto::Call& call) {
    bool promote = (in.max_handles & RES_QUOTA_FLAG_PROMOTE_PRIVILEGED) != 0;
    if (!rm.privileged(call.badge()) || (promote && call.badge() != kInitBadge)) return TRONA_INSUFFICIENT_RIGHTS;
    uint64_t st = rm.set_quota(owner, Quota{in.max_bytes, in.max_handles & ~RES_QUOTA_FLAG_PROMOTE_PRIVILEGED});
    if (st == TRONA_OK && promote) st = rm.promote(owner);
    return st;
  }

  uint64_t res_adopt_untyped(const ResAdoptUntyped::In& in, ResAdoptUntyped::Reply&, proto::Call& call) {
    if (call.badge() != kInitBadge) return TRONA_INSUFFICIENT_RIGHTS;
    if (in.untyped == lib::kNoCap) return TRONA_INVALID_CAPABILITY;
    uint64_t slot = 0;
    uint64_t st = rm.adopt_untyped(&slot);
    if (st == TRONA_OK) call.keep_cap(slot);
    return st;
  }
};

// The reply to a refused owner: the status echoed in the first word (a 0
// handle first for RES_ALLOC_OBJECT) — hand-written, the one rsrcsrv reply
// whose shape is neither the success shape nor empty.
void refuse(const lib::Request& rq, uint64_t st, lib::Reply* rp) {
  rp->status(st);
  if (rq.label == RES_ALLOC_OBJECT) rp->push(0);
  if (rq.label == RES_ALLOC_OBJECT || rq.label == RES_ALLOC_BATCH || rq.label == RES_RECLAIM_OWNER ||
      rq.label == RES_QUERY_USAGE)
    rp->push(st);
}

}  // namespace

void handle(ResourceManager& rm, const lib::Request& rq, lib::Reply* rp) {
  *rp = lib::Reply();
  uint64_t owner = 0;
  if (rq.label >= RES_ALLOC_OBJECT && rq.label <= RES_SET_QUOTA && !resolve_owner(rm, rq, &owner))
    return refuse(rq, TRONA_INSUFFICIENT_RIGHTS, rp);
  Service s{rm, owner};
  proto::rsrcsrv::dispatch(s, rq, rp);
}

}  // namespace rsrcsrv
