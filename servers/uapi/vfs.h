// uapi/vfs.h — labels of the VFS server (trona uapi/protocol/vfs.rs, era B).
//
// Numbers are those of spec/trona-protocol-labels.txt. Unused on purpose:
// 34 and 35 moved to posix.h (VFS_POSIX_ISATTY, VFS_POSIX_FCNTL); 45 and 46
// are retired (mmap moved to mmsrv); 74 was never assigned.
#pragma once

#include "uapi/label.h"

#include "proto/vfs_labels.h"  // UAPI_VFS_LABELS: servers/uapi/proto/vfs.idl

namespace uapi::vfs {

UAPI_VFS_LABELS(UAPI_DEFINE_LABEL)

// Retired numbers the VFS endpoint must never reuse (34/35 are assigned
// in posix.h; posix.h checks the whole VFS endpoint domain).
inline constexpr Label kRetiredLabels[] = {UAPI_VFS_RETIRED};

}  // namespace uapi::vfs

namespace uapi::vfs::detail {
using namespace ::uapi::vfs;
UAPI_CHECK_LABEL_DOMAIN(UAPI_VFS_LABELS);
static_assert(::uapi::detail::avoids({UAPI_VFS_LABELS(UAPI_LABEL_VALUE)}, kRetiredLabels));
}  // namespace uapi::vfs::detail
