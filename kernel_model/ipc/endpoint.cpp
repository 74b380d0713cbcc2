// Endpoint IPC (§2.4): SEND / NBSEND / SEND_TIMED, CALL with its implicit
// one-shot reply and priority donation, RECV and the RECV_ANY family,
// REPLY (implicit or through a saved reply cap). FIFO queues; CALL to a
// waiting server hands the CPU straight to it and the reply hands it back.
#include <algorithm>

#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

namespace {

void snapshot_recv_slots(Kernel& k, Tcb& t) {
  if (IpcBuffer* b = k.ipc_buffer(t)) {
    t.recv_cnode = b->receive_cnode;
    t.recv_index = b->receive_index;
    t.recv_depth = b->receive_depth;
  } else {
    t.recv_cnode = t.recv_index = t.recv_depth = 0;
  }
}

PendingSend make_pending(Kernel& k, Word msginfo, const Word* mrs, Word badge, bool call) {
  MsgInfo mi = MsgInfo::decode(msginfo);
  PendingSend m;
  m.label = mi.label;
  m.length = mi.length;
  m.extra_caps = mi.extra_caps;
  for (unsigned i = 0; i < abi::kRegisterMrs; ++i) m.mr[i] = mrs[i];
  m.badge = badge;
  m.call = call;
  m.seq = k.next_seq();
  return m;
}

// Takes `r` off every receive queue and sets what its RECV returns.
void release_receiver(Kernel& k, Endpoint& ep, Tcb& r, Word badge) {
  Word value = badge;
  if (r.recv_any) {
    auto it = std::find(r.recv_eps.begin(), r.recv_eps.end(), &ep);
    value = static_cast<Word>(it - r.recv_eps.begin());
  }
  ep.last_receiver = &r;
  k.dequeue(r);
  r.done = true;
  r.result_error = abi::OK;
  r.result_value = value;
  r.state = TcbState::Running;
}

}  // namespace

SysResult Kernel::sys_send(Tcb& self, Word cptr, Word msginfo, const Word* mrs, bool blocking, bool timed) {
  Err e = abi::OK;
  Slot* s = lookup_cap(self, cptr, e);
  if (!s) return fail(e);
  if (s->cap.is_reply()) return reply_via_cap(self, *s, msginfo, mrs);
  if (s->cap.type() != abi::OBJ_ENDPOINT) return fail(abi::INVALID_CAPABILITY);
  if (!s->cap.has(abi::RIGHT_SEND)) return fail(abi::INSUFFICIENT_RIGHTS);
  Endpoint& ep = *s->cap.as<Endpoint>();
  PendingSend m = make_pending(*this, msginfo, mrs, s->cap.badge, false);

  if (!ep.receivers.empty()) {
    Tcb& r = *ep.receivers.front();
    Err te = transfer(&self, m, r, true);
    if (te != abi::OK) return fail(te);
    release_receiver(*this, ep, r, m.badge);
    emit(KernelEvent::Kind::Send, tid(&self), tid(&r), ep.id(), m.badge, m.label, m.length);
    if (r.thread) sched_.wake(*r.thread);
    return okv();
  }
  if (!blocking) {
    // NBSEND: cap-free messages wait in the ring; caps need a receiver.
    if (m.extra_caps > 0 || ep.ring.size() >= abi::kNbSendRingDepth) return fail(abi::WOULD_BLOCK);
    QueuedMessage q;
    q.label = m.label;
    q.length = m.length;
    q.badge = m.badge;
    q.seq = m.seq;
    for (Word i = 0; i < std::min<Word>(m.length, abi::kRegisterMrs); ++i) q.mr[i] = m.mr[i];
    if (m.length > abi::kRegisterMrs)
      if (IpcBuffer* b = ipc_buffer(self))
        for (Word i = abi::kRegisterMrs; i < m.length; ++i) q.mr[i] = b->msg[abi::kIpcSendMr4 + i - abi::kRegisterMrs];
    ep.ring.push_back(q);
    emit(KernelEvent::Kind::NbSendQueued, tid(&self), 0, ep.id(), m.badge, m.label, ep.ring.size());
    return okv();
  }
  std::optional<sim::VTime> deadline;
  if (timed) {
    IpcBuffer* b = ipc_buffer(self);
    deadline = timeout_deadline(b ? b->timeout_ns : 0);
    if (deadline && *deadline <= sched_.now()) return fail(abi::CANCELLED);
  }
  self.pending = m;
  self.send_ep = &ep;
  ep.senders.push_back(&self);
  emit(KernelEvent::Kind::SendQueued, tid(&self), 0, ep.id(), m.badge, m.label, ep.senders.size());
  self.state = TcbState::BlockedSend;
  self.done = false;
  if (!wait_done(self, sim::WaitKind::Dependent, deadline)) {
    dequeue(self);
    self.state = TcbState::Running;
    emit(KernelEvent::Kind::Timeout, tid(&self), 0, 0, 0, m.label, abi::SYS_SEND_TIMED);
    return fail(abi::CANCELLED);
  }
  return SysResult{self.result_error, self.result_value};
}

