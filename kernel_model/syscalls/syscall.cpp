// The syscall entry point (§2.1): decodes the era-B register convention
// and routes to the IPC, notification, invoke and miscellaneous paths.
#include <stdexcept>

#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

SysResult Kernel::syscall(Word no, Word a0, Word a1, Word a2, Word a3, Word a4, Word a5) {
  Tcb& self = self_or_throw();
  park_if_inactive(self);
  ++self.syscall_depth;
  SysResult r;
  for (;;) {
    r = dispatch_syscall(self, no, a0, a1, a2, a3, a4, a5);
    if (r.error != kRestartSyscall) break;
    park_if_inactive(self);  // suspended mid-IPC: re-issue once resumed
  }
  --self.syscall_depth;
  sim::Thread* th = sched_.current();
  bool killed = th && th->user() == nullptr;  // our own TCB was destroyed
  if (!killed) park_if_inactive(self);        // suspended itself
  if (self.syscall_depth == 0) objects_.collect();
  if (killed) sched_.exit_current();
  return r;
}

SysResult Kernel::sys_reply_recv(Tcb& self, Word no, Word a0, Word a1, const Word* mrs) {
  // Resolve the receive side first: a bad endpoint fails before replying.
  std::vector<Word> cptrs;
  bool any = no == abi::SYS_REPLY_RECV_ANY || no == abi::SYS_REPLY_RECV_ANY_TIMED;
  IpcBuffer* b = ipc_buffer(self);
  if (any) {
    if (a0 == 0 || a0 > abi::kIpcReservedWords) return fail(abi::INVALID_ARGUMENT);
    if (!b) return fail(abi::BAD_ADDRESS);
    cptrs.assign(b->reserved, b->reserved + a0);
  } else {
    cptrs.push_back(a0);
  }
  for (Word c : cptrs) {
    Err e = abi::OK;
    Slot* s = lookup_cap(self, c, e);
    if (!s) return fail(e);
    if (s->cap.type() != abi::OBJ_ENDPOINT || s->cap.is_reply()) return fail(abi::INVALID_CAPABILITY);
    if (!s->cap.has(abi::RIGHT_RECV)) return fail(abi::INSUFFICIENT_RIGHTS);
  }
  std::optional<sim::VTime> deadline;
  if (no == abi::SYS_REPLY_RECV_ANY_TIMED) deadline = timeout_deadline(b ? b->timeout_ns : 0);
  Tcb* woken = nullptr;
  SysResult r = sys_reply(self, a1, mrs, woken);
  if (!r.ok()) return r;
  return sys_recv(self, cptrs.data(), cptrs.size(), any, deadline, woken);
}

template <class F>
SysResult Kernel::interruptible_call(Tcb& self, const SyscallRegs& regs, F&& call) {
  for (;;) {
    self.interrupted_bits = 0;
    SysResult r = call();
    if ((r.error == abi::RESTART || r.error == abi::INTERRUPTED) && self.interrupted_bits) {
      FrameReturn fr = run_dispatcher(self, regs, r.error == abi::RESTART);
      if (!fr.restart) return fr.result;
      if (fr.regs == regs) continue;
      // The handler edited the registers the call is re-issued from.
      return dispatch_syscall(self, fr.regs.no, fr.regs.a[0], fr.regs.a[1], fr.regs.a[2], fr.regs.a[3],
                              fr.regs.a[4], fr.regs.a[5]);
    }
    return r;
  }
}

SysResult Kernel::dispatch_syscall(Tcb& self, Word no, Word a0, Word a1, Word a2, Word a3, Word a4, Word a5) {
  const Word mrs[4] = {a2, a3, a4, a5};
  const SyscallRegs regs{no, {a0, a1, a2, a3, a4, a5}};
  switch (no) {
    case abi::SYS_SEND:
      return interruptible_call(self, regs, [&] { return sys_send(self, a0, a1, mrs, true, false); });
    case abi::SYS_NBSEND: return sys_send(self, a0, a1, mrs, false, false);
    case abi::SYS_SEND_TIMED:
      return interruptible_call(self, regs, [&] { return sys_send(self, a0, a1, mrs, true, true); });
    case abi::SYS_RECV: return sys_recv(self, &a0, 1, false, std::nullopt);
    case abi::SYS_RECV_TIMED: return sys_recv(self, &a0, 1, false, timeout_deadline(a1));
    case abi::SYS_RECV_ANY:
    case abi::SYS_RECV_ANY_TIMED: {
      if (a0 == 0 || a0 > abi::kIpcReservedWords) return fail(abi::INVALID_ARGUMENT);
      IpcBuffer* b = ipc_buffer(self);
      if (!b) return fail(abi::BAD_ADDRESS);
      std::vector<Word> cptrs(b->reserved, b->reserved + a0);
      std::optional<sim::VTime> deadline;
      if (no == abi::SYS_RECV_ANY_TIMED) deadline = timeout_deadline(a1);
      return sys_recv(self, cptrs.data(), cptrs.size(), true, deadline);
    }
    case abi::SYS_REPLY_RECV:
    case abi::SYS_REPLY_RECV_ANY:
    case abi::SYS_REPLY_RECV_ANY_TIMED: return sys_reply_recv(self, no, a0, a1, mrs);
    case abi::SYS_CALL:
      if (auto r = deliver_pending_at_call(self, regs)) return *r;
      return interruptible_call(self, regs, [&] { return sys_call(self, a0, a1, mrs); });
    case abi::SYS_SIGNAL: return sys_signal(self, a0, a1);
    case abi::SYS_NANOSLEEP: return interruptible_call(self, regs, [&] { return sys_nanosleep(self, a0); });
    case abi::SYS_WAIT: return interruptible_call(self, regs, [&] { return sys_wait(self, a0, false); });
    case abi::SYS_POLL: return sys_wait(self, a0, true);
    case abi::SYS_INVOKE: return invoke(self, a0, a1, a2, a3, a4, a5);
    case abi::SYS_FUTEX: return interruptible_call(self, regs, [&] { return sys_futex(self, a0, a1, a2, a3); });
    case abi::SYS_NOTIF_RETURN: return sys_notif_return(self, a0);
    case abi::SYS_SET_INVOKE_DEPTHS:
      if (a0 > abi::kMaxInvokeDepth || a1 > abi::kMaxInvokeDepth) return fail(abi::INVALID_ARGUMENT);
      self.depths_set = true;
      self.depth0 = static_cast<unsigned>(a0);
      self.depth1 = static_cast<unsigned>(a1);
      return okv();
    default: break;
  }
  if (no < abi::kSyscallCount) return sys_misc(self, no, a0, a1);
  // Unknown syscall: UnknownSyscall fault (MR0 = number) to the handler,
  // then an error; without a handler just the error.
  if (self.fault_ep) {
    Word mrs1[1] = {no};
    deliver_fault(self, abi::FAULT_UNKNOWN_SYSCALL, mrs1, 1);
  }
  return fail(abi::INVALID_OPERATION);
}

}  // namespace kmodel
