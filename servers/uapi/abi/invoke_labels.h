// uapi/abi/invoke_labels.h — §2.7 invoke labels: SYS_INVOKE(cap, label,
// a0..a3), and the argument values of the TCB and SchedContext ones.
// Dispatch is by (object type, label): 0x97 is both MO_HAS_PAGE and
// VSPACE_MAP_MO. The VSpace flags are in uapi/abi/vspace.h.
//
// Freestanding: only <stdint.h>.
#pragma once

#include <stdint.h>

#include "uapi/abi/x_macro.h"

#define UAPI_INVOKE_CNODE(X)         \
  X(CNODE_COPY, 0x10)                \
  X(CNODE_MINT, 0x11)                \
  X(CNODE_MOVE, 0x12)                \
  X(CNODE_MUTATE, 0x13)              \
  X(CNODE_DELETE, 0x14)              \
  X(CNODE_REVOKE, 0x15)              \
  X(CNODE_SAVE_CALLER, 0x16)         \
  X(CNODE_SET_GUARD, 0x17)           \
  X(CNODE_GET_INFO, 0x18)

#define UAPI_INVOKE_UNTYPED(X)       \
  X(UNTYPED_RETYPE, 0x20)            \
  X(UNTYPED_RESET, 0x21)

#define UAPI_INVOKE_SCHED_CONTEXT(X) \
  X(SC_CONFIGURE, 0x30)              \
  X(SC_BIND, 0x31)                   \
  X(SC_UNBIND, 0x32)                 \
  X(SC_YIELD_TO, 0x33)               \
  X(SC_CONSUMED, 0x34)

#define UAPI_INVOKE_TCB(X)                     \
  X(TCB_CONFIGURE, 0x40)                       \
  X(TCB_RESUME, 0x41)                          \
  X(TCB_SUSPEND, 0x42)                         \
  X(TCB_SET_SPACE, 0x43)                       \
  X(TCB_SET_AFFINITY, 0x44)                    \
  X(TCB_READ_REGISTERS, 0x45)                  \
  X(TCB_WRITE_REGISTERS, 0x46)                 \
  X(TCB_SET_PRIORITY, 0x47)                    \
  X(TCB_SET_IPC_BUFFER, 0x48)                  \
  X(TCB_BIND_NOTIFICATION, 0x49)               \
  X(TCB_UNBIND_NOTIFICATION, 0x4A)             \
  X(TCB_SET_FAULT_HANDLER, 0x4B)               \
  X(TCB_COPY_FPU, 0x4C)                        \
  X(TCB_SET_TLS_BASE, 0x4D)                    \
  X(TCB_SET_NOTIFICATION_DISPATCHER, 0x4E)     \
  X(TCB_GET_SPACE_INFO, 0x4F)

#define UAPI_INVOKE_VSPACE(X)            \
  X(VSPACE_MAP, 0x50)                    \
  X(VSPACE_UNMAP, 0x51)                  \
  X(VSPACE_MAP_PT, 0x52)                 \
  X(VSPACE_WALK, 0x53)                   \
  X(VSPACE_COPY_PAGE, 0x54)              \
  X(VSPACE_MAP_DEVICE, 0x55)             \
  X(VSPACE_CLONE_COW_PAGE, 0x56)         \
  X(VSPACE_MAP_DEVICE_RANGE, 0x57)       \
  X(VSPACE_PROTECT, 0x58)                \
  X(VSPACE_MAP_DEMAND, 0x59)             \
  X(VSPACE_MAP_DEMAND_RANGE, 0x5A)       \
  X(VSPACE_COW_RESOLVE, 0x5B)            \
  X(VSPACE_SET_COW_POOL, 0x5C)           \
  X(VSPACE_SET_COW_NOTIF, 0x5D)          \
  X(VSPACE_REPLENISH_COW_POOL, 0x5E)     \
  X(VSPACE_PROTECT_RANGE, 0x5F)          \
  X(VSPACE_MAP_MO, 0x97)                 \
  X(VSPACE_UNMAP_MO, 0x98)               \
  X(VSPACE_SHARE_RO_PAGE, 0x99)          \
  X(VSPACE_FORK_RANGE, 0x9A)

#define UAPI_INVOKE_IRQ(X)                   \
  X(IRQ_CONTROL_GET, 0x60)                   \
  X(IRQ_HANDLER_ACK, 0x61)                   \
  X(IRQ_HANDLER_SET_NOTIFICATION, 0x62)      \
  X(IRQ_HANDLER_CLEAR, 0x63)                 \
  X(DEVICE_UNTYPED_CREATE, 0x64)             \
  X(IOPORT_CREATE, 0x77)

#define UAPI_INVOKE_IOPORT(X)  \
  X(IOPORT_IN8, 0x70)          \
  X(IOPORT_OUT8, 0x71)         \
  X(IOPORT_IN16, 0x72)         \
  X(IOPORT_OUT16, 0x73)        \
  X(IOPORT_IN32, 0x74)         \
  X(IOPORT_OUT32, 0x75)        \
  X(IOPORT_CONFIGURE, 0x76)

#define UAPI_INVOKE_MEMORY_OBJECT(X) \
  X(MO_COMMIT, 0x90)                 \
  X(MO_DECOMMIT, 0x91)               \
  X(MO_GET_SIZE, 0x92)               \
  X(MO_CLONE, 0x93)                  \
  X(MO_RESIZE, 0x94)                 \
  X(MO_READ, 0x95)                   \
  X(MO_WRITE, 0x96)                  \
  X(MO_HAS_PAGE, 0x97)

#define UAPI_INVOKE_LABELS(X)      \
  UAPI_INVOKE_CNODE(X)             \
  UAPI_INVOKE_UNTYPED(X)           \
  UAPI_INVOKE_SCHED_CONTEXT(X)     \
  UAPI_INVOKE_TCB(X)               \
  UAPI_INVOKE_VSPACE(X)            \
  UAPI_INVOKE_IRQ(X)               \
  UAPI_INVOKE_IOPORT(X)            \
  UAPI_INVOKE_MEMORY_OBJECT(X)

namespace uapi {

UAPI_INVOKE_LABELS(UAPI_ABI_CONSTANT)

// TCB_WRITE_REGISTERS flags; TCB_SET_AFFINITY "any CPU".
inline constexpr uint64_t kTcbWriteRegistersResume = 1;
inline constexpr uint64_t kTcbAffinityAny = 0xFFFFFFFF;
// The kernel stack TCB_CONFIGURE allocates.
inline constexpr uint64_t kTcbKernelStackBytes = 16 * 1024;
// SC_CONFIGURE budget/period granularity: 1 ms ticks.
inline constexpr uint64_t kSchedTickUs = 1000;

}  // namespace uapi
