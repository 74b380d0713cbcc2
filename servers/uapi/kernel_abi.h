// uapi/kernel_abi.h — the era-B SaltyOS kernel ABI the servers need
// (spec/kernel-abi.md §1.5, §2): syscall numbers, the message-info word,
// the IPC buffer, error codes, rights, object types, invoke labels, VSpace
// flags, fault labels, well-known CSpace slots and auxv keys.
//
// Freestanding: only <stdint.h>/<stddef.h>. Names that are libc/Linux
// macros on a host (AT_PHDR, ...) carry a `k` prefix so this header can
// sit next to host headers in the simulator build.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace uapi {

// ---------------------------------------------------------------------------
// §2.1 Syscall numbers. Register convention (x86-64 `syscall`): rax =
// number in / error out, rdi = arg0 (cap), rsi = arg1 (msginfo or label),
// rdx = arg2 in / value out, r10, r8, r9 = args 3-5; rcx, r11 clobbered.
// For IPC syscalls MR0..MR3 travel in args 2-5.

#define UAPI_SYSCALLS(X)            \
  X(SYS_SEND, 0)                    \
  X(SYS_RECV, 1)                    \
  X(SYS_CALL, 2)                    \
  X(SYS_REPLY_RECV, 3)              \
  X(SYS_NBSEND, 4)                  \
  X(SYS_SIGNAL, 5)                  \
  X(SYS_WAIT, 6)                    \
  X(SYS_POLL, 7)                    \
  X(SYS_YIELD, 8)                   \
  X(SYS_INVOKE, 9)                  \
  X(SYS_DEBUG_PUTCHAR, 10)          \
  X(SYS_DEBUG_DUMP_STATE, 11)       \
  X(SYS_CLOCK_GETTIME, 12)          \
  X(SYS_NANOSLEEP, 13)              \
  X(SYS_DEBUG_PUTSTR, 14)           \
  X(SYS_DEBUG_PUTBUF, 15)           \
  X(SYS_DEBUG_CONSOLE_CONTROL, 16)  \
  X(SYS_SET_INVOKE_DEPTHS, 17)      \
  X(SYS_FUTEX, 18)                  \
  X(SYS_GETRANDOM, 19)              \
  X(SYS_SHUTDOWN, 20)               \
  X(SYS_SEND_TIMED, 21)             \
  X(SYS_RECV_TIMED, 22)             \
  X(SYS_RECV_ANY, 23)               \
  X(SYS_REPLY_RECV_ANY, 24)         \
  X(SYS_RECV_ANY_TIMED, 25)         \
  X(SYS_REPLY_RECV_ANY_TIMED, 26)   \
  X(SYS_NOTIF_RETURN, 27)           \
  X(SYS_THREAD_EXIT, 28)

#define UAPI_DETAIL_CONSTANT(name, value) inline constexpr uint64_t name = value;
#define UAPI_DETAIL_K_CONSTANT(name, value) inline constexpr uint64_t k##name = value;
// kSYS_SEND, ...: <linux/net.h> defines SYS_SEND/SYS_RECV/SYS_SHUTDOWN.
UAPI_SYSCALLS(UAPI_DETAIL_K_CONSTANT)
inline constexpr uint64_t kSYS_SIGRETURN = kSYS_NOTIF_RETURN;  // earlier name
inline constexpr uint64_t kSyscallCount = 29;

// SYS_CLOCK_GETTIME clock ids; SYS_FUTEX ops.
inline constexpr uint64_t kClockRealtime = 0;
inline constexpr uint64_t kClockMonotonic = 1;
inline constexpr uint64_t kFutexWait = 0;
inline constexpr uint64_t kFutexWake = 1;
inline constexpr uint64_t kFutexWaitTimeout = 2;
// SYS_RECV_ANY value when the bound notification fired.
inline constexpr uint64_t kRecvAnyNotification = ~uint64_t{0};
// SYS_NBSEND per-endpoint queue depth; SYS_SET_INVOKE_DEPTHS maximum.
inline constexpr size_t kNbsendQueueDepth = 128;
inline constexpr uint64_t kMaxInvokeDepth = 64;

// ---------------------------------------------------------------------------
// §2.2 Message-info word: length 6:0, extra caps 11:7, label 51:12.

inline constexpr unsigned kMsgLengthBits = 7;
inline constexpr unsigned kMsgCapsShift = 7;
inline constexpr unsigned kMsgCapsBits = 5;
inline constexpr unsigned kMsgLabelShift = 12;
inline constexpr unsigned kMsgLabelBits = 40;
inline constexpr size_t kMaxMessageRegisters = 32;  // kernel clamps length
inline constexpr size_t kMaxExtraCaps = 4;          // kernel clamps caps
inline constexpr size_t kRegisterMessageRegisters = 4;  // MR0..MR3 in registers

