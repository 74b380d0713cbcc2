// How a TCB blocks in the kernel and how its partner completes it:
// completion records, queue removal, reply waits with priority donation.
#include <algorithm>
#include <utility>

#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

void Kernel::complete(Tcb& t, Word error, Word value) {
  t.done = true;
  t.result_error = error;
  t.result_value = value;
  if (t.state != TcbState::Inactive) t.state = TcbState::Running;
  if (t.thread) sched_.wake(*t.thread);
}

namespace {
template <class Q>
void erase_all(Q& q, Tcb* t) {
  q.erase(std::remove(q.begin(), q.end(), t), q.end());
}
}  // namespace

void Kernel::dequeue(Tcb& t) {
  if (t.send_ep) {
    erase_all(t.send_ep->senders, &t);
    t.send_ep = nullptr;
  }
  for (Endpoint* ep : t.recv_eps) erase_all(ep->receivers, &t);
  t.recv_eps.clear();
  if (t.waiting_ntfn) {
    erase_all(t.waiting_ntfn->waiters, &t);
    t.waiting_ntfn = nullptr;
  }
  if (t.futex_key) {
    auto it = futex_waiters_.find(t.futex_key);
    if (it != futex_waiters_.end()) {
      erase_all(it->second, &t);
      if (it->second.empty()) futex_waiters_.erase(it);
    }
    t.futex_key = 0;
  }
}

void Kernel::begin_reply_wait(Tcb& caller, Tcb& server, bool fault) {
  if (Tcb* old = server.reply_to; old && old != &caller && old->donated_to == &server) {
    // The server takes a new call without answering the previous one: the
    // old implicit reply is lost (seL4 semantics); its caller keeps waiting.
    if (old->thread && server.thread) sched_.undonate(*old->thread, *server.thread);
    old->donated_to = nullptr;
  }
  caller.state = TcbState::BlockedReply;
  caller.reply_from = &server;
  caller.reply_gen = next_seq();
  caller.reply_is_fault = fault;
  caller.reply_saved = false;
  caller.reply_label = 0;
  server.reply_to = &caller;
  server.reply_to_gen = caller.reply_gen;
  if (caller.thread && server.thread) {
    sched_.donate(*caller.thread, *server.thread);
    caller.donated_to = &server;
  }
}

void Kernel::end_reply_wait(Tcb& caller) {
  Tcb* server = caller.reply_from;  // nullptr once the reply cap was saved
  if (!server && !caller.saved_reply) return;
  if (caller.donated_to) {
    if (caller.thread && caller.donated_to->thread) sched_.undonate(*caller.thread, *caller.donated_to->thread);
    caller.donated_to = nullptr;
  }
  if (server && server->reply_to == &caller) server->reply_to = nullptr;
  caller.reply_from = nullptr;
  caller.reply_saved = false;
  // The wait is over (answered, cancelled, or the caller dies): its saved
  // reply cap goes with it, so a later SEND on the slot meets an empty slot.
  if (Slot* s = std::exchange(caller.saved_reply, nullptr)) cap_delete(*s);
  ++caller.reply_gen;
}

// A caller whose reply cap a server saved (CNODE_SAVE_CALLER: procmgr's
// PM_WAIT, a lock server's queue...) waits for an event, not for a partner
// that is working on its request: it blocks as Idle, like a server in
// Recv, so a system whose only waiters are those is idle, not deadlocked
// (the server itself is back in Recv, or blocked Dependent elsewhere, which
// the deadlock check still sees). SAVE_CALLER wakes the caller so that it
// re-blocks with that kind (kernel_model/README.md).
bool Kernel::wait_done(Tcb& self, sim::WaitKind kind, std::optional<sim::VTime> deadline, Tcb* handoff_to) {
  while (!self.done) {
    if (self.reply_saved && self.state == TcbState::BlockedReply) kind = sim::WaitKind::Idle;
    sim::WakeReason r;
    if (handoff_to && handoff_to->thread && handoff_to->thread->alive())
      r = sched_.handoff(*handoff_to->thread, &self.wait, kind, deadline);
    else
      r = sched_.block(&self.wait, kind, deadline);
    handoff_to = nullptr;
    if (!self.done && r == sim::WakeReason::TimedOut) return false;
  }
  return true;
}

void Kernel::park_if_inactive(Tcb& self) {
  while (self.state == TcbState::Inactive && !self.exited && self.thread) sched_.block(&self.wait, sim::WaitKind::Idle);
}

void Kernel::preempt_for(Tcb* t) {
  sim::Thread* cur = sched_.current();
  if (!t || !cur || !t->thread || t->thread == cur || t->thread->state() != sim::ThreadState::Ready) return;
  if (t->thread->effective_priority() < cur->effective_priority()) sched_.yield();
}

// The timeout-0 rule (issue 16 point 9, README "Timeouts"): 0 is "no
// timeout" for every timed call, as L4 X.2's Never = 0x0000 and as the
// IPC buffer's zero-initialised timeout_ns word needs (a SEND_TIMED whose
// caller never set it waits like SEND). Polling is POLL / NBSEND, or a
// timeout of 1 ns.
std::optional<sim::VTime> Kernel::timeout_deadline(Word ns) const {
  sim::VTime now = sched_.now();
  if (ns == 0) return std::nullopt;
  if (ns > ~Word{0} - now) return std::nullopt;  // effectively forever
  return now + ns;
}

}  // namespace kmodel
