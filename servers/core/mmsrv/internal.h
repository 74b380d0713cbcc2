// mmsrv/internal.h — what the policy files (clients, regions, pages, shm,
// fork, files) share: page arithmetic and protection checks. Freestanding.
#pragma once

#include "core/mmsrv/memory.h"
#include "uapi/linux_numbers.h"

namespace mmsrv::detail {

inline constexpr uint64_t kProtMask =
    static_cast<uint64_t>(uapi::kPROT_READ | uapi::kPROT_WRITE | uapi::kPROT_EXEC);

constexpr uint64_t page_down(uint64_t v) { return v & ~(kPage - 1); }
constexpr bool aligned(uint64_t v) { return (v & (kPage - 1)) == 0; }
// Rounds up; false on overflow past the user half.
inline bool page_up(uint64_t v, uint64_t* out) {
  if (v > kUserVaLimit) return false;
  *out = (v + kPage - 1) & ~(kPage - 1);
  return true;
}
inline bool valid_prot(uint64_t prot) {
  if (prot & ~kProtMask) return false;
  return !((prot & uapi::kPROT_WRITE) && (prot & uapi::kPROT_EXEC));  // W^X (the kernel refuses W+X)
}

// The index of segment `id` in the table, -1 when none (shm.cpp).
int find_shm(const Shm* shm, uint64_t id);

}  // namespace mmsrv::detail
