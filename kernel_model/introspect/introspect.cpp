// Introspection: what each blocked thread waits for and who could wake it
// (the deadlock report's wait-for chains), the derivation tree dump, event
// kind names.
#include <sstream>

#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

const char* to_string(KernelEvent::Kind k) {
  using K = KernelEvent::Kind;
  switch (k) {
    case K::Send: return "send";
    case K::Receive: return "receive";
    case K::Call: return "call";
    case K::Reply: return "reply";
    case K::NbSendQueued: return "nbsend-queued";
    case K::Signal: return "signal";
    case K::Wait: return "wait";
    case K::Fault: return "fault";
    case K::FaultReply: return "fault-reply";
    case K::Timeout: return "timeout";
    case K::CapCopy: return "cap-copy";
    case K::CapMint: return "cap-mint";
    case K::CapMove: return "cap-move";
    case K::CapMutate: return "cap-mutate";
    case K::CapDelete: return "cap-delete";
    case K::CapRevoke: return "cap-revoke";
    case K::CapTransfer: return "cap-transfer";
    case K::CapSaveCaller: return "cap-save-caller";
    case K::Retype: return "retype";
    case K::Interrupt: return "interrupt";
    case K::CallQueued: return "call-queued";
    case K::SendQueued: return "send-queued";
    case K::Irq: return "irq";
    case K::SlotFilled: return "slot-filled";
    case K::SlotEmptied: return "slot-emptied";
  }
  return "?";
}

namespace {
const char* type_name(abi::ObjType t) {
  static const char* names[] = {"null", "untyped", "endpoint", "notification", "tcb", "cnode",
                                "vspace", "frame", "irq_handler", "io_port", "sched_context", "memory_object"};
  return t < abi::kObjTypeCount ? names[t] : "?";
}
}  // namespace

TcbWait::TcbWait(Tcb& t) : sim::WaitTarget("kernel", 0), tcb_(t) {}

std::string TcbWait::describe() const {
  const Tcb& t = tcb_;
  std::ostringstream os;
  switch (t.state) {
    case TcbState::BlockedSend:
      os << "endpoint #" << (t.send_ep ? t.send_ep->id() : 0)
         << (t.pending.fault ? " (fault message)" : t.pending.call ? " (call)" : " (send)");
      break;
    case TcbState::BlockedRecv:
      os << "endpoint";
      for (const Endpoint* ep : t.recv_eps) os << " #" << ep->id();
      os << " (recv)";
      break;
    case TcbState::BlockedReply:
      if (!t.reply_from && t.saved_reply)
        os << "reply through a saved reply cap";
      else
        os << (t.reply_is_fault ? "fault reply from '" : "reply from '") << (t.reply_from ? t.reply_from->name : "?") << "'";
      break;
    case TcbState::BlockedNotif: os << "notification #" << (t.waiting_ntfn ? t.waiting_ntfn->id() : 0); break;
    case TcbState::BlockedFutex: os << "futex @phys " << std::hex << "0x" << t.futex_key; break;
    case TcbState::BlockedSleep: os << "sleep"; break;
    case TcbState::Inactive: os << "suspended (inactive TCB)"; break;
    case TcbState::Running: os << "kernel (running)"; break;
  }
  return os.str();
}

void TcbWait::wakers(std::vector<const sim::Thread*>& out) const {
  const Tcb& t = tcb_;
  auto add = [&](const Tcb* w) {
    if (w && w->thread && w != &t) out.push_back(w->thread);
  };
  switch (t.state) {
    case TcbState::BlockedSend:
      if (t.send_ep) {
        add(t.send_ep->last_receiver);
        for (const Tcb* r : t.send_ep->receivers) add(r);
      }
      break;
    case TcbState::BlockedReply: add(t.reply_from); break;
    default: break;
  }
}

std::vector<WaitInfo> Kernel::waits() const {
  std::vector<WaitInfo> out;
  for (const auto& [id, obj] : objects_.all()) {
    if (obj->type() != abi::OBJ_TCB) continue;
    const auto& t = static_cast<const Tcb&>(*obj);
    if (t.state == TcbState::Running || !t.thread) continue;
    WaitInfo w;
    w.thread = t.name;
    w.tcb = t.id();
    w.state = t.state;
    w.on = t.wait.describe();
    if (t.send_ep) w.object = t.send_ep->id();
    else if (!t.recv_eps.empty()) w.object = t.recv_eps.front()->id();
    else if (t.waiting_ntfn) w.object = t.waiting_ntfn->id();
    else if (t.reply_from) w.object = t.reply_from->id();
    std::vector<const sim::Thread*> wk;
    t.wait.wakers(wk);
    for (const sim::Thread* th : wk) w.wakers.push_back(th->name());
    out.push_back(std::move(w));
  }
  return out;
}

std::string Kernel::waits_report() const {
  std::ostringstream os;
  for (const WaitInfo& w : waits()) {
    os << w.thread << " [" << to_string(w.state) << "] waits on " << w.on;
    if (!w.wakers.empty()) {
      os << " <- woken by";
      for (const auto& n : w.wakers) os << ' ' << n;
    }
    os << '\n';
  }
  return os.str();
}

std::string Kernel::derivation_tree() const {
  std::ostringstream os;
  auto line = [&](const Slot& s, int depth, auto& self) -> void {
    const Cap& c = s.cap;
    os << std::string(2 * depth, ' ') << "cnode#" << s.owner->id() << '[' << s.index << "] " << type_name(c.type()) << '#'
       << c.obj->id() << " rights=0x" << std::hex << c.rights << std::dec;
    if (c.badge) os << " badge=0x" << std::hex << c.badge << std::dec;
    if (c.is_reply()) os << " reply";
    os << '\n';
    for (const Slot* ch : s.children) self(*ch, depth + 1, self);
  };
  for (const auto& [id, obj] : objects_.all()) {
    if (obj->type() != abi::OBJ_CNODE) continue;
    const auto& cn = static_cast<const CNode&>(*obj);
    for (Word i = 0; i < cn.num_slots(); ++i) {
      const Slot& s = cn.slot(i);
      if (!s.cap.empty() && !s.parent) line(s, 0, line);
    }
  }
  return os.str();
}

}  // namespace kmodel
