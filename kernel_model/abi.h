// Every number of the era-B SaltyOS kernel ABI (shared/spec/kernel-abi.md
// §1.3, §2) in one place. These are the contract: the trona simulator
// backend, the servers' uapi and the conformance tests all read them from
// here. Nothing else in kernel_model spells one of these numbers.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kmodel::abi {

// ---------------------------------------------------------------- §2.1 syscalls
enum Syscall : std::uint64_t {
  SYS_SEND = 0,
  SYS_RECV = 1,
  SYS_CALL = 2,
  SYS_REPLY_RECV = 3,
  SYS_NBSEND = 4,
  SYS_SIGNAL = 5,
  SYS_WAIT = 6,
  SYS_POLL = 7,
  SYS_YIELD = 8,
  SYS_INVOKE = 9,
  SYS_DEBUG_PUTCHAR = 10,
  SYS_DEBUG_DUMP_STATE = 11,
  SYS_CLOCK_GETTIME = 12,
  SYS_NANOSLEEP = 13,
  SYS_DEBUG_PUTSTR = 14,
  SYS_DEBUG_PUTBUF = 15,
  SYS_DEBUG_CONSOLE_CONTROL = 16,
  SYS_SET_INVOKE_DEPTHS = 17,
  SYS_FUTEX = 18,
  SYS_GETRANDOM = 19,
  SYS_SHUTDOWN = 20,
  SYS_SEND_TIMED = 21,
  SYS_RECV_TIMED = 22,
  SYS_RECV_ANY = 23,
  SYS_REPLY_RECV_ANY = 24,
  SYS_RECV_ANY_TIMED = 25,
  SYS_REPLY_RECV_ANY_TIMED = 26,
  SYS_NOTIF_RETURN = 27,
  SYS_THREAD_EXIT = 28,
};
constexpr std::uint64_t kSyscallCount = 29;

constexpr std::uint64_t CLOCK_ID_REALTIME = 0;
constexpr std::uint64_t CLOCK_ID_MONOTONIC = 1;

constexpr std::uint64_t FUTEX_OP_WAIT = 0;
constexpr std::uint64_t FUTEX_OP_WAKE = 1;
constexpr std::uint64_t FUTEX_OP_WAIT_TIMEOUT = 2;

constexpr unsigned kMaxInvokeDepth = 64;  // SET_INVOKE_DEPTHS, SET_GUARD bits

// RECV_ANY value when the bound notification fired.
constexpr std::uint64_t kRecvAnyNotification = ~0ULL;

// ---------------------------------------------------------------- §2.2 message info
constexpr std::uint64_t kMsgLengthMask = 0x7F;  // bits 6:0
constexpr unsigned kMsgCapsShift = 7;           // bits 11:7
constexpr std::uint64_t kMsgCapsMask = 0x1F;
constexpr unsigned kMsgLabelShift = 12;  // bits 51:12
constexpr std::uint64_t kMsgLabelMask = (1ULL << 40) - 1;
constexpr unsigned kMaxMsgLength = 32;   // kernel clamps the length to this
constexpr unsigned kMaxExtraCaps = 4;    // and the extra caps to this
constexpr unsigned kRegisterMrs = 4;     // MR0..MR3 travel in registers

// ---------------------------------------------------------------- §2.3 IPC buffer
constexpr std::size_t kIpcMsgWords = 34;  // [label, length, MR0..MR31]
constexpr std::size_t kIpcMsgLabel = 0;
constexpr std::size_t kIpcMsgLength = 1;
constexpr std::size_t kIpcMsgMr0 = 2;      // msg[2] = MR0
constexpr std::size_t kIpcSendMr4 = 6;     // MR4.. of a send come from msg[6..]
constexpr std::size_t kIpcOffBadge = 0x110;
constexpr std::size_t kIpcOffCaps = 0x118;
constexpr std::size_t kIpcOffRecvCnode = 0x138;
constexpr std::size_t kIpcOffRecvIndex = 0x140;
constexpr std::size_t kIpcOffRecvDepth = 0x148;
constexpr std::size_t kIpcOffTimeout = 0x150;
constexpr std::size_t kIpcOffReserved = 0x158;
constexpr std::size_t kIpcReservedWords = 465;

