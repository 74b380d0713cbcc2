// uapi/namesrv.h — labels of the name service (trona
// uapi/protocol/namesrv.rs, era B).
#pragma once

#include "uapi/label.h"

#include "proto/namesrv_labels.h"  // UAPI_NAMESRV_LABELS: servers/uapi/proto/namesrv.idl

namespace uapi::namesrv {

UAPI_NAMESRV_LABELS(UAPI_DEFINE_LABEL)

// Longest registrable name in bytes (kernel-abi.md §3.4); names are packed
// inline (MR0 length, MR1.. bytes).
inline constexpr size_t kMaxNameLen = 32;

}  // namespace uapi::namesrv

namespace uapi::namesrv::detail {
using namespace ::uapi::namesrv;
UAPI_CHECK_LABEL_DOMAIN(UAPI_NAMESRV_LABELS);
}  // namespace uapi::namesrv::detail
