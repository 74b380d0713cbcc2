#include "sim/host/inspect/caps_recorder.h"

#include "kernel_model/kernel.h"
#include "sim/host/inspect/kernel_peek.h"
#include "sim/host/inspect/label_names.h"

namespace sim::inspect {

using kmodel::KernelEvent;
using caps::CapRec;

namespace {

Word slot_key(Word cnode, Word slot) { return cnode << 16 | slot; }

}  // namespace

void CapsRecorder::machine_attached(kmodel::Kernel& k, int machine, const std::string& name) {
  if (static_cast<int>(machines_.size()) <= machine) machines_.resize(static_cast<std::size_t>(machine) + 1);
  machines_[static_cast<std::size_t>(machine)].kernel = &k;
  if (static_cast<int>(rec_.machines.size()) <= machine) rec_.machines.resize(static_cast<std::size_t>(machine) + 1);
  rec_.machines[static_cast<std::size_t>(machine)] = name;
}

int CapsRecorder::pid_of(int tid) const {
  const caps::ThreadRec* t = rec_.thread(tid);
  return t ? t->pid : 0;
}

// The thread (tid) of a TCB, made on first sight; notes its CSpace root
// when it changed and follows renames (exec names a thread after its program).
int CapsRecorder::thread(Machine& m, int machine, Word tcb_id, VTime t) {
  const kmodel::Tcb* tcb = tcb_by_id(*m.kernel, tcb_id);
  if (!tcb) return 0;
  int& tid = m.tids[tcb_id];
  if (tid == 0) {
    Word vs = tcb->vspace ? tcb->vspace->id() : 0;
    int& pid = m.pids[vs];
    if (pid == 0) {
      pid = static_cast<int>(rec_.processes.size()) + 1;
      rec_.processes.push_back({pid, machine, vs, process_name_of(tcb->name)});
    }
    tid = static_cast<int>(rec_.threads.size()) + 1;
    rec_.threads.push_back({tid, pid, tcb_id, tcb->name});
  }
  caps::ThreadRec& tr = rec_.threads[static_cast<std::size_t>(tid - 1)];
  if (tr.name != tcb->name) {
    caps::ProcessRec& p = rec_.processes[static_cast<std::size_t>(tr.pid - 1)];
    bool first = true;
    for (const auto& other : rec_.threads)
      if (other.pid == tr.pid) {
        first = other.tid == tid;
        break;
      }
    tr.name = tcb->name;
    if (first) p.name = process_name_of(tcb->name);
  }
  Word cs = tcb->cspace ? tcb->cspace->id() : 0;
  Word& known = m.cspace[tcb_id];
  if (cs && cs != known) {
    known = cs;
    rec_.cspaces.push_back({machine, cs, tr.pid, t});
  }
  return tid;
}

CapRec* CapsRecorder::last(int id, Word obj) {
  if (id < 1 || id > static_cast<int>(rec_.caps.size())) return nullptr;
  CapRec& c = rec_.caps[static_cast<std::size_t>(id - 1)];
  return c.obj == obj ? &c : nullptr;
}

bool CapsRecorder::descends(int id, int root) const {
  for (const CapRec* c = rec_.cap(id); c; c = rec_.cap(c->parent)) {
    // An ancestor that moved is the same cap in its new slot.
    for (const CapRec* a = c; a; a = rec_.cap(a->moved_to))
      if (a->id == root) return true;
  }
  return false;
}

void CapsRecorder::filled(Machine& m, int machine, const KernelEvent& e) {
  kmodel::KObject* o = m.kernel->objects().find(e.label);
  if (!o || o->type() != kmodel::abi::OBJ_CNODE) return;
  const auto& cn = static_cast<const kmodel::CNode&>(*o);
  const kmodel::Slot& s = cn.slot(e.detail);
  CapRec c;
  c.id = static_cast<int>(rec_.caps.size()) + 1;
  c.machine = machine;
  c.obj = e.object;
  c.type = object_type_name(s.cap.type());
  c.badge = e.badge;
  c.rights = s.cap.rights;
  c.cnode = e.label;
  c.slot = e.detail;
  if (s.parent && s.parent->owner) {
    auto p = m.live.find(slot_key(s.parent->owner->id(), s.parent->index));
    if (p != m.live.end()) c.parent = p->second;
  }
  c.t_made = e.time;
  c.actor = thread(m, machine, e.thread, e.time);
  m.live[slot_key(c.cnode, c.slot)] = c.id;
  last_filled_ = c.id;
  rec_.caps.push_back(std::move(c));
}

void CapsRecorder::emptied(Machine& m, const KernelEvent& e) {
  auto it = m.live.find(slot_key(e.label, e.detail));
  if (it == m.live.end()) return;
  CapRec& c = rec_.caps[static_cast<std::size_t>(it->second - 1)];
  m.live.erase(it);
  c.t_end = e.time;
  c.end = caps::End::Delete;
  c.end_actor = m.tids.count(e.thread) ? m.tids[e.thread] : 0;
  if (std::erase(pending_transfer_, c.id)) c.end = caps::End::TransferFailed;
  if (in_revoke_ && revoking_ > 0 && descends(c.id, revoking_)) {
    c.end = caps::End::Revoke;
    c.revoke_root = revoking_;
    c.end_actor = revoke_actor_;
  }
  last_emptied_ = c.id;
}

// CapRevoke names the revoked slot by index only: it is the live cap of
// that object in that slot, looked for in the actor's CSpace root first.
void CapsRecorder::revoke_started(Machine& m, int machine, const KernelEvent& e) {
  in_revoke_ = true;
  revoking_ = -1;
  revoke_actor_ = thread(m, machine, e.thread, e.time);
  if (auto cs = m.cspace.find(e.thread); cs != m.cspace.end()) {
    auto it = m.live.find(slot_key(cs->second, e.detail));
    if (it != m.live.end() && rec_.caps[static_cast<std::size_t>(it->second - 1)].obj == e.object) {
      revoking_ = it->second;
      return;
    }
  }
  for (auto& [key, id] : m.live) {
    const CapRec& c = rec_.caps[static_cast<std::size_t>(id - 1)];
    if (c.slot == e.detail && c.obj == e.object && c.badge == e.badge && (revoking_ < 0 || id < revoking_))
      revoking_ = id;
  }
}

void CapsRecorder::serve(Machine& m, int machine, Word endpoint, int tid, VTime t) {
  int pid = pid_of(tid);
  if (!endpoint || !pid) return;
  if (m.served.insert(endpoint << 20 | static_cast<Word>(pid)).second)
    rec_.serves.push_back({machine, endpoint, pid, t});
}

void CapsRecorder::ipc(Machine& m, int machine, const KernelEvent& e) {
  using K = KernelEvent::Kind;
  // Both sides are seen (their CSpace roots bound to their processes);
  // who received on the endpoint is the reach query's "who serves it".
  int actor = thread(m, machine, e.thread, e.time);
  int peer = e.peer ? thread(m, machine, e.peer, e.time) : 0;
  if (e.kind == K::Call || e.kind == K::Send) serve(m, machine, e.object, peer, e.time);
  if (e.kind == K::Receive) serve(m, machine, e.object, actor, e.time);
  if (pending_transfer_.empty()) return;
  caps::IpcRec i;
  i.id = static_cast<int>(rec_.ipcs.size()) + 1;
  i.t = e.time;
  i.label = e.label;
  const CapRec& first = rec_.caps[static_cast<std::size_t>(pending_transfer_.front() - 1)];
  i.from_tid = first.actor;
  int to = e.kind == K::Receive ? actor : peer;
  i.to_tid = to;
  switch (e.kind) {
    case K::Call: i.kind = "call"; break;
    case K::Send: i.kind = "send"; break;
    case K::Receive: i.kind = "receive"; break;
    default: i.kind = "reply"; break;
  }
  if (e.kind == K::Reply) {
    std::string_view st = status_name(e.label);
    i.name = st.empty() ? "status " + std::to_string(e.label) : std::string(st);
  } else {
    i.endpoint = e.object;
    const caps::ProcessRec* server = rec_.process(pid_of(to));
    i.name = label_name(family_of_server(server ? server->name : std::string("?")), e.label);
  }
  for (int id : pending_transfer_) rec_.caps[static_cast<std::size_t>(id - 1)].ipc = i.id;
  pending_transfer_.clear();
  rec_.ipcs.push_back(std::move(i));
}

void CapsRecorder::kernel_event(kmodel::Kernel& /*k*/, int machine, const KernelEvent& e) {
  using K = KernelEvent::Kind;
  if (finished_) return;
  Machine& m = machines_[static_cast<std::size_t>(machine)];
  if (in_revoke_ && e.kind != K::SlotEmptied && e.kind != K::CapDelete) in_revoke_ = false;
  auto annotate = [&](caps::How how) {
    if (CapRec* c = last(last_filled_, e.object)) c->how = how;
    return last(last_filled_, e.object);
  };
  switch (e.kind) {
    case K::SlotFilled: filled(m, machine, e); break;
    case K::SlotEmptied: emptied(m, e); break;
    case K::CapCopy: annotate(caps::How::Copy); break;
    case K::CapMint: annotate(caps::How::Mint); break;
    case K::Retype: annotate(caps::How::Retype); break;
    case K::CapSaveCaller: annotate(caps::How::SaveCaller); break;
    case K::CapTransfer:
      if (CapRec* c = annotate(caps::How::Transfer)) {
        c->actor = thread(m, machine, e.thread, e.time);
        pending_transfer_.push_back(c->id);
      }
      break;
    case K::CapMove:
    case K::CapMutate:
      if (CapRec* c = annotate(e.kind == K::CapMove ? caps::How::Move : caps::How::Mutate)) {
        c->badge = e.badge;
        if (CapRec* from = last(last_emptied_, e.object)) {
          c->moved_from = from->id;
          from->end = caps::End::MovedOut;
          from->moved_to = c->id;
        }
      }
      break;
    case K::CapRevoke: revoke_started(m, machine, e); break;
    case K::Call:
    case K::Send:
    case K::Receive:
    case K::Reply: ipc(m, machine, e); break;
    default: break;
  }
}

void CapsRecorder::finish(VTime end) {
  if (finished_) return;
  for (std::size_t i = 0; i < machines_.size(); ++i) {
    Machine& m = machines_[i];
    if (!m.kernel) continue;
    for (const auto& [id, obj] : m.kernel->objects().all())
      if (obj->type() == kmodel::abi::OBJ_TCB) thread(m, static_cast<int>(i), id, end);
  }
  finished_ = true;
  rec_.end = end;
}

}  // namespace sim::inspect