// ---------------------------------------------------------------- §2.4 endpoints
constexpr std::size_t kNbSendRingDepth = 128;
constexpr std::uint64_t kLabelPmExec = 6;  // PM_EXEC payload copy
constexpr std::uint64_t kPmExecMaxPath = 64;
constexpr std::uint64_t kNotifFrameMagic = 0x5A1753494746524DULL;
constexpr std::size_t kNotifFrameFpuBytesX86 = 832;
constexpr std::size_t kNotifFrameFpuBytesArm = 528;

// ---------------------------------------------------------------- §2.5 object types
enum ObjType : std::uint64_t {
  OBJ_NONE = 0,  // empty slot (not an ABI value)
  OBJ_UNTYPED = 1,
  OBJ_ENDPOINT = 2,
  OBJ_NOTIFICATION = 3,
  OBJ_TCB = 4,
  OBJ_CNODE = 5,
  OBJ_VSPACE = 6,
  OBJ_FRAME = 7,
  OBJ_IRQ_HANDLER = 8,
  OBJ_IO_PORT = 9,
  OBJ_SCHED_CONTEXT = 10,
  OBJ_MEMORY_OBJECT = 11,
};
constexpr std::uint64_t kObjTypeCount = 12;
constexpr unsigned kCNodeMinBits = 4;
constexpr unsigned kCNodeMaxBits = 16;
constexpr unsigned kFrameBits = 12;
constexpr std::uint64_t kPageSize = 4096;

// ---------------------------------------------------------------- §2.6 rights
enum Right : std::uint32_t {
  RIGHT_READ = 1u << 0,
  RIGHT_WRITE = 1u << 1,
  RIGHT_EXECUTE = 1u << 2,
  RIGHT_GRANT = 1u << 3,
  RIGHT_REVOKE = 1u << 4,
  RIGHT_SEND = 1u << 5,
  RIGHT_RECV = 1u << 6,
  RIGHT_CALL = 1u << 7,
  RIGHT_REPLY = 1u << 8,
  RIGHT_CONFIGURE = 1u << 9,
  RIGHT_SUSPEND = 1u << 10,
  RIGHT_RESUME = 1u << 11,
  RIGHT_MAP = 1u << 12,
  RIGHT_UNMAP = 1u << 13,
  RIGHT_RETYPE = 1u << 14,
};
constexpr std::uint32_t RIGHTS_ALL = 0xFFFFFFFFu;
constexpr unsigned kMaxDerivationDepth = 64;

