// namesrv/registry.h — the name table of the name service (kernel-abi.md
// §3.4): exact-match names of at most 32 bytes -> the slot of the
// registered endpoint cap in namesrv's CSpace (32 + n, n < 32).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/fixed_string.h"
#include "lib/span.h"
#include "uapi/namesrv.h"

namespace namesrv {

inline constexpr size_t kMaxNames = 32;
inline constexpr uint64_t kFirstNameSlot = 32;

class Registry {
 public:
  // TRONA_OK with *slot = where the endpoint cap must be kept;
  // INVALID_ARGUMENT (empty or longer than 32 bytes), ALREADY_EXISTS,
  // OUT_OF_MEMORY (table full).
  uint64_t add(lib::Str name, uint64_t* slot);
  // TRONA_OK with *slot, INVALID_ARGUMENT (bad name) or NOT_FOUND.
  uint64_t lookup(lib::Str name, uint64_t* slot) const;
  size_t size() const;

  static uint64_t check_name(lib::Str name);

 private:
  struct Entry {
    lib::FixedString<uapi::namesrv::kMaxNameLen> name;
    bool used = false;
  };
  int find(lib::Str name) const;

  Entry entries_[kMaxNames];
};

}  // namespace namesrv
