// uapi/mmsrv.h — labels of the memory manager (trona uapi/protocol/mmsrv.rs,
// era B): 0x80–0xA3. 0x91, 0x96, 0x98 and 0x99 are reserved or retired
// (0x98/0x99 were MM_PROVISION_UNTYPED / MM_QUERY_CAPACITY) and never reused.
#pragma once

#include "uapi/label.h"

#include "proto/mmsrv_labels.h"  // UAPI_MMSRV_LABELS: servers/uapi/proto/mmsrv.idl

namespace uapi::mmsrv {

UAPI_MMSRV_LABELS(UAPI_DEFINE_LABEL)

inline constexpr Label kRetiredLabels[] = {UAPI_MMSRV_RETIRED};

// MM_SHM_MAP target meaning "the caller".
inline constexpr uint64_t kShmMapTargetSelf = 0;

// MM_MAP_BATCH: at most 10 entries (1 + 3n MRs <= 32); MM_DUMP_PENDING:
// at most 6 records per reply (2 + 5n MRs <= 32). Wire formats:
// servers/uapi/proto/mmsrv.idl.
inline constexpr uint64_t kMaxMapBatch = 10;
inline constexpr uint64_t kDumpRecordsPerReply = 6;

// Bulk-I/O SHM of a process (kernel-abi.md §3.2): shm_id = pid | tag,
// window = 256 pages.
inline constexpr uint64_t kBulkShmIdTag = 0x42'0000'0000;
inline constexpr uint64_t kBulkShmPages = 256;

}  // namespace uapi::mmsrv

namespace uapi::mmsrv::detail {
using namespace ::uapi::mmsrv;
UAPI_CHECK_LABEL_DOMAIN(UAPI_MMSRV_LABELS);
static_assert(::uapi::detail::avoids({UAPI_MMSRV_LABELS(UAPI_LABEL_VALUE)}, kRetiredLabels));
}  // namespace uapi::mmsrv::detail