SysResult Kernel::sys_call(Tcb& self, Word cptr, Word msginfo, const Word* mrs) {
  Err e = abi::OK;
  Slot* s = lookup_cap(self, cptr, e);
  if (!s) return fail(e);
  if (s->cap.type() != abi::OBJ_ENDPOINT || s->cap.is_reply()) return fail(abi::INVALID_CAPABILITY);
  if (!s->cap.has(abi::RIGHT_CALL)) return fail(abi::INSUFFICIENT_RIGHTS);
  snapshot_recv_slots(*this, self);
  return call_endpoint(self, *s->cap.as<Endpoint>(), s->cap.badge, make_pending(*this, msginfo, mrs, s->cap.badge, true),
                       cptr);
}

SysResult Kernel::call_endpoint(Tcb& self, Endpoint& ep, Word badge, PendingSend m, Word /*cptr_for_restart*/) {
  m.badge = badge;
  m.call = true;
  self.done = false;
  if (!ep.receivers.empty()) {
    Tcb& r = *ep.receivers.front();
    Err te = transfer(&self, m, r, !m.fault);
    if (te != abi::OK) return fail(te);
    release_receiver(*this, ep, r, m.badge);
    begin_reply_wait(self, r, m.fault);
    if (!m.fault) count_delivered_call(m.label);
    emit(m.fault ? KernelEvent::Kind::Fault : KernelEvent::Kind::Call, tid(&self), tid(&r), ep.id(), m.badge, m.label,
         m.length);
    wait_done(self, sim::WaitKind::Dependent, std::nullopt, &r);
  } else {
    self.pending = m;
    self.send_ep = &ep;
    ep.senders.push_back(&self);
    emit(KernelEvent::Kind::CallQueued, tid(&self), 0, ep.id(), m.badge, m.label, ep.senders.size());
    self.state = TcbState::BlockedSend;
    wait_done(self, sim::WaitKind::Dependent, std::nullopt);
  }
  return SysResult{self.result_error, self.result_value};
}

