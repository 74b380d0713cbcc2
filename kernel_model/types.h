// Small vocabulary shared by every part of the kernel model.
#pragma once

#include <cstdint>

#include "kernel_model/abi.h"

namespace kmodel {

using Word = std::uint64_t;
using Err = abi::Error;

// What a syscall hands back: the error register and the value register.
struct SysResult {
  Word error = abi::OK;
  Word value = 0;
  bool ok() const { return error == abi::OK; }
};
// Internal: the syscall must be re-issued (suspended mid-IPC). Never seen
// by user code.
constexpr Word kRestartSyscall = 0x1'0000;

// A syscall's registers as the thread issued it: rax = number, then rdi,
// rsi, rdx, r10, r8, r9 (a0..a5).
struct SyscallRegs {
  Word no = 0;
  Word a[6] = {};
  bool operator==(const SyscallRegs&) const = default;
};

// What the context a notification dispatcher returns to asks for
// (ipc/notification.cpp): re-issue the syscall from `regs`, or return
// `result` from it.
struct FrameReturn {
  bool restart = false;
  SyscallRegs regs;
  SysResult result;
};

// Internal, thrown on a thread's own fiber: NOTIF_RETURN restored a rip
// other than the interrupted one, so the code running there is abandoned
// and the thread starts over at its new rip (objects/tcb/tcb_thread.cpp).
struct ResumeAtNewRip {};

inline SysResult fail(Word e) { return SysResult{e, 0}; }
inline SysResult okv(Word v = 0) { return SysResult{abi::OK, v}; }

class KObject;
class Untyped;
class Endpoint;
class Notification;
class Tcb;
class CNode;
class VSpace;
class Frame;
class IrqHandler;
class IoPort;
class SchedCtx;
class MemoryObject;
struct Slot;
struct Cap;
struct Invocation;  // invocations/invocation.h
class Kernel;

}  // namespace kmodel
