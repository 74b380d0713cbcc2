#include "core/rsrcsrv/handler.h"

namespace rsrcsrv {

using namespace uapi;
using namespace uapi::rsrcsrv;

namespace {

// MR0 owner_id: 0 = the caller; another owner only for privileged callers.
bool resolve_owner(const ResourceManager& rm, const lib::Request& rq, uint64_t* owner) {
  *owner = rq.get(0) == kOwnerCaller ? rq.badge : rq.get(0);
  return *owner == rq.badge || rm.privileged(rq.badge);
}

void alloc_object(ResourceManager& rm, const lib::Request& rq, uint64_t owner, lib::Reply* rp) {
  uint64_t handle = 0, slot = 0;
  uint64_t st = rm.alloc(owner, rq.get(1), rq.get(2), &handle, &slot);  // MR3 flags: none defined
  rp->status(st);
  rp->push(st == TRONA_OK ? handle : 0);
  rp->push(st);
  if (st == TRONA_OK) rp->push_cap(slot);
}

void alloc_batch(ResourceManager& rm, const lib::Request& rq, uint64_t owner, lib::Reply* rp) {
  uint64_t n = rq.get(1);
  uint64_t st = TRONA_OK;
  if (n == 0 || n > kMaxBatch || rq.length < 2 + n) st = TRONA_INVALID_ARGUMENT;
  else if (n > kMaxExtraCaps) st = TRONA_OUT_OF_RANGE;  // a reply carries at most 4 caps (§2.2)
  BatchEntry entries[kMaxBatch];
  uint64_t handles[kMaxBatch] = {}, slots[kMaxBatch] = {};
  if (st == TRONA_OK) {
    for (size_t k = 0; k < n; ++k) entries[k] = BatchEntry{rq.mr[2 + k] >> 8, rq.mr[2 + k] & 0xFF};
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

void reclaim(ResourceManager& rm, uint64_t owner, lib::Reply* rp) {
  uint64_t freed = 0;
  uint64_t st = rm.reclaim(owner, &freed);
  rp->status(st);
  rp->push(st);
  rp->push(freed);
}

void query(ResourceManager& rm, uint64_t owner, lib::Reply* rp) {
  Usage u = rm.usage(owner);
  rp->status(TRONA_OK);
  rp->push(TRONA_OK);
  rp->push(u.bytes);
  rp->push(u.handles);
}

void set_quota(ResourceManager& rm, const lib::Request& rq, uint64_t owner, lib::Reply* rp) {
  bool promote = (rq.get(2) & RES_QUOTA_FLAG_PROMOTE_PRIVILEGED) != 0;
  uint64_t st = TRONA_OK;
  if (!rm.privileged(rq.badge) || (promote && rq.badge != kInitBadge)) st = TRONA_INSUFFICIENT_RIGHTS;
  if (st == TRONA_OK) st = rm.set_quota(owner, Quota{rq.get(1), rq.get(2) & ~RES_QUOTA_FLAG_PROMOTE_PRIVILEGED});
  if (st == TRONA_OK && promote) st = rm.promote(owner);
  rp->status(st);
}

void adopt(ResourceManager& rm, const lib::Request& rq, lib::Reply* rp) {
  uint64_t st = TRONA_OK;
  uint64_t slot = 0;
  if (rq.badge != kInitBadge) st = TRONA_INSUFFICIENT_RIGHTS;
  else if (rq.cap_count == 0 || rq.cap_slot == lib::kNoCap) st = TRONA_INVALID_CAPABILITY;
  else st = rm.adopt_untyped(&slot);
  if (st == TRONA_OK) rp->keep_cap_at = slot;
  rp->status(st);
}

// The status-only reply of a failed request, shaped like its success reply
// (status echoed where the success reply echoes it).
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
  if (rq.label == RES_ADOPT_UNTYPED) return adopt(rm, rq, rp);
  if (rq.label < RES_ALLOC_OBJECT || rq.label > RES_SET_QUOTA) return rp->status(TRONA_INVALID_OPERATION);
  uint64_t owner = 0;
  if (!resolve_owner(rm, rq, &owner)) return refuse(rq, TRONA_INSUFFICIENT_RIGHTS, rp);
  switch (rq.label) {
    case RES_ALLOC_OBJECT: return alloc_object(rm, rq, owner, rp);
    case RES_ALLOC_BATCH: return alloc_batch(rm, rq, owner, rp);
    case RES_FREE_HANDLE: return rp->status(rm.free(owner, rq.get(1)));
    case RES_RECLAIM_OWNER: return reclaim(rm, owner, rp);
    case RES_QUERY_USAGE: return query(rm, owner, rp);
    case RES_SET_QUOTA: return set_quota(rm, rq, owner, rp);
    default: return rp->status(TRONA_INVALID_OPERATION);
  }
}

}  // namespace rsrcsrv
