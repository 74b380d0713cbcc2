// uapi/rsrcsrv.h — labels of the resource server (trona
// uapi/protocol/rsrcsrv.rs, era B): 0xE0–0xE6.
#pragma once

#include "uapi/label.h"

#include "proto/rsrcsrv_labels.h"  // UAPI_RSRCSRV_LABELS: servers/uapi/proto/rsrcsrv.idl

// Non-label constants of rsrcsrv.rs.
#define UAPI_RSRCSRV_CONSTANTS(X) \
  X(RES_QUOTA_FLAG_PROMOTE_PRIVILEGED, uint64_t{1} << 63)

namespace uapi::rsrcsrv {

UAPI_RSRCSRV_LABELS(UAPI_DEFINE_LABEL)
UAPI_RSRCSRV_CONSTANTS(UAPI_DEFINE_LABEL)

// RES_ALLOC_BATCH: at most 8 entries, each MR = (type << 8) | size_bits.
inline constexpr size_t kMaxBatch = 8;
constexpr uint64_t batch_entry(uint64_t obj_type, uint64_t size_bits) {
  return (obj_type << 8) | (size_bits & 0xFF);
}

// Handles are (epoch << 32) | index; the epoch guards against ABA.
constexpr uint64_t make_handle(uint32_t epoch, uint32_t index) {
  return (uint64_t{epoch} << 32) | index;
}
constexpr uint32_t handle_epoch(uint64_t handle) { return static_cast<uint32_t>(handle >> 32); }
constexpr uint32_t handle_index(uint64_t handle) { return static_cast<uint32_t>(handle); }

// The privileged owner: init's badge at rsrcsrv.
inline constexpr uint64_t kInitBadge = 1;
// RES_ALLOC_OBJECT owner_id meaning "the caller's badge".
inline constexpr uint64_t kOwnerCaller = 0;

}  // namespace uapi::rsrcsrv

namespace uapi::rsrcsrv::detail {
using namespace ::uapi::rsrcsrv;
UAPI_CHECK_LABEL_DOMAIN(UAPI_RSRCSRV_LABELS);
}  // namespace uapi::rsrcsrv::detail
