// fs/vfs/errors.h — a Linux errno as a VFS reply status (vfs.idl):
// uapi/errno_status.h, under the names the VFS sources use.
#pragma once

#include "uapi/errno_status.h"

namespace vfs {

inline constexpr uint64_t kErrnoStatusBase = uapi::kErrnoStatusBase;
using uapi::status_from_errno;

}  // namespace vfs
