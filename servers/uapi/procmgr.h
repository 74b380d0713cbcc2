// uapi/procmgr.h — labels of the process manager (trona
// uapi/protocol/procmgr.rs, era B). Numbers from
// spec/trona-protocol-labels.txt; 18–20 and 31 are unassigned.
// 37–61 come from a later era-B snapshot than any public procmgr.rs; their
// wire formats are documented in servers/uapi/README.md.
#pragma once

#include "uapi/label.h"

#define UAPI_PROCMGR_LABELS(X)                  \
  X(PM_SPAWN, 1)                                \
  X(PM_EXIT, 2)                                 \
  X(PM_WAIT, 3)                                 \
  X(PM_GETPID, 4)                               \
  X(PM_FORK, 5)                                 \
  X(PM_EXEC, 6)                                 \
  X(PM_GETPPID, 7)                              \
  X(PM_KILL, 8)                                 \
  X(PM_SIGACTION, 9)                            \
  X(PM_GETUID, 10)                              \
  X(PM_GETGID, 11)                              \
  X(PM_SETPGID, 12)                             \
  X(PM_GETPGID, 13)                             \
  X(PM_SETSID, 14)                              \
  X(PM_GETEUID, 15)                             \
  X(PM_GETEGID, 16)                             \
  X(PM_GETGROUPS, 17)                           \
  X(PM_REGISTER, 21)                            \
  X(PM_GETSID, 22)                              \
  X(PM_GETPGID_BADGE, 23)                       \
  X(PM_GETSID_BADGE, 24)                        \
  X(PM_KILL_PGID, 25)                           \
  X(PM_INJECT_CAP, 26)                          \
  X(PM_LIST_PIDS, 27)                           \
  X(PM_GET_PROC_INFO, 28)                       \
  X(PM_RESUME, 29)                              \
  X(PM_UMASK, 30)                               \
  X(PM_SETITIMER, 32)                           \
  X(PM_GETITIMER, 33)                           \
  X(PM_GET_EXE_PATH, 34)                        \
  X(PM_DUMP_PENDING, 35)                        \
  X(PM_GET_THREAD_CAPS, 36)                     \
  /* credentials */                             \
  X(PM_SETUID, 37)                              \
  X(PM_SETGID, 38)                              \
  X(PM_SETEUID, 39)                             \
  X(PM_SETEGID, 40)                             \
  X(PM_SETREUID, 41)                            \
  X(PM_SETREGID, 42)                            \
  X(PM_SETGROUPS, 43)                           \
  X(PM_GET_CREDS_BY_BADGE, 44)                  \
  X(PM_GETRESUID, 45)                           \
  X(PM_GETRESGID, 46)                           \
  X(PM_SETRESUID, 47)                           \
  X(PM_SETRESGID, 48)                           \
  /* limits, TTY, providers */                  \
  X(PM_GETRLIMIT, 49)                           \
  X(PM_SETRLIMIT, 50)                           \
  X(PM_SET_SESSION_TTY, 51)                     \
  X(PM_CLEAR_SESSION_TTY, 52)                   \
  X(PM_SET_SESSION_TTY_PGRP, 53)                \
  X(PM_REGISTER_PERSONALITY_PROVIDER, 54)       \
  /* thread lifecycle */                        \
  X(PM_THREAD_CREATE, 55)                       \
  X(PM_THREAD_EXIT, 56)                         \
  X(PM_THREAD_JOIN, 57)                         \
  X(PM_THREAD_DETACH, 58)                       \
  X(PM_THREAD_LIST, 59)                         \
  /* boot-time init -> procmgr handoff */       \
  X(PM_REGISTER_SERVICE_DEFS, 60)               \
  X(PM_REGISTER_PROVIDER, 61)

namespace uapi::procmgr {

UAPI_PROCMGR_LABELS(UAPI_DEFINE_LABEL)

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
