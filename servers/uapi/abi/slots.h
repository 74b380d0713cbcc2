// uapi/abi/slots.h — §2.9 well-known CSpace slots of every process (era B).
// The root task's own layout is in uapi/abi/boot.h.
//
// Freestanding: only <stdint.h>.
#pragma once

#include <stdint.h>

namespace uapi {

inline constexpr uint64_t SLOT_SELF_TCB = 0;
inline constexpr uint64_t SLOT_SELF_VSPACE = 1;
inline constexpr uint64_t SLOT_SELF_CNODE = 2;
inline constexpr uint64_t SLOT_PROCMGR_EP = 3;
inline constexpr uint64_t SLOT_VFS_EP = 4;
inline constexpr uint64_t SLOT_NAMESRV_EP = 5;
inline constexpr uint64_t SLOT_RSRCSRV_EP = 6;
inline constexpr uint64_t SLOT_MMSRV_EP = 7;  // or the child untyped for servers
inline constexpr uint64_t SLOT_CHILD_UNTYPED = 7;
inline constexpr uint64_t SLOT_COM1_IOPORT = 8;
inline constexpr uint64_t SLOT_CONSOLE_EP = 11;
// posix_ttysrv's endpoint, minted with the process's badge by procmgr (a
// designed slot: the digest lists none for ttysrv; 12 is free in every era-B
// process).
inline constexpr uint64_t SLOT_TTYSRV_EP = 12;
inline constexpr uint64_t SLOT_READINESS_NTFN = 14;
inline constexpr uint64_t SLOT_PCI_IOPORT = 15;
inline constexpr uint64_t SLOT_UNTYPED_BASE = 16;
inline constexpr uint64_t SLOT_BOOTSTRAP_PRIVATE_BASE = 32;  // 32..63
inline constexpr uint64_t SLOT_INJECTED_BASE = 64;           // >= 64
inline constexpr uint64_t SLOT_CSPACE_EXPAND_BASE = 1008;    // 1008..1015
inline constexpr uint64_t kCspaceExpandMax = 8;

}  // namespace uapi
