// trona/clients/rsrcsrv_client.h — typed IPC stubs of the resource server, one per
// RES_* label (kernel-abi.md §3.7; wire choices in servers/core/rsrcsrv/README.md).
//
//   trona::RsrcsrvClient rs;                                    // SLOT_RSRCSRV_EP
//   uint64_t h;
//   int e = rs.alloc_object(trona::kResSelf, uapi::OBJ_ENDPOINT, 0, 80, &h);
//   e = rs.free_handle(trona::kResSelf, h);                     // slot 80 is revoked
//
// `owner` is a badge; kResSelf (0) = the caller's own badge. Acting for
// another owner needs a privileged caller (init, badge 1, or promoted).
// Every call returns 0 or a Linux errno (trona/core/client.h): EACCES
// (INSUFFICIENT_RIGHTS), ENOMEM (quota exceeded or no memory), EINVAL,
// ENOENT (unknown or stale handle), ERANGE (batch of more than 4), EBADF.
// Caps of a reply land in the caller's own CSpace root (flat) at the given
// slots, which must be empty.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/kernel_abi.h"
#include "uapi/rsrcsrv.h"

namespace trona {

inline constexpr uint64_t kResSelf = uapi::rsrcsrv::kOwnerCaller;

struct ResUsage {
  uint64_t bytes = 0;
  uint64_t handles = 0;

  bool operator==(const ResUsage&) const = default;
};

struct ResBatchEntry {
  uint64_t type = 0;  // OBJ_*
  uint64_t size_bits = 0;
};

class RsrcsrvClient {
 public:
  explicit constexpr RsrcsrvClient(uint64_t endpoint = uapi::SLOT_RSRCSRV_EP) : ep_(endpoint) {}

  // RES_ALLOC_OBJECT: one object of `type` (OBJ_*) / `size_bits`; its cap
  // lands in `dest_slot`, *handle names it for free. Not resent after EINTR.
  int alloc_object(uint64_t owner, uint64_t type, uint64_t size_bits, uint64_t dest_slot, uint64_t* handle,
                   uint64_t flags = 0) const;
  // RES_ALLOC_BATCH: `count` objects, all or none; caps land in
  // first_dest_slot + i, handles in handles[i]. The server takes 1..8
  // entries but a reply carries at most 4 caps: 5..8 are ERANGE.
  int alloc_batch(uint64_t owner, const ResBatchEntry* entries, size_t count, uint64_t first_dest_slot,
                  uint64_t* handles) const;
  // RES_FREE_HANDLE: destroys the object; every cap derived from it (the
  // caller's copy included) is revoked.
  int free_handle(uint64_t owner, uint64_t handle) const;
  // RES_RECLAIM_OWNER: frees every object of `owner`; *freed = how many.
  int reclaim_owner(uint64_t owner, uint64_t* freed = nullptr) const;
  // RES_QUERY_USAGE: bytes and handles `owner` holds.
  int query_usage(uint64_t owner, ResUsage* usage) const;
  // RES_SET_QUOTA (privileged): 0 = unlimited; `promote` makes `owner`
  // privileged (only init may).
  int set_quota(uint64_t owner, uint64_t max_bytes, uint64_t max_handles, bool promote = false) const;
  // RES_ADOPT_UNTYPED (init only): hands the untyped cap in `untyped_slot`
  // (needs GRANT) to rsrcsrv as a source of objects.
  int adopt_untyped(uint64_t untyped_slot) const;

  uint64_t endpoint() const { return ep_; }

 private:
  uint64_t ep_;
};

}  // namespace trona