// ---------------------------------------------------------------- §2.7 invoke labels
enum Label : std::uint64_t {
  // CNode
  CNODE_COPY = 0x10,
  CNODE_MINT = 0x11,
  CNODE_MOVE = 0x12,
  CNODE_MUTATE = 0x13,
  CNODE_DELETE = 0x14,
  CNODE_REVOKE = 0x15,
  CNODE_SAVE_CALLER = 0x16,
  CNODE_SET_GUARD = 0x17,
  CNODE_GET_INFO = 0x18,
  // Untyped
  UNTYPED_RETYPE = 0x20,
  UNTYPED_RESET = 0x21,
  // SchedContext
  SC_CONFIGURE = 0x30,
  SC_BIND = 0x31,
  SC_UNBIND = 0x32,
  SC_YIELD_TO = 0x33,
  SC_CONSUMED = 0x34,
  // TCB
  TCB_CONFIGURE = 0x40,
  TCB_RESUME = 0x41,
  TCB_SUSPEND = 0x42,
  TCB_SET_SPACE = 0x43,
  TCB_SET_AFFINITY = 0x44,
  TCB_READ_REGISTERS = 0x45,
  TCB_WRITE_REGISTERS = 0x46,
  TCB_SET_PRIORITY = 0x47,
  TCB_SET_IPC_BUFFER = 0x48,
  TCB_BIND_NOTIFICATION = 0x49,
  TCB_UNBIND_NOTIFICATION = 0x4A,
  TCB_SET_FAULT_HANDLER = 0x4B,
  TCB_COPY_FPU = 0x4C,
  TCB_SET_TLS_BASE = 0x4D,
  TCB_SET_NOTIFICATION_DISPATCHER = 0x4E,
  TCB_GET_SPACE_INFO = 0x4F,
  // VSpace
  VSPACE_MAP = 0x50,
  VSPACE_UNMAP = 0x51,
  VSPACE_MAP_PT = 0x52,
  VSPACE_WALK = 0x53,
  VSPACE_COPY_PAGE = 0x54,
  VSPACE_MAP_DEVICE = 0x55,
  VSPACE_CLONE_COW_PAGE = 0x56,
  VSPACE_MAP_DEVICE_RANGE = 0x57,
  VSPACE_PROTECT = 0x58,
  VSPACE_MAP_DEMAND = 0x59,
  VSPACE_MAP_DEMAND_RANGE = 0x5A,
  VSPACE_COW_RESOLVE = 0x5B,
  VSPACE_SET_COW_POOL = 0x5C,
  VSPACE_SET_COW_NOTIF = 0x5D,
  VSPACE_REPLENISH_COW_POOL = 0x5E,
  VSPACE_PROTECT_RANGE = 0x5F,
  VSPACE_MAP_MO = 0x97,
  VSPACE_UNMAP_MO = 0x98,
  VSPACE_SHARE_RO_PAGE = 0x99,
  VSPACE_FORK_RANGE = 0x9A,
  // IrqHandler / IrqControl
  IRQ_CONTROL_GET = 0x60,
  IRQ_HANDLER_ACK = 0x61,
  IRQ_HANDLER_SET_NOTIFICATION = 0x62,
  IRQ_HANDLER_CLEAR = 0x63,
  DEVICE_UNTYPED_CREATE = 0x64,
  IOPORT_CREATE = 0x77,
  // IoPort
  IOPORT_IN8 = 0x70,
  IOPORT_OUT8 = 0x71,
  IOPORT_IN16 = 0x72,
  IOPORT_OUT16 = 0x73,
  IOPORT_IN32 = 0x74,
  IOPORT_OUT32 = 0x75,
  IOPORT_CONFIGURE = 0x76,
  // MemoryObject
  MO_COMMIT = 0x90,
  MO_DECOMMIT = 0x91,
  MO_GET_SIZE = 0x92,
  MO_CLONE = 0x93,
  MO_RESIZE = 0x94,
  MO_READ = 0x95,
  MO_WRITE = 0x96,
  MO_HAS_PAGE = 0x97,
};

// TCB_WRITE_REGISTERS flags
constexpr std::uint64_t kWriteRegsResume = 1;
constexpr std::uint64_t kAffinityAny = 0xFFFFFFFFULL;
constexpr std::uint64_t kTcbKernelStackBytes = 16 * 1024;

// VSpace mapping flags
constexpr std::uint64_t VM_WRITABLE = 1u << 0;
constexpr std::uint64_t VM_USER = 1u << 1;
constexpr std::uint64_t VM_EXECUTABLE = 1u << 2;
constexpr std::uint64_t VM_CACHE_DISABLE = 1u << 3;
constexpr std::uint64_t VM_WRITE_THROUGH = 1u << 4;
constexpr std::uint64_t VM_COW = 1u << 5;
constexpr std::uint64_t kVmFlagsMask = 0x3F;
constexpr std::uint64_t kUserVaLimit = 0x0000'8000'0000'0000ULL;
constexpr std::uint64_t kCowPoolMax = 510;

// SC_CONFIGURE
constexpr std::uint64_t kSchedTickUs = 1000;  // 1 ms ticks

// ---------------------------------------------------------------- §2.8 errors
enum Error : std::uint64_t {
  OK = 0,
  INVALID_CAPABILITY = 1,
  INVALID_OPERATION = 2,
  INSUFFICIENT_RIGHTS = 3,
  INVALID_ARGUMENT = 4,
  OUT_OF_MEMORY = 5,
  NOT_FOUND = 6,
  BUSY = 7,
  ALREADY_EXISTS = 8,
  WOULD_BLOCK = 9,
  BAD_ADDRESS = 10,
  OUT_OF_RANGE = 11,
  CANCELLED = 12,
  RESTART = 13,
  DEADLOCK = 14,
  INTERRUPTED = 15,
  IN_PROGRESS = 0x10,
  SLOT_OCCUPIED = 0x18,
  ALREADY_MAPPED = 0x19,
  ALREADY_BOUND = 0x1A,
  PENDING = 0x80,  // userland only; never produced by the kernel
};

