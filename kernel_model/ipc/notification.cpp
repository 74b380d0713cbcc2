// Notifications (§2.1, §2.4): SIGNAL ORs (badge | bits), WAIT blocks until
// the word is non-zero and clears it, POLL never blocks. A bound
// notification wakes its TCB's RECV with an empty message, or interrupts
// its CALL, SEND, NANOSLEEP, FUTEX wait or WAIT (RESTART before delivery,
// INTERRUPTED after), optionally through the thread's notification
// dispatcher.
#include <cstring>

#include "kernel_model/ipc/notif_frame.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

SysResult Kernel::sys_signal(Tcb& self, Word cptr, Word bits) {
  Err e = abi::OK;
  Slot* s = lookup_cap(self, cptr, e);
  if (!s) return fail(e);
  if (s->cap.type() != abi::OBJ_NOTIFICATION) return fail(abi::INVALID_CAPABILITY);
  if (!s->cap.has(abi::RIGHT_WRITE)) return fail(abi::INSUFFICIENT_RIGHTS);
  emit(KernelEvent::Kind::Signal, tid(&self), 0, s->cap.obj->id(), s->cap.badge, 0, bits);
  preempt_for(signal(*s->cap.as<Notification>(), s->cap.badge | bits));
  return okv();
}

Tcb* Kernel::signal(Notification& n, Word bits) {
  n.word |= bits;
  if (n.word == 0) return nullptr;
  if (!n.waiters.empty()) {
    Tcb& t = *n.waiters.front();
    Word w = std::exchange(n.word, 0);
    dequeue(t);
    complete(t, abi::OK, w);
    return &t;
  }
  Tcb* b = n.bound;
  if (!b) return nullptr;
  if (b->state == TcbState::BlockedRecv) {
    Word w = std::exchange(n.word, 0);
    dequeue(*b);
    write_message(*b, 0, 0, nullptr, w);
    complete(*b, abi::OK, b->recv_any ? abi::kRecvAnyNotification : w);
    return b;
  }
  if (interruptible(*b)) {
    interrupt_blocked(*b, n.word);
    return b;
  }
  return nullptr;
}

// Where a bound notification interrupts a blocked thread (§2.4 names CALL;
// issue 16 point 5 extends it to every wait the real kernel interrupts):
// CALL (send phase or reply wait), a blocking SEND, NANOSLEEP, FUTEX wait
// and WAIT on another notification. A bound RECV is woken with the bits
// instead (above); a fault message and a fault's reply wait are not
// interrupted (the thread is not running user code).
bool Kernel::interruptible(const Tcb& t) const {
  switch (t.state) {
    case TcbState::BlockedSend: return !t.pending.fault;
    case TcbState::BlockedReply: return !t.reply_is_fault;
    case TcbState::BlockedNotif:
    case TcbState::BlockedFutex:
    case TcbState::BlockedSleep: return true;
    default: return false;
  }
}

// RESTART when nothing was delivered (the send phase: safe to retry),
// INTERRUPTED otherwise (the server saw the call; a sleep or a wait was
// cut short). Without a dispatcher the bits stay in the word for WAIT/POLL.
void Kernel::interrupt_blocked(Tcb& t, Word bits) {
  bool restart = t.state == TcbState::BlockedSend;
  bool dispatcher = t.dispatcher_va && dispatchers_.count(t.dispatcher_va);
  if (dispatcher) {
    t.interrupted_bits = bits;
    if (t.bound_ntfn) t.bound_ntfn->word = 0;  // consumed into the frame
  }
  if (t.state == TcbState::BlockedReply)
    end_reply_wait(t);
  else
    dequeue(t);
  emit(KernelEvent::Kind::Interrupt, tid(&t), 0, t.bound_ntfn ? t.bound_ntfn->id() : 0, bits, 0, restart);
  complete(t, restart ? abi::RESTART : abi::INTERRUPTED, 0);
}

SysResult Kernel::sys_wait(Tcb& self, Word cptr, bool poll) {
  Err e = abi::OK;
  Slot* s = lookup_cap(self, cptr, e);
  if (!s) return fail(e);
  if (s->cap.type() != abi::OBJ_NOTIFICATION) return fail(abi::INVALID_CAPABILITY);
  if (!s->cap.has(abi::RIGHT_READ)) return fail(abi::INSUFFICIENT_RIGHTS);
  Notification& n = *s->cap.as<Notification>();
  if (n.word) {
    Word w = std::exchange(n.word, 0);
    emit(KernelEvent::Kind::Wait, tid(&self), 0, n.id(), w);
    return okv(w);
  }
  if (poll) return fail(abi::WOULD_BLOCK);
  n.waiters.push_back(&self);
  self.waiting_ntfn = &n;
  self.state = TcbState::BlockedNotif;
  self.done = false;
  wait_done(self, sim::WaitKind::Idle, std::nullopt);
  if (self.result_error == abi::OK) emit(KernelEvent::Kind::Wait, tid(&self), 0, n.id(), self.result_value);
  return SysResult{self.result_error, self.result_value};
}

