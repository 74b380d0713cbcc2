// uapi/posix.h — POSIX-personality-only labels (trona
// uapi/protocol/posix.rs, era B): the posix_ttysrv protocol and the two VFS
// labels carved out of the generic VFS space (34, 35; sent to the VFS
// endpoint). Non-POSIX subsystems must not depend on this file.
#pragma once

#include "uapi/label.h"
#include "uapi/vfs.h"

// posix_ttysrv endpoint. server.h re-exports these (same entities).
#include "proto/posix_ttysrv_labels.h"  // UAPI_POSIX_TTYSRV_LABELS: servers/uapi/proto/posix_ttysrv.idl

// POSIX-only labels of the VFS endpoint.
#include "proto/posix_vfs_labels.h"  // UAPI_POSIX_VFS_LABELS: servers/uapi/proto/posix_vfs.idl

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