constexpr uint64_t msginfo(uint64_t label, uint64_t length, uint64_t extra_caps = 0) {
  return ((label & ((uint64_t{1} << kMsgLabelBits) - 1)) << kMsgLabelShift) |
         ((extra_caps & ((uint64_t{1} << kMsgCapsBits) - 1)) << kMsgCapsShift) |
         (length & ((uint64_t{1} << kMsgLengthBits) - 1));
}
constexpr uint64_t msginfo_label(uint64_t info) {
  return (info >> kMsgLabelShift) & ((uint64_t{1} << kMsgLabelBits) - 1);
}
// Raw fields; the kernel clamps length to 32 and caps to 4.
constexpr uint64_t msginfo_length(uint64_t info) { return info & ((uint64_t{1} << kMsgLengthBits) - 1); }
constexpr uint64_t msginfo_extra_caps(uint64_t info) {
  return (info >> kMsgCapsShift) & ((uint64_t{1} << kMsgCapsBits) - 1);
}

// ---------------------------------------------------------------------------
// §2.3 IPC buffer: one 4 KiB page per thread. msg[] = [label, length,
// MR0..MR31]; on receive the kernel writes the whole message here. On send
// MR4.. are taken from msg[6..].

inline constexpr size_t kIpcBufferSize = 4096;
inline constexpr size_t kIpcMsgWords = 34;
inline constexpr size_t kIpcReservedWords = 465;
inline constexpr size_t kIpcMsgLabel = 0;    // msg[] index of the label
inline constexpr size_t kIpcMsgLength = 1;   // msg[] index of the length
inline constexpr size_t kIpcMsgMr0 = 2;      // msg[] index of MR0

// The frame the kernel pushes for a notification dispatcher (§2.4): all
// GPRs (x86_64 order rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, r8..r15),
// rip, rflags, the notification bits, the interrupted syscall number, its
// cap and msginfo, restart (1: the call never reached the server and is
// re-issued after NOTIF_RETURN), the magic, the FPU state.
inline constexpr uint64_t kNotifFrameMagic = 0x5A17'5349'4746'524DULL;
struct NotifFrame {
  uint64_t gprs[16];
  uint64_t rip, rflags;
  uint64_t bits, syscall, cap, msginfo, restart;
  uint64_t magic;
  alignas(64) uint8_t fpu[832];
};

struct IpcBuffer {
  uint64_t msg[kIpcMsgWords];
  uint64_t badge;
  uint64_t caps[kMaxExtraCaps];
  uint64_t receive_cnode;
  uint64_t receive_index;
  uint64_t receive_depth;
  uint64_t timeout_ns;
  uint64_t reserved[kIpcReservedWords];
  uint64_t tail[4];  // §2.3 lists 465 reserved words; the page has 4 more


  uint64_t& mr(size_t i) { return msg[kIpcMsgMr0 + i]; }
  uint64_t mr(size_t i) const { return msg[kIpcMsgMr0 + i]; }
};

static_assert(sizeof(IpcBuffer) == kIpcBufferSize);
static_assert(offsetof(IpcBuffer, msg) == 0x000);
static_assert(offsetof(IpcBuffer, badge) == 0x110);
static_assert(offsetof(IpcBuffer, caps) == 0x118);
static_assert(offsetof(IpcBuffer, receive_cnode) == 0x138);
static_assert(offsetof(IpcBuffer, receive_index) == 0x140);
static_assert(offsetof(IpcBuffer, receive_depth) == 0x148);
static_assert(offsetof(IpcBuffer, timeout_ns) == 0x150);
static_assert(offsetof(IpcBuffer, reserved) == 0x158);
static_assert(kIpcMsgWords == 2 + kMaxMessageRegisters);

// ---------------------------------------------------------------------------
// §2.8 Error codes (SyscallError = trona TRONA_*). Kernel codes travel in
// the syscall error register; servers put codes of the same space in the
// reply label. Kernel 24-26 and userland 24-26 clash on purpose: they live
// on different channels.

