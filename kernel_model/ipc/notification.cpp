// Notifications (§2.1, §2.4): SIGNAL ORs (badge | bits), WAIT blocks until
// the word is non-zero and clears it, POLL never blocks. A bound
// notification wakes its TCB's RECV with an empty message, or interrupts
// its CALL, SEND, NANOSLEEP, FUTEX wait or WAIT (RESTART before delivery,
// INTERRUPTED after), optionally through the thread's notification
// dispatcher.
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

SysResult Kernel::run_dispatcher(Tcb& self, Word syscall_no, Word cap, Word msginfo, bool restart) {
  auto it = dispatchers_.find(self.dispatcher_va);
  if (it == dispatchers_.end()) return fail(restart ? abi::RESTART : abi::INTERRUPTED);
  NotifFrame f;
  f.gprs[0] = syscall_no;  // rax
  f.gprs[5] = cap;         // rdi
  f.gprs[4] = msginfo;     // rsi
  f.gprs[7] = self.rsp;    // rsp
  f.rip = self.rip;
  f.rflags = self.rflags;
  f.bits = std::exchange(self.interrupted_bits, 0);
  f.syscall = syscall_no;
  f.cap = cap;
  f.msginfo = msginfo;
  f.restart = restart ? 1 : 0;
  NotifFrame* outer = std::exchange(self.active_frame, &f);
  auto fn = it->second;  // copy: the dispatcher may re-register
  fn(f);
  self.active_frame = outer;
  return fail(abi::INTERRUPTED);
}

// Bits that arrived on the bound notification while the thread was not
// blocked (running, or blocked elsewhere than in a CALL) would otherwise
// wait for the next signal: with a dispatcher they are delivered when the
// thread enters its next CALL, before anything is sent (restart = 1, the
// call then goes out as usual). seL4 has no equivalent (it only ever
// wakes a bound RECV); this is the model's stand-in for a POSIX signal
// being taken on the way back to user mode (kernel_model/README.md,
// Deviations).
void Kernel::deliver_pending_at_call(Tcb& self, Word cap, Word msginfo) {
  Notification* n = self.bound_ntfn;
  if (!n || n->word == 0 || !self.dispatcher_va || !dispatchers_.count(self.dispatcher_va)) return;
  self.interrupted_bits = std::exchange(n->word, 0);
  emit(KernelEvent::Kind::Interrupt, tid(&self), 0, n->id(), self.interrupted_bits, 0, 1);
  run_dispatcher(self, abi::SYS_CALL, cap, msginfo, true);
}

SysResult Kernel::sys_notif_return(Tcb& self, Word /*frame*/) {
  if (self.active_frame) self.active_frame->returned = true;
  return fail(abi::INTERRUPTED);
}

}  // namespace kmodel