// The frame (§2.4) goes on the user stack below the red zone, 64-byte
// aligned, written through the thread's VSpace: a missing stack page is a
// VMFault to its pager like any user write, and the frame is written once
// it is answered. The registers are the syscall's as the thread issued
// it when it is re-issued after the handler (restart = 1: rax = number,
// rdi/rsi/rdx/r10/r8/r9 = a0..a5), its result otherwise (rax =
// INTERRUPTED, rdx = 0), as Linux leaves -EINTR or the restart in its
// signal frame. The FPU area's first word is the thread's FPU tag (the
// only FPU state modelled).
FrameReturn Kernel::run_dispatcher(Tcb& self, const SyscallRegs& regs, bool restart) {
  FrameReturn out;
  out.result = fail(restart ? abi::RESTART : abi::INTERRUPTED);
  auto it = dispatchers_.find(self.dispatcher_va);
  if (it == dispatchers_.end()) return out;
  NotifFrame f{};
  f.gprs[kRax] = restart ? regs.no : abi::INTERRUPTED;
  f.gprs[kRdi] = regs.a[0];
  f.gprs[kRsi] = regs.a[1];
  f.gprs[kRdx] = restart ? regs.a[2] : 0;
  f.gprs[kR10] = regs.a[3];
  f.gprs[kR8] = regs.a[4];
  f.gprs[kR9] = regs.a[5];
  f.gprs[kRsp] = self.rsp;
  f.rip = self.rip;
  f.rflags = self.rflags;
  f.bits = std::exchange(self.interrupted_bits, 0);
  f.syscall = regs.no;
  f.cap = regs.a[0];
  f.msginfo = regs.a[1];
  f.restart = restart ? 1 : 0;
  f.magic = abi::kNotifFrameMagic;
  std::memcpy(f.fpu, &self.fpu_tag, sizeof self.fpu_tag);
  f.va = notif_frame_va(self.rsp);
  const Word interrupted_rip = self.rip;
  write(f.va, static_cast<::uapi::NotifFrame*>(&f), kNotifFrameBytes);
  read(f.va, static_cast<::uapi::NotifFrame*>(&f), kNotifFrameBytes);  // what the dispatcher finds there
  NotifFrame* outer = std::exchange(self.active_frame, &f);
  auto fn = it->second;  // copy: the dispatcher may re-register
  fn(f);
  self.active_frame = outer;
  // A dispatcher that returns without NOTIF_RETURN is taken as returning
  // through the frame it was given, as the stack now holds it.
  if (!f.returned) read(f.va, static_cast<::uapi::NotifFrame*>(&f), kNotifFrameBytes);
  self.rsp = f.gprs[kRsp];
  self.rflags = f.rflags;
  std::memcpy(&self.fpu_tag, f.fpu, sizeof self.fpu_tag);
  if (f.rip != interrupted_rip) {
    // siglongjmp or a handler that edited rip: the thread continues at
    // the new rip, the code it was interrupted in is abandoned.
    self.rip = f.rip;
    self.body = {};
    throw ResumeAtNewRip{};
  }
  out.restart = f.restart != 0;
  out.regs = SyscallRegs{f.gprs[kRax], {f.gprs[kRdi], f.gprs[kRsi], f.gprs[kRdx], f.gprs[kR10], f.gprs[kR8], f.gprs[kR9]}};
  out.result = SysResult{f.gprs[kRax], f.gprs[kRdx]};
  return out;
}

// Bits that arrived on the bound notification while the thread was not
// blocked (running, or blocked elsewhere than in a CALL) would otherwise
// wait for the next signal: with a dispatcher they are delivered when the
// thread enters its next CALL, before anything is sent (restart = 1, the
// call then goes out as usual). seL4 has no equivalent (it only ever
// wakes a bound RECV); this is the model's stand-in for a POSIX signal
// being taken on the way back to user mode (kernel_model/README.md,
// Deviations).
std::optional<SysResult> Kernel::deliver_pending_at_call(Tcb& self, const SyscallRegs& regs) {
  Notification* n = self.bound_ntfn;
  if (!n || n->word == 0 || !self.dispatcher_va || !dispatchers_.count(self.dispatcher_va)) return std::nullopt;
  self.interrupted_bits = std::exchange(n->word, 0);
  emit(KernelEvent::Kind::Interrupt, tid(&self), 0, n->id(), self.interrupted_bits, 0, 1);
  FrameReturn fr = run_dispatcher(self, regs, true);
  if (!fr.restart) return fr.result;
  if (fr.regs == regs) return std::nullopt;
  return dispatch_syscall(self, fr.regs.no, fr.regs.a[0], fr.regs.a[1], fr.regs.a[2], fr.regs.a[3], fr.regs.a[4],
                          fr.regs.a[5]);
}

// NOTIF_RETURN(frame va): reads the frame back from user memory (faults
// as any read) into the running dispatcher's context; the kernel resumes
// from it when the dispatcher function returns. A frame without the magic
// is INVALID_ARGUMENT; outside a dispatcher there is no context to return
// to and the call only answers INTERRUPTED.
SysResult Kernel::sys_notif_return(Tcb& self, Word frame) {
  NotifFrame* f = self.active_frame;
  if (!f) return fail(abi::INTERRUPTED);
  ::uapi::NotifFrame img{};
  read(frame, &img, kNotifFrameBytes);
  if (img.magic != abi::kNotifFrameMagic) return fail(abi::INVALID_ARGUMENT);
  static_cast<::uapi::NotifFrame&>(*f) = img;
  f->returned = true;
  return fail(abi::INTERRUPTED);
}

}  // namespace kmodel
