// uapi/mmsrv.h — labels of the memory manager (trona uapi/protocol/mmsrv.rs,
// era B): 0x80–0xA3. 0x91, 0x96, 0x98 and 0x99 are reserved or retired
// (0x98/0x99 were MM_PROVISION_UNTYPED / MM_QUERY_CAPACITY) and never reused.
#pragma once

#include "uapi/label.h"

#define UAPI_MMSRV_LABELS(X)                          \
  X(MM_REGISTER, 0x80)                                \
  X(MM_DEREGISTER, 0x81)                              \
  X(MM_BRK, 0x82)                                     \
  X(MM_SBRK, 0x83)                                    \
  X(MM_MMAP, 0x84)                                    \
  X(MM_MUNMAP, 0x85)                                  \
  X(MM_MPROTECT, 0x86)                                \
  X(MM_MAP_BATCH, 0x87)                               \
  X(MM_MAP_WINDOW, 0x88)                              \
  X(MM_UNMAP_WINDOW, 0x89)                            \
  X(MM_SHM_CREATE, 0x8A)                              \
  X(MM_SHM_MAP, 0x8B)                                 \
  X(MM_SHM_UNMAP, 0x8C)                               \
  X(MM_FORK_REGIONS, 0x8D)                            \
  X(MM_SHM_DESTROY, 0x8E)                             \
  X(MM_SHM_RESIZE, 0x8F)                              \
  X(MM_GET_CLIENT_STATS, 0x90)                        \
  X(MM_REGISTER_SHARED_REGION, 0x92)                  \
  X(MM_MAP_OBJECT_REGION, 0x93)                       \
  X(MM_SYNC_FILE_BACKING, 0x94)                       \
  X(MM_FILE_MMAP, 0x95)                               \
  X(MM_SYNC_MMAP_WRITE, 0x97)                         \
  X(MM_PAGER_REQUEST, 0x9A)                           \
  X(MM_PAGER_WRITE_REQUEST, 0x9B)                     \
  X(MM_DUMP_PENDING, 0x9C)                            \
  X(MM_REGISTER_PAGER_EP, 0x9D)                       \
  X(MM_ALLOC_PRIVATE_REGION, 0x9E)                    \
  X(MM_ALLOC_PRIVATE_WINDOW, 0x9F)                    \
  X(MM_ALLOC_INITRD_COPY, 0xA0)                       \
  X(MM_ALLOC_BOOTINFO_COPY, 0xA1)                     \
  X(MM_COPY_FROM_CLIENT_REGION, 0xA2)                 \
  X(MM_ALLOC_PRIVATE_COPY_FROM_CLIENT_REGION, 0xA3)

namespace uapi::mmsrv {

UAPI_MMSRV_LABELS(UAPI_DEFINE_LABEL)

inline constexpr Label kRetiredLabels[] = {0x91, 0x96, 0x98, 0x99};

// MM_SHM_MAP target meaning "the caller".
inline constexpr uint64_t kShmMapTargetSelf = 0;

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