#define UAPI_KERNEL_ERRORS(X)          \
  X(TRONA_OK, 0)                       \
  X(TRONA_INVALID_CAPABILITY, 1)       \
  X(TRONA_INVALID_OPERATION, 2)        \
  X(TRONA_INSUFFICIENT_RIGHTS, 3)      \
  X(TRONA_INVALID_ARGUMENT, 4)         \
  X(TRONA_OUT_OF_MEMORY, 5)            \
  X(TRONA_NOT_FOUND, 6)                \
  X(TRONA_BUSY, 7)                     \
  X(TRONA_ALREADY_EXISTS, 8)           \
  X(TRONA_WOULD_BLOCK, 9)              \
  X(TRONA_BAD_ADDRESS, 10)             \
  X(TRONA_OUT_OF_RANGE, 11)            \
  X(TRONA_CANCELLED, 12)               \
  X(TRONA_RESTART, 13)                 \
  X(TRONA_DEADLOCK, 14)                \
  X(TRONA_INTERRUPTED, 15)             \
  X(TRONA_IN_PROGRESS, 0x10)           \
  X(TRONA_SLOT_OCCUPIED, 0x18)         \
  X(TRONA_ALREADY_MAPPED, 0x19)        \
  X(TRONA_ALREADY_BOUND, 0x1A)

// Server-level (userland) status codes carried in reply labels.
#define UAPI_SERVER_STATUS(X)          \
  X(TRONA_CONN_REFUSED, 21)            \
  X(TRONA_TIMED_OUT, 22)               \
  X(TRONA_DNS_NXDOMAIN, 23)            \
  X(TRONA_DNS_SERVER_FAIL, 24)         \
  X(TRONA_PROTO_NOT_SUPPORTED, 25)     \
  X(TRONA_HOST_UNREACHABLE, 26)        \
  X(TRONA_NET_UNREACHABLE, 27)         \
  X(TRONA_NO_BUFS, 28)                 \
  X(TRONA_CONN_RESET, 29)              \
  X(TRONA_NOT_CONNECTED, 30)           \
  X(TRONA_IS_CONNECTED, 31)            \
  X(TRONA_ADDR_IN_USE, 32)             \
  X(TRONA_STALE, 33)                   \
  X(TRONA_PENDING, 0x80)

UAPI_KERNEL_ERRORS(UAPI_DETAIL_CONSTANT)
UAPI_SERVER_STATUS(UAPI_DETAIL_CONSTANT)

// ---------------------------------------------------------------------------
// §2.5 Object types (UNTYPED_RETYPE a0).

#define UAPI_OBJECT_TYPES(X)   \
  X(OBJ_UNTYPED, 1)            \
  X(OBJ_ENDPOINT, 2)           \
  X(OBJ_NOTIFICATION, 3)       \
  X(OBJ_TCB, 4)                \
  X(OBJ_CNODE, 5)              \
  X(OBJ_VSPACE, 6)             \
  X(OBJ_FRAME, 7)              \
  X(OBJ_IRQ_HANDLER, 8)        \
  X(OBJ_IO_PORT, 9)            \
  X(OBJ_SCHED_CONTEXT, 10)     \
  X(OBJ_MEMORY_OBJECT, 11)

UAPI_OBJECT_TYPES(UAPI_DETAIL_CONSTANT)

inline constexpr unsigned kFrameSizeBits = 12;  // 4 KiB minimum frame
inline constexpr size_t kPageSize = 4096;
inline constexpr unsigned kCnodeMinSizeBits = 4;
inline constexpr unsigned kCnodeMaxSizeBits = 16;

// ---------------------------------------------------------------------------
// §2.6 Rights (32-bit mask).

#define UAPI_RIGHTS(X)         \
  X(RIGHT_READ, 1u << 0)       \
  X(RIGHT_WRITE, 1u << 1)      \
  X(RIGHT_EXECUTE, 1u << 2)    \
  X(RIGHT_GRANT, 1u << 3)      \
  X(RIGHT_REVOKE, 1u << 4)     \
  X(RIGHT_SEND, 1u << 5)       \
  X(RIGHT_RECV, 1u << 6)       \
  X(RIGHT_CALL, 1u << 7)       \
  X(RIGHT_REPLY, 1u << 8)      \
  X(RIGHT_CONFIGURE, 1u << 9)  \
  X(RIGHT_SUSPEND, 1u << 10)   \
  X(RIGHT_RESUME, 1u << 11)    \
  X(RIGHT_MAP, 1u << 12)       \
  X(RIGHT_UNMAP, 1u << 13)     \
  X(RIGHT_RETYPE, 1u << 14)

UAPI_RIGHTS(UAPI_DETAIL_CONSTANT)
inline constexpr uint64_t RIGHTS_ALL = 0xFFFFFFFF;
// What CNODE_MINT gives the new cap: everything except GRANT.
inline constexpr uint64_t RIGHTS_MINTED = RIGHTS_ALL & ~RIGHT_GRANT;