SysResult Kernel::sys_recv(Tcb& self, const Word* cptrs, std::size_t n, bool any, std::optional<sim::VTime> deadline,
                           Tcb* handoff_to) {
  auto wake_partner = [&] {
    if (handoff_to && handoff_to->thread) sched_.wake(*handoff_to->thread);
  };
  std::vector<Endpoint*>& eps = self.recv_scratch;  // reused: no allocation per receive
  eps.clear();
  for (std::size_t i = 0; i < n; ++i) {
    Err e = abi::OK;
    Slot* s = lookup_cap(self, cptrs[i], e);
    if (!s) return wake_partner(), fail(e);
    if (s->cap.type() != abi::OBJ_ENDPOINT || s->cap.is_reply()) return wake_partner(), fail(abi::INVALID_CAPABILITY);
    if (!s->cap.has(abi::RIGHT_RECV)) return wake_partner(), fail(abi::INSUFFICIENT_RIGHTS);
    eps.push_back(s->cap.as<Endpoint>());
  }
  snapshot_recv_slots(*this, self);
  // Pending bits on the bound notification win: empty message, bits as badge.
  if (Notification* bn = self.bound_ntfn; bn && bn->word) {
    Word bits = std::exchange(bn->word, 0);
    write_message(self, 0, 0, nullptr, bits);
    emit(KernelEvent::Kind::Wait, tid(&self), 0, bn->id(), bits);
    wake_partner();
    return okv(any ? abi::kRecvAnyNotification : bits);
  }
  for (std::size_t i = 0; i < eps.size(); ++i) {
    Endpoint& ep = *eps[i];
    for (;;) {
      Tcb* snd = ep.senders.empty() ? nullptr : ep.senders.front();
      bool ring_first = !ep.ring.empty() && (!snd || ep.ring.front().seq < snd->pending.seq);
      if (ring_first) {
        QueuedMessage q = ep.ring.front();
        ep.ring.pop_front();
        ep.last_receiver = &self;
        write_message(self, q.label, q.length, q.mr.data(), q.badge);
        emit(KernelEvent::Kind::Receive, tid(&self), 0, ep.id(), q.badge, q.label, q.length);
        wake_partner();
        return okv(any ? i : q.badge);
      }
      if (!snd) break;
      Err te = transfer(snd, snd->pending, self, !snd->pending.fault);
      ep.senders.pop_front();
      snd->send_ep = nullptr;
      if (te != abi::OK) {
        complete(*snd, te, 0);  // the sender learns why; we look further
        continue;
      }
      ep.last_receiver = &self;
      Word badge = snd->pending.badge;
      if (snd->pending.call) {
        begin_reply_wait(*snd, self, snd->pending.fault);
        if (!snd->pending.fault) count_delivered_call(snd->pending.label);
      } else {
        complete(*snd, abi::OK, 0);
      }
      emit(snd->pending.fault ? KernelEvent::Kind::Fault : KernelEvent::Kind::Receive, tid(&self), tid(snd), ep.id(),
           badge, snd->pending.label, snd->pending.length);
      wake_partner();
      return okv(any ? i : badge);
    }
  }
  if (deadline && *deadline <= sched_.now()) {
    wake_partner();
    return fail(abi::CANCELLED);
  }
  self.recv_eps = eps;
  self.recv_any = any;
  for (Endpoint* ep : eps) ep->receivers.push_back(&self);
  self.state = TcbState::BlockedRecv;
  self.done = false;
  if (!wait_done(self, sim::WaitKind::Idle, deadline, handoff_to)) {
    dequeue(self);
    self.state = TcbState::Running;
    emit(KernelEvent::Kind::Timeout, tid(&self), 0, 0, 0, 0, abi::SYS_RECV_TIMED);
    return fail(abi::CANCELLED);
  }
  return SysResult{self.result_error, self.result_value};
}

namespace {
// Delivers a reply to `caller` (waiting in ReplyWait). Fault replies carry
// no message into the faulting thread's buffer and never caps.
Err deliver_reply(Kernel& k, Tcb& self, Tcb& caller, Word msginfo, const Word* mrs, bool allow_caps) {
  PendingSend m = make_pending(k, msginfo, mrs, 0, false);
  m.reply = true;
  if (caller.reply_is_fault) {
    caller.reply_label = m.label;
  } else {
    Err e = k.transfer(&self, m, caller, allow_caps);
    if (e != abi::OK) return e;
  }
  k.end_reply_wait(caller);
  caller.done = true;
  caller.result_error = abi::OK;
  caller.result_value = 0;  // replies carry badge 0
  if (caller.state != TcbState::Inactive) caller.state = TcbState::Running;
  k.emit(caller.reply_is_fault ? KernelEvent::Kind::FaultReply : KernelEvent::Kind::Reply, k.tid(&self), k.tid(&caller),
         0, 0, m.label, m.length);
  return abi::OK;
}
}  // namespace

SysResult Kernel::sys_reply(Tcb& self, Word msginfo, const Word* mrs, Tcb*& woken) {
  woken = nullptr;
  Tcb* c = self.reply_to;
  self.reply_to = nullptr;
  if (!c || c->reply_from != &self || c->reply_gen != self.reply_to_gen || c->state != TcbState::BlockedReply)
    return okv();  // nobody to answer: the reply is dropped, as on seL4
  Err e = deliver_reply(*this, self, *c, msginfo, mrs, true);
  if (e != abi::OK) {
    self.reply_to = c;  // keep the reply right; the caller still waits
    return fail(e);
  }
  woken = c;
  return okv();
}

SysResult Kernel::reply_via_cap(Tcb& self, Slot& reply_slot, Word msginfo, const Word* mrs) {
  Cap c = reply_slot.cap;
  Tcb* caller = c.as<Tcb>();
  bool live = caller->state == TcbState::BlockedReply && caller->reply_gen == c.reply_gen;
  if (live) {
    // Saved reply caps never transfer caps.
    deliver_reply(*this, self, *caller, msginfo, mrs, false);
  }
  cap_delete(reply_slot);  // one-shot
  if (!live) return fail(abi::INVALID_CAPABILITY);
  if (caller->thread) sched_.wake(*caller->thread);
  preempt_for(caller);
  return okv();
}

}  // namespace kmodel
