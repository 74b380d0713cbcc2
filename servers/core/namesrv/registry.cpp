#include "core/namesrv/registry.h"

#include "uapi/kernel_abi.h"

namespace namesrv {

uint64_t Registry::check_name(lib::Str name) {
  if (name.empty() || name.size > uapi::namesrv::kMaxNameLen) return uapi::TRONA_INVALID_ARGUMENT;
  return uapi::TRONA_OK;
}

int Registry::find(lib::Str name) const {
  for (size_t i = 0; i < kMaxNames; ++i)
    if (entries_[i].used && entries_[i].name.str() == name) return static_cast<int>(i);
  return -1;
}

uint64_t Registry::add(lib::Str name, uint64_t* slot) {
  if (uint64_t st = check_name(name); st != uapi::TRONA_OK) return st;
  if (find(name) >= 0) return uapi::TRONA_ALREADY_EXISTS;
  for (size_t i = 0; i < kMaxNames; ++i) {
    if (entries_[i].used) continue;
    entries_[i].used = true;
    entries_[i].name.assign(name);
    *slot = kFirstNameSlot + i;
    return uapi::TRONA_OK;
  }
  return uapi::TRONA_OUT_OF_MEMORY;
}

uint64_t Registry::lookup(lib::Str name, uint64_t* slot) const {
  if (uint64_t st = check_name(name); st != uapi::TRONA_OK) return st;
  int i = find(name);
  if (i < 0) return uapi::TRONA_NOT_FOUND;
  *slot = kFirstNameSlot + static_cast<uint64_t>(i);
  return uapi::TRONA_OK;
}

size_t Registry::size() const {
  size_t n = 0;
  for (const Entry& e : entries_) n += e.used ? 1 : 0;
  return n;
}

}  // namespace namesrv