// ---------------------------------------------------------------------------
// §2.7 Invoke labels: SYS_INVOKE(cap, label, a0..a3). Dispatch is by
// (object type, label): 0x97 is both MO_HAS_PAGE and VSPACE_MAP_MO.

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

UAPI_INVOKE_LABELS(UAPI_DETAIL_CONSTANT)

// TCB_WRITE_REGISTERS flags; TCB_SET_AFFINITY "any CPU".
inline constexpr uint64_t kTcbWriteRegistersResume = 1;
inline constexpr uint64_t kTcbAffinityAny = 0xFFFFFFFF;

// VSpace mapping flags (VSPACE_MAP and friends). W+X is rejected.
inline constexpr uint64_t VSPACE_WRITABLE = 1u << 0;
inline constexpr uint64_t VSPACE_USER = 1u << 1;
inline constexpr uint64_t VSPACE_EXECUTABLE = 1u << 2;
inline constexpr uint64_t VSPACE_CACHE_DISABLE = 1u << 3;
inline constexpr uint64_t VSPACE_WRITE_THROUGH = 1u << 4;
inline constexpr uint64_t VSPACE_COW = 1u << 5;

// ---------------------------------------------------------------------------
// §2.11 Fault messages (label of the message the kernel sends the fault
// handler). VMFault MRs: address, x86 PF error code, pc, 1 if instruction
// fetch. UserException MRs: vector, error code, pc, sp.

#define UAPI_FAULT_LABELS(X)       \
  X(FAULT_NULL, 0)                 \
  X(FAULT_CAP, 1)                  \
  X(FAULT_VM, 2)                   \
  X(FAULT_UNKNOWN_SYSCALL, 3)      \
  X(FAULT_USER_EXCEPTION, 4)

UAPI_FAULT_LABELS(UAPI_DETAIL_CONSTANT)

// ---------------------------------------------------------------------------
// §2.9 Well-known CSpace slots of every process (era B).

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
inline constexpr uint64_t SLOT_READINESS_NTFN = 14;
inline constexpr uint64_t SLOT_PCI_IOPORT = 15;
inline constexpr uint64_t SLOT_UNTYPED_BASE = 16;
inline constexpr uint64_t SLOT_BOOTSTRAP_PRIVATE_BASE = 32;  // 32..63
inline constexpr uint64_t SLOT_INJECTED_BASE = 64;           // >= 64
inline constexpr uint64_t SLOT_CSPACE_EXPAND_BASE = 1008;    // 1008..1015
inline constexpr uint64_t kCspaceExpandMax = 8;

// ---------------------------------------------------------------------------
// §1.5 auxv keys of the initial stack.

inline constexpr uint64_t kAT_NULL = 0;
inline constexpr uint64_t kAT_PHDR = 3;
inline constexpr uint64_t kAT_PHENT = 4;
inline constexpr uint64_t kAT_PHNUM = 5;
inline constexpr uint64_t kAT_PAGESZ = 6;
inline constexpr uint64_t kAT_BASE = 7;
inline constexpr uint64_t kAT_ENTRY = 9;

#define UAPI_AUXV_TRONA(X)                 \
  X(AT_TRONA_UNTYPED, 0x1000)              \
  X(AT_TRONA_VSPACE, 0x1001)               \
  X(AT_TRONA_SCRATCH, 0x1002)              \
  X(AT_TRONA_INITRD_VA, 0x1003)            \
  X(AT_TRONA_INITRD_SIZE, 0x1004)          \
  X(AT_TRONA_FRAME_SLOT, 0x1005)           \
  X(AT_TRONA_SHLIB_BASE, 0x1006)           \
  X(AT_TRONA_SLOT_BASE, 0x1007)            \
  X(AT_TRONA_SLOT_COUNT, 0x1008)           \
  X(AT_TRONA_CSPACE_EXPAND_EP, 0x1009)     \
  X(AT_TRONA_CSPACE_NTFN, 0x100A)          \
  X(AT_TRONA_MM_EP, 0x100B)                \
  X(AT_TRONA_IPC_BUFFER, 0x100C)           \
  X(AT_TRONA_SC_CAP, 0x100E)               \
  X(AT_PE_IMAGE_BASE, 0x2000)              \
  X(AT_PE_IMAGE_SIZE, 0x2001)              \
  X(AT_PE_WIN32SRV_EP, 0x2002)             \
  X(AT_PE_KERNEL32_BASE, 0x2003)           \
  X(AT_PE_KERNEL32_SIZE, 0x2004)

UAPI_AUXV_TRONA(UAPI_DETAIL_CONSTANT)

#undef UAPI_DETAIL_CONSTANT
#undef UAPI_DETAIL_K_CONSTANT

}  // namespace uapi
