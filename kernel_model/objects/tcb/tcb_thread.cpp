// A TCB's life as a thread: creation, the fiber that runs it (entry point,
// first-fetch fault), start, the current thread, and the clean-up when its
// fiber ends or the TCB dies.
#include <algorithm>
#include <stdexcept>

#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/sched_context/sched_context.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/tcb/tcb_ops.h"

namespace kmodel {

const char* to_string(TcbState s) {
  switch (s) {
    case TcbState::Inactive: return "inactive";
    case TcbState::Running: return "running";
    case TcbState::BlockedSend: return "blocked-send";
    case TcbState::BlockedRecv: return "blocked-recv";
    case TcbState::BlockedReply: return "blocked-reply";
    case TcbState::BlockedNotif: return "blocked-notification";
    case TcbState::BlockedFutex: return "blocked-futex";
    case TcbState::BlockedSleep: return "blocked-sleep";
  }
  return "?";
}

Tcb::Tcb() : KObject(abi::OBJ_TCB), wait(*this) {}

Tcb& Kernel::new_tcb(std::string name) {
  Tcb& t = make_object<Tcb>();
  t.kernel = this;
  t.name = name.empty() ? "tcb#" + std::to_string(t.id()) : std::move(name);
  return t;
}

// ---------------------------------------------------------------- threads

std::function<void()> Kernel::entry_for(Tcb& t) {
  if (t.body) return t.body;
  auto it = entries_.find(t.rip);
  if (it != entries_.end()) return it->second;
  return {};
}

void Kernel::ensure_thread(Tcb& t) {
  if (t.thread && t.thread->alive()) return;
  Tcb* tp = &t;
  // The entry function is kept in the thread's body (owned by the
  // sim::Thread), not on its stack: a thread whose code marks itself
  // unwind-free (sim::Scheduler::set_unwind_free, e.g. a program's final
  // exit call) then has nothing on its stack that needs a destructor.
  sim::Thread& th = sched_.create(t.name, [this, tp, fn = std::function<void()>()]() mutable {
    Tcb& self = *tp;
    sched_.set_unwind_free(true);  // parked before its entry: nothing on the stack yet
    park_if_inactive(self);
    sched_.set_unwind_free(false);
    for (;;) {
      fn = entry_for(self);
      if (!fn) {
        // Nothing lives at rip: the first instruction fetch faults.
        execute(self.rip);
        fn = entry_for(self);
        if (!fn) {
          raise_exception(abi::kVectorInvalidOpcode, 0);
          return;
        }
      }
      try {
        fn();
        return;
      } catch (const ResumeAtNewRip&) {
        // A notification frame returned to another rip (siglongjmp):
        // the code at the old rip is gone with its stack, nothing of it
        // is in the kernel any more.
        self.syscall_depth = 0;
        self.active_frame = nullptr;
      }
    }
  }, t.priority);
  th.set_user(&t);
  t.thread = &th;
  t.exited = false;
  if (t.sc) sched_.bind_sched_context(th, &t.sc->sc);
}

void Kernel::start(Tcb& t) {
  SysResult r = op_tcb_resume(*this, t);
  if (!r.ok()) throw std::logic_error("Kernel::start: TCB has no CSpace/VSpace");
}

Tcb* Kernel::current() const {
  sim::Thread* th = sched_.current();
  return th ? tcb_of(*th) : nullptr;
}

Tcb& Kernel::self_or_throw() {
  Tcb* t = current();
  if (!t) throw std::logic_error("kernel entry outside a simulated thread bound to a TCB");
  return *t;
}

// Unlinks a TCB from everything a living thread takes part in.
static void unlink_thread_state(Kernel& k, Tcb& t) {
  k.dequeue(t);
  k.end_reply_wait(t);
  if (t.reply_to && t.reply_to->reply_from == &t) {
    // Our caller keeps waiting (as on seL4 when a server dies); it no
    // longer lends us its priority.
    Tcb* c = t.reply_to;
    t.reply_to = nullptr;
    if (c->donated_to == &t) {
      if (c->thread && t.thread) k.scheduler().undonate(*c->thread, *t.thread);
      c->donated_to = nullptr;
    }
  }
  t.state = TcbState::Inactive;
}

void Kernel::on_thread_end(sim::Thread& th) {
  Tcb* t = tcb_of(th);
  if (!t || tearing_down_) return;
  unlink_thread_state(*this, *t);
  t->exited = true;
  t->thread = nullptr;
  th.set_user(nullptr);
}

// ---------------------------------------------------------------- weak links

namespace {
void unlist(std::vector<Tcb*>& links, Tcb& t) {
  auto it = std::find(links.begin(), links.end(), &t);
  if (it != links.end()) links.erase(it);
}
}  // namespace

void tcb_set_spaces(Tcb& t, CNode* cs, VSpace* vs) {
  if (t.cspace) unlist(t.cspace->tcb_links, t);
  if (t.vspace) unlist(t.vspace->tcb_links, t);
  t.cspace = cs;
  t.vspace = vs;
  if (cs) cs->tcb_links.push_back(&t);
  if (vs) vs->tcb_links.push_back(&t);
  t.ipc_cache = {};
}

void tcb_set_fault_ep(Tcb& t, Endpoint* ep, Word badge) {
  if (t.fault_ep) unlist(t.fault_ep->tcb_links, t);
  t.fault_ep = ep;
  t.fault_badge = ep ? badge : 0;
  if (ep) ep->tcb_links.push_back(&t);
}

void tcb_drop_links(Kernel& k, std::vector<Tcb*>& links, KObject& dying, bool suspend) {
  std::vector<Tcb*> tcbs;
  tcbs.swap(links);
  for (Tcb* t : tcbs) {
    bool lost_space = t->cspace == &dying || t->vspace == &dying;
    if (t->cspace == &dying) t->cspace = nullptr;
    if (t->vspace == &dying) {
      t->vspace = nullptr;
      t->ipc_cache = {};
    }
    if (t->fault_ep == &dying) {
      t->fault_ep = nullptr;
      t->fault_badge = 0;
    }
    if (lost_space && suspend) op_tcb_suspend(k, *t);
  }
}

void Kernel::kill_tcb(Tcb& t) {
  unlink_thread_state(*this, t);
  if (t.bound_ntfn) {
    t.bound_ntfn->bound = nullptr;
    t.bound_ntfn = nullptr;
  }
  if (t.sc) {
    t.sc->bound = nullptr;
    t.sc = nullptr;
  }
  sim::Thread* th = t.thread;
  t.thread = nullptr;
  t.exited = true;
  if (th) {
    th->set_user(nullptr);
    if (th->alive() && th != sched_.current() && !tearing_down_) sched_.kill(*th);
  }
  tcb_set_spaces(t, nullptr, nullptr);
  tcb_set_fault_ep(t, nullptr, 0);
}

}  // namespace kmodel
