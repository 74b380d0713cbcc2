// uapi/posix.h — POSIX-personality-only labels (trona
// uapi/protocol/posix.rs, era B): the posix_ttysrv protocol and the two VFS
// labels carved out of the generic VFS space (34, 35; sent to the VFS
// endpoint). Non-POSIX subsystems must not depend on this file.
#pragma once

#include "uapi/label.h"
#include "uapi/vfs.h"

// posix_ttysrv endpoint. server.h re-exports these (same entities).
#define UAPI_POSIX_TTYSRV_LABELS(X)      \
  X(POSIX_TTYSRV_GET_FG_PGRP, 1)         \
  X(POSIX_TTYSRV_SET_FG_PGRP, 2)         \
  X(POSIX_TTYSRV_SET_CTTY, 3)            \
  X(POSIX_TTYSRV_DROP_CTTY, 4)           \
  X(POSIX_TTYSRV_PTY_ALLOC, 10)          \
  X(POSIX_TTYSRV_PTY_READ, 11)           \
  X(POSIX_TTYSRV_PTY_WRITE, 12)          \
  X(POSIX_TTYSRV_PTY_CLOSE, 13)          \
  X(POSIX_TTYSRV_PTY_TCGETATTR, 14)      \
  X(POSIX_TTYSRV_PTY_TCSETATTR, 15)      \
  X(POSIX_TTYSRV_PTY_IOCTL, 16)          \
  X(POSIX_TTYSRV_PTY_POLL, 17)           \
  X(POSIX_TTYSRV_INPUT_EVENT, 18)        \
  X(POSIX_TTYSRV_PTY_COLLECT, 19)        \
  X(POSIX_TTYSRV_PTY_MASTER_WRITE, 20)   \
  X(POSIX_TTYSRV_CLIENT_EXIT, 21)

// POSIX-only labels of the VFS endpoint.
#define UAPI_POSIX_VFS_LABELS(X) \
  X(VFS_POSIX_ISATTY, 34)        \
  X(VFS_POSIX_FCNTL, 35)

#define UAPI_POSIX_LABELS(X)     \
  UAPI_POSIX_TTYSRV_LABELS(X)    \
  UAPI_POSIX_VFS_LABELS(X)

namespace uapi::posix {

UAPI_POSIX_LABELS(UAPI_DEFINE_LABEL)

}  // namespace uapi::posix

namespace uapi::posix::detail {
using namespace ::uapi::posix;
using namespace ::uapi::vfs;
UAPI_CHECK_LABEL_DOMAIN(UAPI_POSIX_TTYSRV_LABELS);
// The whole VFS endpoint: generic VFS labels plus the POSIX-only ones.
#define UAPI_DETAIL_VFS_ENDPOINT_LABELS(X) UAPI_VFS_LABELS(X) UAPI_POSIX_VFS_LABELS(X)
UAPI_CHECK_LABEL_DOMAIN(UAPI_DETAIL_VFS_ENDPOINT_LABELS);
static_assert(::uapi::detail::avoids({UAPI_DETAIL_VFS_ENDPOINT_LABELS(UAPI_LABEL_VALUE)},
                                     ::uapi::vfs::kRetiredLabels));
#undef UAPI_DETAIL_VFS_ENDPOINT_LABELS
}  // namespace uapi::posix::detail
