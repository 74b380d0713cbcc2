// uapi/abi/vspace.h — VSpace mapping flags (VSPACE_MAP and friends) and
// the limits of the VSpace invocations (§2.7).
//
// Freestanding: only <stdint.h>.
#pragma once

#include <stdint.h>

namespace uapi {

// W+X is rejected; so are bits outside kVspaceFlagsMask.
inline constexpr uint64_t VSPACE_WRITABLE = 1u << 0;
inline constexpr uint64_t VSPACE_USER = 1u << 1;
inline constexpr uint64_t VSPACE_EXECUTABLE = 1u << 2;
inline constexpr uint64_t VSPACE_CACHE_DISABLE = 1u << 3;
inline constexpr uint64_t VSPACE_WRITE_THROUGH = 1u << 4;
inline constexpr uint64_t VSPACE_COW = 1u << 5;
inline constexpr uint64_t kVspaceFlagsMask = 0x3F;

// The user half of the address space: VAs at or above are BAD_ADDRESS.
inline constexpr uint64_t kUserVaLimit = 0x0000'8000'0000'0000ULL;
// VSPACE_SET_COW_POOL / REPLENISH_COW_POOL: frames in a COW pool at most.
inline constexpr uint64_t kCowPoolMax = 510;

}  // namespace uapi
