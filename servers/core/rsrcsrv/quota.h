// rsrcsrv/quota.h — per-owner resource accounting of rsrcsrv
// (kernel-abi.md §3.7) over KernelOps: objects retyped from adopted
// untypeds (round-robin), handles (epoch << 32 | index), quotas in bytes
// and handles (0 = unlimited), per-type usage, all-or-nothing batches,
// free (revoke + delete), reclaim of everything an owner holds.
//
// Owners are badges. Permission checks (who may act for which owner) are
// the protocol's business and live in rsrcsrv/handler.cpp.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/fixed_map.h"
#include "core/rsrcsrv/kernel_ops.h"
#include "uapi/kernel_abi.h"
#include "uapi/rsrcsrv.h"

namespace rsrcsrv {

inline constexpr size_t kMaxOwners = 64;
inline constexpr size_t kMaxObjects = 1024;
inline constexpr size_t kMaxUntypeds = 64;
inline constexpr size_t kTypeCount = uapi::OBJ_MEMORY_OBJECT + 1;  // indexed by OBJ_*

// Bytes an object takes from an untyped — the kernel's retype sizes
// (kernel_model/objects/untyped_ops.cpp) — or 0 if (type, size_bits) is
// invalid.
uint64_t object_bytes(uint64_t type, uint64_t size_bits);

struct Usage {
  uint64_t bytes = 0;
  uint64_t handles = 0;
  uint64_t type_handles[kTypeCount] = {};
  uint64_t type_bytes[kTypeCount] = {};
};

struct Quota {
  uint64_t max_bytes = 0;    // 0 = unlimited
  uint64_t max_handles = 0;  // 0 = unlimited
};

struct BatchEntry {
  uint64_t type = 0;
  uint64_t size_bits = 0;
};

struct Config {
  uint64_t object_slot_base = 1024;  // object i is kept at object_slot_base + i
  uint64_t adopt_slot_base = 64;     // adopted untyped n is kept at adopt_slot_base + n
  size_t max_objects = kMaxObjects;  // live objects at most (<= kMaxObjects; what rsrcsrv's CNode holds)
  Quota default_quota;               // for owners without RES_SET_QUOTA
};

class ResourceManager {
 public:
  explicit ResourceManager(KernelOps& ops, const Config& config = Config());

  // An untyped already in rsrcsrv's CSpace (the boot untypeds, slots 7 and
  // 16..31). OUT_OF_MEMORY if the table is full.
  uint64_t add_untyped(uint64_t slot);
  // RES_ADOPT_UNTYPED: *slot = where to keep the arriving untyped cap.
  uint64_t adopt_untyped(uint64_t* slot);

  // One object for `owner`: *handle and *slot (rsrcsrv's copy, to transfer).
  // INVALID_ARGUMENT (type/size_bits), OUT_OF_MEMORY (quota exceeded, no
  // handle left, untypeds exhausted), or the kernel's error.
  uint64_t alloc(uint64_t owner, uint64_t type, uint64_t size_bits, uint64_t* handle, uint64_t* slot);
  // n objects or none: on any failure everything made so far is destroyed
  // and the usage is as before.
  uint64_t alloc_batch(uint64_t owner, const BatchEntry* entries, size_t n, uint64_t* handles, uint64_t* slots);
  // NOT_FOUND (unknown or stale handle), INSUFFICIENT_RIGHTS (other owner).
  uint64_t free(uint64_t owner, uint64_t handle);
  // Frees every object of `owner`; *freed = how many. An owner left with
  // nothing, the default quota and no privilege is forgotten (the owner
  // table holds kMaxOwners records: live owners, not every badge ever seen).
  uint64_t reclaim(uint64_t owner, uint64_t* freed);

  uint64_t set_quota(uint64_t owner, const Quota& quota);
  uint64_t promote(uint64_t owner);
  bool privileged(uint64_t owner) const;
  Usage usage(uint64_t owner) const;
  Quota quota(uint64_t owner) const;
  size_t untyped_count() const { return untyped_count_; }

 private:
  struct Owner {
    Quota quota;
    bool privileged = false;
    Usage usage;
  };
  struct Object {
    bool used = false;
    uint32_t epoch = 1;
    uint64_t owner = 0;
    uint8_t type = 0;
    uint64_t bytes = 0;
    uint16_t untyped = 0;
  };
  struct Untyped {
    uint64_t slot = 0;
    uint64_t live = 0;
    bool active = true;
  };

  size_t object_limit() const { return config_.max_objects < kMaxObjects ? config_.max_objects : kMaxObjects; }
  Owner* owner_record(uint64_t owner);
  // Drops the record of an owner that holds nothing and has the default
  // quota and no privilege: it is indistinguishable from an absent one, and
  // owners come and go with processes (procmgr's child badges).
  void forget_if_idle(uint64_t owner);
  bool fits_quota(const Owner& o, uint64_t bytes, uint64_t handles) const;
  uint64_t create(uint64_t owner, uint64_t type, uint64_t size_bits, size_t* index);
  uint64_t retype_somewhere(uint64_t type, uint64_t size_bits, uint64_t dest, uint16_t* untyped);
  void destroy(size_t index);

  KernelOps& ops_;
  Config config_;
  lib::FixedMap<uint64_t, Owner, kMaxOwners> owners_;
  Object objects_[kMaxObjects];
  Untyped untypeds_[kMaxUntypeds];
  size_t untyped_count_ = 0;
  size_t adopted_ = 0;
  size_t cursor_ = 0;  // round-robin start
};

}  // namespace rsrcsrv
