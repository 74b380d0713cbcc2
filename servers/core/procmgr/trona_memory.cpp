// procmgr/trona_memory.cpp — where a child's kernel objects come from.
//
// With rsrcsrv (init handed procmgr its endpoints and promoted procmgr to
// privileged, init/rsrcsrv_handoff.cpp): every object of a child is
// allocated through rsrcsrv for the child's owner — its badge, the same id
// the child has when it calls rsrcsrv itself through its slot 6 — so the
// child's quota (spawn_policy MemoryKB) covers what procmgr builds for it
// and what it allocates itself, and RES_RECLAIM_OWNER at teardown returns
// all of it. Without rsrcsrv (before the hand-over, and in set-ups without
// it) objects are retyped from procmgr's own untypeds, as before.
#include "core/procmgr/trona_ops.h"
#include "trona/clients/rsrcsrv_client.h"
#include "uapi/status.h"

namespace procmgr {

namespace {

// The TRONA_* status a Linux errno of the rsrcsrv stubs stands for (the
// first, i.e. kernel, code mapping to it); OUT_OF_MEMORY if none does.
uint64_t status_from_errno(int e) {
  for (uint64_t code = uapi::TRONA_OK + 1; code < 64; ++code)
    if (uapi::errno_from_reply_status(code) == e) return code;
  return uapi::TRONA_OUT_OF_MEMORY;
}

}  // namespace

bool TronaOps::probe_rsrcsrv() {
  // An empty slot fails at once (EBADF); once there, rsrcsrv answers.
  if (!has_rsrcsrv) has_rsrcsrv = trona::RsrcsrvClient(kRsrcsrvSlot).query_usage(trona::kResSelf, nullptr) == 0;
  return has_rsrcsrv;
}

uint64_t TronaOps::open_account(size_t index, uint64_t owner, uint64_t memory_kib) {
  rs_owner_[index] = 0;
  if (!probe_rsrcsrv()) return uapi::TRONA_OK;
  // max handles 0: the handle count is bounded by the bytes (and by
  // rsrcsrv's object table); rsrcsrv/README.md "Owners".
  if (memory_kib != 0) {
    if (int e = trona::RsrcsrvClient(kRsrcsrvSlot).set_quota(owner, memory_kib * 1024, 0); e != 0)
      return status_from_errno(e);
  }
  rs_owner_[index] = owner;
  return uapi::TRONA_OK;
}

uint64_t TronaOps::alloc_child_objects(size_t index, const ChildObject* objs, size_t n) {
  if (rs_owner_[index] == 0) {
    for (size_t i = 0; i < n; ++i)
      if (uint64_t st = retype(objs[i].type, objs[i].size_bits, objs[i].slot); st != uapi::TRONA_OK) return st;
    return uapi::TRONA_OK;
  }
  // A run of objects for consecutive slots travels in one RES_ALLOC_BATCH
  // (a reply carries at most kMaxExtraCaps caps; they land in procmgr's
  // slots first, first + 1, ...).
  trona::RsrcsrvClient rs(kRsrcsrvSlot);
  for (size_t i = 0; i < n;) {
    size_t run = 1;
    while (i + run < n && run < uapi::kMaxExtraCaps && objs[i + run].slot == objs[i].slot + run) ++run;
    trona::ResBatchEntry batch[uapi::kMaxExtraCaps];
    for (size_t k = 0; k < run; ++k) batch[k] = {objs[i + k].type, objs[i + k].size_bits};
    if (int e = rs.alloc_batch(rs_owner_[index], batch, run, objs[i].slot, nullptr); e != 0)
      return status_from_errno(e);
    i += run;
  }
  return uapi::TRONA_OK;
}

uint64_t TronaOps::retype_for(size_t index, uint64_t type, uint64_t size_bits, uint64_t dest) {
  const ChildObject o{type, size_bits, dest};
  return alloc_child_objects(index, &o, 1);
}

uint64_t TronaOps::give_rsrcsrv_endpoint(size_t index, uint64_t cnode) {
  if (rs_owner_[index] == 0) return uapi::TRONA_OK;
  return inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_MINT, kRsrcsrvMintSlot, cnode, uapi::SLOT_RSRCSRV_EP,
             rs_owner_[index]);
}

void TronaOps::close_account(size_t index) {
  const uint64_t owner = rs_owner_[index];
  if (owner == 0) return;
  rs_owner_[index] = 0;
  trona::RsrcsrvClient rs(kRsrcsrvSlot);
  // The quota back to the default first: the reclaim then leaves nothing
  // of the owner at rsrcsrv (its record is dropped; badges are not reused
  // soon, but a table of dead owners would fill up).
  rs.set_quota(owner, 0, 0);
  rs.reclaim_owner(owner);
}

}  // namespace procmgr
