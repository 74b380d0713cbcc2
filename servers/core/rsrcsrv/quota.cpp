#include "core/rsrcsrv/quota.h"

namespace rsrcsrv {

using namespace uapi;

uint64_t object_bytes(uint64_t type, uint64_t size_bits) {
  unsigned bits = 0;
  switch (type) {
    case OBJ_UNTYPED: bits = size_bits >= 4 && size_bits <= 47 ? static_cast<unsigned>(size_bits) : 0; break;
    case OBJ_ENDPOINT:
    case OBJ_NOTIFICATION:
    case OBJ_IRQ_HANDLER:
    case OBJ_IO_PORT: bits = 6; break;
    case OBJ_TCB: bits = 11; break;
    case OBJ_CNODE: bits = size_bits >= 4 && size_bits <= 16 ? static_cast<unsigned>(size_bits) + 5 : 0; break;
    case OBJ_VSPACE: bits = 12; break;
    case OBJ_FRAME: bits = size_bits == 0 || size_bits == 12 ? 12 : 0; break;
    case OBJ_SCHED_CONTEXT:
    case OBJ_MEMORY_OBJECT: bits = size_bits <= 20 ? 8 : 0; break;
    default: bits = 0;
  }
  return bits == 0 ? 0 : uint64_t{1} << bits;
}

ResourceManager::ResourceManager(KernelOps& ops, const Config& config) : ops_(ops), config_(config) {}

uint64_t ResourceManager::add_untyped(uint64_t slot) {
  if (untyped_count_ == kMaxUntypeds) return TRONA_OUT_OF_MEMORY;
  untypeds_[untyped_count_++] = Untyped{slot, 0, true};
  return TRONA_OK;
}

uint64_t ResourceManager::adopt_untyped(uint64_t* slot) {
  uint64_t s = config_.adopt_slot_base + adopted_;
  uint64_t st = add_untyped(s);
  if (st != TRONA_OK) return st;
  ++adopted_;
  *slot = s;
  return TRONA_OK;
}

ResourceManager::Owner* ResourceManager::owner_record(uint64_t owner) {
  bool is_new = owners_.find(owner) == nullptr;
  Owner* o = owners_.get_or_insert(owner);
  if (o && is_new) {
    o->quota = config_.default_quota;
    o->privileged = owner == uapi::rsrcsrv::kInitBadge;
  }
  return o;
}

void ResourceManager::forget_if_idle(uint64_t owner) {
  const Owner* o = owners_.find(owner);
  if (o == nullptr || o->usage.handles != 0 || o->privileged || owner == uapi::rsrcsrv::kInitBadge) return;
  if (o->quota.max_bytes != config_.default_quota.max_bytes || o->quota.max_handles != config_.default_quota.max_handles)
    return;
  owners_.erase(owner);
}

bool ResourceManager::fits_quota(const Owner& o, uint64_t bytes, uint64_t handles) const {
  if (o.quota.max_bytes != 0 && o.usage.bytes + bytes > o.quota.max_bytes) return false;
  if (o.quota.max_handles != 0 && o.usage.handles + handles > o.quota.max_handles) return false;
  return true;
}

uint64_t ResourceManager::retype_somewhere(uint64_t type, uint64_t size_bits, uint64_t dest, uint16_t* untyped) {
  for (size_t k = 0; k < untyped_count_; ++k) {
    size_t i = (cursor_ + k) % untyped_count_;
    Untyped& u = untypeds_[i];
    if (!u.active) continue;
    uint64_t st = ops_.retype(u.slot, type, size_bits, dest);
    if (st == TRONA_OUT_OF_MEMORY && u.live == 0) {  // exhausted and empty: reset and retry once
      if (ops_.reset(u.slot) != TRONA_OK) {
        u.active = false;
        continue;
      }
      st = ops_.retype(u.slot, type, size_bits, dest);
    }
    if (st == TRONA_OUT_OF_MEMORY) continue;
    // No untyped in that slot: boot slots may be empty, and slot 7 of a
    // procmgr-spawned rsrcsrv holds mmsrv's endpoint (INVALID_OPERATION).
    if (st == TRONA_INVALID_CAPABILITY || st == TRONA_INVALID_OPERATION) {
      u.active = false;
      continue;
    }
    if (st != TRONA_OK) return st;
    ++u.live;
    cursor_ = i;
    *untyped = static_cast<uint16_t>(i);
    return TRONA_OK;
  }
  return TRONA_OUT_OF_MEMORY;
}

// An object for `owner` whose quota has already been checked.
uint64_t ResourceManager::create(uint64_t owner, uint64_t type, uint64_t size_bits, size_t* index) {
  size_t i = 0;
  while (i < object_limit() && objects_[i].used) ++i;
  if (i == object_limit()) return TRONA_OUT_OF_MEMORY;
  Object& obj = objects_[i];
  uint64_t st = retype_somewhere(type, size_bits, config_.object_slot_base + i, &obj.untyped);
  if (st != TRONA_OK) return st;
  obj.used = true;
  obj.owner = owner;
  obj.type = static_cast<uint8_t>(type);
  obj.bytes = object_bytes(type, size_bits);
  Usage& u = owner_record(owner)->usage;
  u.bytes += obj.bytes;
  u.handles += 1;
  u.type_bytes[type] += obj.bytes;
  u.type_handles[type] += 1;
  *index = i;
  return TRONA_OK;
}

void ResourceManager::destroy(size_t i) {
  Object& obj = objects_[i];
  uint64_t slot = config_.object_slot_base + i;
  ops_.revoke(slot);  // the caller's transferred copy goes with it
  ops_.remove(slot);
  Untyped& ut = untypeds_[obj.untyped];
  if (ut.live > 0) --ut.live;
  if (Owner* o = owners_.find(obj.owner)) {
    o->usage.bytes -= obj.bytes;
    o->usage.handles -= 1;
    o->usage.type_bytes[obj.type] -= obj.bytes;
    o->usage.type_handles[obj.type] -= 1;
  }
  obj.used = false;
  obj.epoch = obj.epoch + 1 == 0 ? 1 : obj.epoch + 1;  // stale handles stay stale
}

uint64_t ResourceManager::alloc(uint64_t owner, uint64_t type, uint64_t size_bits, uint64_t* handle, uint64_t* slot) {
  BatchEntry e{type, size_bits};
  return alloc_batch(owner, &e, 1, handle, slot);
}

uint64_t ResourceManager::alloc_batch(uint64_t owner, const BatchEntry* entries, size_t n, uint64_t* handles,
                                      uint64_t* slots) {
  if (n == 0 || n > uapi::rsrcsrv::kMaxBatch) return TRONA_INVALID_ARGUMENT;
  uint64_t bytes = 0;
  for (size_t k = 0; k < n; ++k) {
    uint64_t b = object_bytes(entries[k].type, entries[k].size_bits);
    if (b == 0) return TRONA_INVALID_ARGUMENT;
    bytes += b;
  }
  Owner* o = owner_record(owner);
  if (!o) return TRONA_OUT_OF_MEMORY;
  if (!fits_quota(*o, bytes, n)) {
    forget_if_idle(owner);
    return TRONA_OUT_OF_MEMORY;
  }
  size_t made[uapi::rsrcsrv::kMaxBatch];
  for (size_t k = 0; k < n; ++k) {
    uint64_t st = create(owner, entries[k].type, entries[k].size_bits, &made[k]);
    if (st != TRONA_OK) {
      while (k > 0) destroy(made[--k]);  // all or nothing
      forget_if_idle(owner);
      return st;
    }
  }
  for (size_t k = 0; k < n; ++k) {
    handles[k] = uapi::rsrcsrv::make_handle(objects_[made[k]].epoch, static_cast<uint32_t>(made[k]));
    slots[k] = config_.object_slot_base + made[k];
  }
  return TRONA_OK;
}

uint64_t ResourceManager::free(uint64_t owner, uint64_t handle) {
  uint32_t i = uapi::rsrcsrv::handle_index(handle);
  if (i >= object_limit() || !objects_[i].used || objects_[i].epoch != uapi::rsrcsrv::handle_epoch(handle))
    return TRONA_NOT_FOUND;
  if (objects_[i].owner != owner) return TRONA_INSUFFICIENT_RIGHTS;
  destroy(i);
  forget_if_idle(owner);
  return TRONA_OK;
}

uint64_t ResourceManager::reclaim(uint64_t owner, uint64_t* freed) {
  uint64_t n = 0;
  for (size_t i = 0; i < object_limit(); ++i)
    if (objects_[i].used && objects_[i].owner == owner) {
      destroy(i);
      ++n;
    }
  *freed = n;
  forget_if_idle(owner);
  return TRONA_OK;
}

uint64_t ResourceManager::set_quota(uint64_t owner, const Quota& quota) {
  Owner* o = owner_record(owner);
  if (!o) return TRONA_OUT_OF_MEMORY;
  o->quota = quota;
  forget_if_idle(owner);
  return TRONA_OK;
}

uint64_t ResourceManager::promote(uint64_t owner) {
  Owner* o = owner_record(owner);
  if (!o) return TRONA_OUT_OF_MEMORY;
  o->privileged = true;
  return TRONA_OK;
}

bool ResourceManager::privileged(uint64_t owner) const {
  if (owner == uapi::rsrcsrv::kInitBadge) return true;
  const Owner* o = owners_.find(owner);
  return o && o->privileged;
}

Usage ResourceManager::usage(uint64_t owner) const {
  const Owner* o = owners_.find(owner);
  return o ? o->usage : Usage();
}

Quota ResourceManager::quota(uint64_t owner) const {
  const Owner* o = owners_.find(owner);
  return o ? o->quota : config_.default_quota;
}

}  // namespace rsrcsrv
