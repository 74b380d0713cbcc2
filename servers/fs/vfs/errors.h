// fs/vfs/errors.h — a Linux errno as a VFS reply status (vfs.idl): the
// TRONA_* code where one names it, else kVfsErrnoStatusBase + errno.
#pragma once

#include <stdint.h>

#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"

namespace vfs {

inline constexpr uint64_t kErrnoStatusBase = 0x5F00;

constexpr uint64_t status_from_errno(int e) {
  switch (e) {
    case 0: return uapi::TRONA_OK;
    case uapi::kENOENT: return uapi::TRONA_NOT_FOUND;
    case uapi::kEBADF: return uapi::TRONA_INVALID_CAPABILITY;
    case uapi::kEACCES: return uapi::TRONA_INSUFFICIENT_RIGHTS;
    case uapi::kEEXIST: return uapi::TRONA_ALREADY_EXISTS;
    case uapi::kEINVAL: return uapi::TRONA_INVALID_ARGUMENT;
    case uapi::kENOMEM: return uapi::TRONA_OUT_OF_MEMORY;
    default: break;
  }
  return e > 0 && e < 0x100 ? kErrnoStatusBase + static_cast<uint64_t>(e) : kErrnoStatusBase + uapi::kEIO;
}

}  // namespace vfs
