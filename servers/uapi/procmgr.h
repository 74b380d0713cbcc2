// uapi/procmgr.h — labels of the process manager (trona
// uapi/protocol/procmgr.rs, era B). Numbers from
// spec/trona-protocol-labels.txt; 18–20 and 31 are unassigned.
// 37–61 come from a later era-B snapshot than any public procmgr.rs. Every
// wire format: servers/uapi/proto/procmgr.idl (tables in PROTOCOLS.md).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/label.h"

#include "proto/procmgr_labels.h"  // UAPI_PROCMGR_LABELS: servers/uapi/proto/procmgr.idl

namespace uapi::procmgr {

UAPI_PROCMGR_LABELS(UAPI_DEFINE_LABEL)

// Wire limits (servers/uapi/proto/procmgr.idl names them).
inline constexpr size_t kMaxPath = 64;          // PM_SPAWN / PM_EXEC path, exe paths
inline constexpr size_t kMaxArgsBytes = 216;    // PM_SPAWN args: what fits a message
inline constexpr size_t kMaxGroups = 16;        // PM_SETGROUPS / PM_GETGROUPS
inline constexpr size_t kMaxServiceName = 32;   // PM_REGISTER_SERVICE_DEFS / PM_REGISTER_PROVIDER name
inline constexpr size_t kMaxServiceBinary = 48; // PM_REGISTER_SERVICE_DEFS binary

// PM_SPAWN spawn_policy word (kernel-abi.md §3.5).
inline constexpr uint64_t kSpawnReadinessMask = 0x3;  // [1:0]: 0 immediate, 1 notify
inline constexpr uint64_t kSpawnReadinessImmediate = 0;
inline constexpr uint64_t kSpawnReadinessNotify = 1;
inline constexpr uint64_t kSpawnMapInitrd = uint64_t{1} << 2;
inline constexpr uint64_t kSpawnIsDisplay = uint64_t{1} << 3;
inline constexpr unsigned kSpawnCnodeBitsShift = 8;   // [15:8], 0 -> 10
inline constexpr unsigned kSpawnMemoryKibShift = 16;  // [31:16]
inline constexpr unsigned kSpawnDefaultCnodeBits = 10;

constexpr uint64_t spawn_policy(uint64_t readiness, uint64_t cnode_bits, uint64_t memory_kib,
                                uint64_t extra_bits = 0) {
  return (readiness & kSpawnReadinessMask) | extra_bits | ((cnode_bits & 0xFF) << kSpawnCnodeBitsShift) |
         ((memory_kib & 0xFFFF) << kSpawnMemoryKibShift);
}

// PM_SPAWN spawn_flags word.
inline constexpr uint64_t kSpawnFlagUsePreEp = uint64_t{1} << 0;
inline constexpr uint64_t kSpawnFlagRespawn = uint64_t{1} << 1;
inline constexpr uint64_t kSpawnFlagStartSuspended = uint64_t{1} << 2;

// PM_WAIT: pid meaning "any child" (sent as u32).
inline constexpr uint64_t kWaitAnyChild = 0xFFFFFFFF;

// PM_THREAD_CREATE: procmgr writes a new thread's tid in the last word of
// its IPC buffer page (byte offset), which the runtime leaves alone (the
// thread-id word of a TLS block until trona has TLS); 0 in a main thread.
inline constexpr uint64_t kThreadIdOffset = 4096 - 8;

// Personality subsystem ids (VFS_CLIENT_REGISTER, PM_REGISTER_PERSONALITY_PROVIDER).
inline constexpr uint64_t kSubsystemPosix = 0;
inline constexpr uint64_t kSubsystemWin32 = 1;
inline constexpr uint64_t kSubsystemStarnite = 2;

}  // namespace uapi::procmgr

namespace uapi::procmgr::detail {
using namespace ::uapi::procmgr;
UAPI_CHECK_LABEL_DOMAIN(UAPI_PROCMGR_LABELS);
}  // namespace uapi::procmgr::detail