// ---------------------------------------------------------------- §2.11 faults
enum FaultLabel : std::uint64_t {
  FAULT_NULL = 0,
  FAULT_CAP = 1,
  FAULT_VM = 2,
  FAULT_UNKNOWN_SYSCALL = 3,
  FAULT_USER_EXCEPTION = 4,
};
// x86 page-fault error-code bits carried in VMFault MR1.
constexpr std::uint64_t PF_PRESENT = 1u << 0;
constexpr std::uint64_t PF_WRITE = 1u << 1;
constexpr std::uint64_t PF_USER = 1u << 2;
constexpr std::uint64_t PF_INSTR = 1u << 4;
constexpr std::uint64_t kVectorInvalidOpcode = 6;

// ---------------------------------------------------------------- §1.3, §2.9 slots and addresses
constexpr std::uint64_t SLOT_TCB = 0;
constexpr std::uint64_t SLOT_VSPACE = 1;
constexpr std::uint64_t SLOT_CNODE = 2;
constexpr std::uint64_t SLOT_PROCMGR_EP = 3;
constexpr std::uint64_t SLOT_VFS_EP = 4;
constexpr std::uint64_t SLOT_NAMESRV_EP = 5;
constexpr std::uint64_t SLOT_RSRCSRV_EP = 6;
constexpr std::uint64_t SLOT_MMSRV_EP = 7;
constexpr std::uint64_t SLOT_CONSOLE_EP = 11;
constexpr std::uint64_t SLOT_READY_NTFN = 14;
// init (root task) hardware slots
constexpr std::uint64_t INIT_SLOT_KBD_IOPORT = 6;
constexpr std::uint64_t INIT_SLOT_KBD_IRQ = 7;
constexpr std::uint64_t INIT_SLOT_COM1_IOPORT = 8;
constexpr std::uint64_t INIT_SLOT_COM1_IRQ = 9;
constexpr std::uint64_t INIT_SLOT_COM1_NTFN = 10;
constexpr std::uint64_t INIT_SLOT_IRQ_CONTROL = 11;
constexpr std::uint64_t INIT_SLOT_INITRD_UNTYPED = 12;
constexpr std::uint64_t INIT_SLOT_FB_UNTYPED = 13;
constexpr std::uint64_t INIT_SLOT_PCI_IOPORT = 15;
constexpr std::uint64_t INIT_SLOT_UNTYPED_BASE = 16;
constexpr std::uint64_t kInitMaxUntypeds = 64;
constexpr unsigned kInitCNodeBits = 12;
constexpr std::uint64_t kCSpaceExpandBase = 1008;
constexpr std::uint64_t kBootstrapSlotFirst = 32;
constexpr std::uint64_t kInjectedSlotFirst = 64;

constexpr std::uint16_t kKbdPortBase = 0x60, kKbdPortCount = 5;
constexpr std::uint16_t kCom1PortBase = 0x3F8, kCom1PortCount = 8;
constexpr std::uint16_t kPciPortBase = 0xCF8, kPciPortCount = 8;
constexpr unsigned kKbdIrq = 1;
constexpr unsigned kCom1Irq = 4;
constexpr unsigned kMaxIrq = 256;

constexpr std::uint64_t kBootInfoVa = 0x001F'F000;
constexpr std::uint64_t kInitIpcBufferVa = 0x0020'0000;
constexpr std::uint64_t kInitCodeVa = 0x0040'0000;
constexpr std::uint64_t kInitStackVa = 0x0080'0000;
constexpr std::uint64_t kInitStackPages = 8;
constexpr std::uint64_t kInitrdVa = 0x0100'0000;
constexpr std::uint64_t kScratchVa = 0x0200'0000;
constexpr std::uint64_t kBootInfoMagic = 0x534C5459424F4F54ULL;  // "SLTYBOOT"
constexpr std::size_t kBootInfoWordInitrdVa = 1;
constexpr std::size_t kBootInfoWordInitrdSize = 2;
constexpr std::size_t kBootInfoWordRamBytes = 7;
constexpr std::uint64_t kInitScBudgetUs = 10'000;
constexpr std::uint64_t kInitScPeriodUs = 100'000;

}  // namespace kmodel::abi
