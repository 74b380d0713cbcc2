// The era-B SaltyOS kernel ABI (shared/spec/kernel-abi.md §1.3, §2) as the
// kernel model spells it. No number is written here: they all live once in
// servers/uapi/abi/ (freestanding, shared with the servers; the one thing
// kernel_model includes from servers/). This header only gives them the
// kernel model's names and types: enums whose enumerators come from the
// shared X-macro lists, using-declarations where the names agree, aliases
// where the kernel model has its own name.
#pragma once

#include <cstddef>
#include <cstdint>

#include "uapi/abi/boot.h"
#include "uapi/abi/errors.h"
#include "uapi/abi/faults.h"
#include "uapi/abi/invoke_labels.h"
#include "uapi/abi/ipc_buffer.h"
#include "uapi/abi/msginfo.h"
#include "uapi/abi/objects.h"
#include "uapi/abi/rights.h"
#include "uapi/abi/slots.h"
#include "uapi/abi/syscalls.h"
#include "uapi/abi/vspace.h"

namespace kmodel::abi {

// X(name, value) -> an enumerator `name = value` of the shared list.
#define KMODEL_ABI_ENUMERATOR(name, value) name = value,

// ---------------------------------------------------------------- §2.1 syscalls
enum Syscall : std::uint64_t { UAPI_SYSCALLS(KMODEL_ABI_ENUMERATOR) };
using ::uapi::kSyscallCount;

constexpr std::uint64_t CLOCK_ID_REALTIME = ::uapi::kClockRealtime;
constexpr std::uint64_t CLOCK_ID_MONOTONIC = ::uapi::kClockMonotonic;

constexpr std::uint64_t FUTEX_OP_WAIT = ::uapi::kFutexWait;
constexpr std::uint64_t FUTEX_OP_WAKE = ::uapi::kFutexWake;
constexpr std::uint64_t FUTEX_OP_WAIT_TIMEOUT = ::uapi::kFutexWaitTimeout;

constexpr unsigned kMaxInvokeDepth = ::uapi::kMaxInvokeDepth;  // SET_INVOKE_DEPTHS, SET_GUARD bits
using ::uapi::kRecvAnyNotification;

// ---------------------------------------------------------------- §2.2 message info
constexpr std::uint64_t kMsgLengthMask = (std::uint64_t{1} << ::uapi::kMsgLengthBits) - 1;
using ::uapi::kMsgCapsShift;
constexpr std::uint64_t kMsgCapsMask = (std::uint64_t{1} << ::uapi::kMsgCapsBits) - 1;
using ::uapi::kMsgLabelShift;
constexpr std::uint64_t kMsgLabelMask = (std::uint64_t{1} << ::uapi::kMsgLabelBits) - 1;
constexpr unsigned kMaxMsgLength = ::uapi::kMaxMessageRegisters;  // kernel clamps the length to this
constexpr unsigned kMaxExtraCaps = ::uapi::kMaxExtraCaps;         // and the extra caps to this
constexpr unsigned kRegisterMrs = ::uapi::kRegisterMessageRegisters;  // MR0..MR3 travel in registers

// ---------------------------------------------------------------- §2.3 IPC buffer
using ::uapi::kIpcMsgWords;  // [label, length, MR0..MR31]
using ::uapi::kIpcMsgLabel;
using ::uapi::kIpcMsgLength;
using ::uapi::kIpcMsgMr0;                                      // msg[2] = MR0
constexpr std::size_t kIpcSendMr4 = kIpcMsgMr0 + kRegisterMrs;  // MR4.. of a send come from msg[6..]
using ::uapi::kIpcOffBadge;
using ::uapi::kIpcOffCaps;
using ::uapi::kIpcOffRecvCnode;
using ::uapi::kIpcOffRecvIndex;
using ::uapi::kIpcOffRecvDepth;
using ::uapi::kIpcOffTimeout;
using ::uapi::kIpcOffReserved;
using ::uapi::kIpcReservedWords;

// ---------------------------------------------------------------- §2.4 endpoints
constexpr std::size_t kNbSendRingDepth = ::uapi::kNbsendQueueDepth;
constexpr std::uint64_t kLabelPmExec = ::uapi::kPmExecLabel;  // PM_EXEC payload copy
using ::uapi::kPmExecMaxPath;
using ::uapi::kNotifFrameMagic;
using ::uapi::kNotifFrameFpuBytesX86;
using ::uapi::kNotifFrameFpuBytesArm;

// ---------------------------------------------------------------- §2.5 object types
enum ObjType : std::uint64_t {
  OBJ_NONE = 0,  // empty slot (not an ABI value)
  UAPI_OBJECT_TYPES(KMODEL_ABI_ENUMERATOR)
};
constexpr std::uint64_t kObjTypeCount = ::uapi::kObjectTypeCount + 1;  // with OBJ_NONE
constexpr unsigned kCNodeMinBits = ::uapi::kCnodeMinSizeBits;
constexpr unsigned kCNodeMaxBits = ::uapi::kCnodeMaxSizeBits;
constexpr unsigned kFrameBits = ::uapi::kFrameSizeBits;
using ::uapi::kPageSize;

// ---------------------------------------------------------------- §2.6 rights
enum Right : std::uint32_t { UAPI_RIGHTS(KMODEL_ABI_ENUMERATOR) };
constexpr std::uint32_t RIGHTS_ALL = ::uapi::RIGHTS_ALL;
using ::uapi::kMaxDerivationDepth;

// ---------------------------------------------------------------- §2.7 invoke labels
enum Label : std::uint64_t { UAPI_INVOKE_LABELS(KMODEL_ABI_ENUMERATOR) };

// TCB_WRITE_REGISTERS flags
constexpr std::uint64_t kWriteRegsResume = ::uapi::kTcbWriteRegistersResume;
constexpr std::uint64_t kAffinityAny = ::uapi::kTcbAffinityAny;
using ::uapi::kTcbKernelStackBytes;

// VSpace mapping flags
constexpr std::uint64_t VM_WRITABLE = ::uapi::VSPACE_WRITABLE;
constexpr std::uint64_t VM_USER = ::uapi::VSPACE_USER;
constexpr std::uint64_t VM_EXECUTABLE = ::uapi::VSPACE_EXECUTABLE;
constexpr std::uint64_t VM_CACHE_DISABLE = ::uapi::VSPACE_CACHE_DISABLE;
constexpr std::uint64_t VM_WRITE_THROUGH = ::uapi::VSPACE_WRITE_THROUGH;
constexpr std::uint64_t VM_COW = ::uapi::VSPACE_COW;
constexpr std::uint64_t kVmFlagsMask = ::uapi::kVspaceFlagsMask;
using ::uapi::kUserVaLimit;
using ::uapi::kCowPoolMax;

// SC_CONFIGURE
using ::uapi::kSchedTickUs;  // 1 ms ticks

// ---------------------------------------------------------------- §2.8 errors
#define KMODEL_ABI_ERROR(X, name, value) name = value,
enum Error : std::uint64_t {
  UAPI_KERNEL_ERROR_CODES(KMODEL_ABI_ERROR, _)
  PENDING = ::uapi::TRONA_PENDING,  // userland only; never produced by the kernel
};
#undef KMODEL_ABI_ERROR

// ---------------------------------------------------------------- §2.11 faults
enum FaultLabel : std::uint64_t { UAPI_FAULT_LABELS(KMODEL_ABI_ENUMERATOR) };
using ::uapi::PF_PRESENT;
using ::uapi::PF_WRITE;
using ::uapi::PF_USER;
using ::uapi::PF_INSTR;
using ::uapi::kVectorInvalidOpcode;

#undef KMODEL_ABI_ENUMERATOR

// ---------------------------------------------------------------- §1.3, §2.9 slots and addresses
constexpr std::uint64_t SLOT_TCB = ::uapi::SLOT_SELF_TCB;
constexpr std::uint64_t SLOT_VSPACE = ::uapi::SLOT_SELF_VSPACE;
constexpr std::uint64_t SLOT_CNODE = ::uapi::SLOT_SELF_CNODE;
using ::uapi::SLOT_PROCMGR_EP;
using ::uapi::SLOT_VFS_EP;
using ::uapi::SLOT_NAMESRV_EP;
using ::uapi::SLOT_RSRCSRV_EP;
using ::uapi::SLOT_MMSRV_EP;
using ::uapi::SLOT_CONSOLE_EP;
constexpr std::uint64_t SLOT_READY_NTFN = ::uapi::SLOT_READINESS_NTFN;
// init (root task) hardware slots
using ::uapi::INIT_SLOT_KBD_IOPORT;
using ::uapi::INIT_SLOT_KBD_IRQ;
using ::uapi::INIT_SLOT_COM1_IOPORT;
using ::uapi::INIT_SLOT_COM1_IRQ;
using ::uapi::INIT_SLOT_COM1_NTFN;
using ::uapi::INIT_SLOT_IRQ_CONTROL;
using ::uapi::INIT_SLOT_INITRD_UNTYPED;
using ::uapi::INIT_SLOT_FB_UNTYPED;
using ::uapi::INIT_SLOT_PCI_IOPORT;
using ::uapi::INIT_SLOT_UNTYPED_BASE;
using ::uapi::kInitMaxUntypeds;
using ::uapi::kInitCNodeBits;
constexpr std::uint64_t kCSpaceExpandBase = ::uapi::SLOT_CSPACE_EXPAND_BASE;
constexpr std::uint64_t kBootstrapSlotFirst = ::uapi::SLOT_BOOTSTRAP_PRIVATE_BASE;
constexpr std::uint64_t kInjectedSlotFirst = ::uapi::SLOT_INJECTED_BASE;

using ::uapi::kKbdPortBase;
using ::uapi::kKbdPortCount;
using ::uapi::kCom1PortBase;
using ::uapi::kCom1PortCount;
using ::uapi::kPciPortBase;
using ::uapi::kPciPortCount;
using ::uapi::kKbdIrq;
using ::uapi::kCom1Irq;
using ::uapi::kMaxIrq;

using ::uapi::kBootInfoVa;
using ::uapi::kInitIpcBufferVa;
using ::uapi::kInitCodeVa;
using ::uapi::kInitStackVa;
using ::uapi::kInitStackPages;
using ::uapi::kInitrdVa;
using ::uapi::kScratchVa;
using ::uapi::kBootInfoMagic;
using ::uapi::kBootInfoWordInitrdVa;
using ::uapi::kBootInfoWordInitrdSize;
using ::uapi::kBootInfoWordRamBytes;
using ::uapi::kInitScBudgetUs;
using ::uapi::kInitScPeriodUs;

}  // namespace kmodel::abi
