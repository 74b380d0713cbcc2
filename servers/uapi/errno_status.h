// uapi/errno_status.h — a Linux errno as a reply status for the protocols
// with `errno_base 0x5F00` (vfs, posix_vfs, saltyfs, posix_ttysrv): the
// TRONA_* code where one names it, else kErrnoStatusBase + errno.
// Header-only, freestanding.
#pragma once

#include <stdint.h>

#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"

namespace uapi {

inline constexpr uint64_t kErrnoStatusBase = 0x5F00;

constexpr uint64_t status_from_errno(int e) {
  switch (e) {
    case 0: return TRONA_OK;
    case kENOENT: return TRONA_NOT_FOUND;
    case kEBADF: return TRONA_INVALID_CAPABILITY;
    case kEACCES: return TRONA_INSUFFICIENT_RIGHTS;
    case kEEXIST: return TRONA_ALREADY_EXISTS;
    case kEINVAL: return TRONA_INVALID_ARGUMENT;
    case kENOMEM: return TRONA_OUT_OF_MEMORY;
    default: break;
  }
  return e > 0 && e < 0x100 ? kErrnoStatusBase + static_cast<uint64_t>(e) : kErrnoStatusBase + kEIO;
}

}  // namespace uapi
