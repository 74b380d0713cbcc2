#include "sim/host/inspect/post_mortem.h"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "kernel_model/kernel.h"
#include "sim/host/inspect/kernel_peek.h"
#include "sim/host/inspect/backtrace.h"
#include "sim/host/inspect/caps_record.h"
#include "sim/host/inspect/label_names.h"
#include "sim/runtime/sched/scheduler.h"

namespace sim::inspect {

using kmodel::KernelEvent;

namespace {

constexpr std::size_t kMaxCapLines = 24;
constexpr const char* kBacktraceMark = "\x01" "backtrace" "\x01";

bool is_ipc(KernelEvent::Kind k) {
  using K = KernelEvent::Kind;
  switch (k) {
    case K::Send: case K::Receive: case K::Call: case K::Reply: case K::NbSendQueued: case K::Signal:
    case K::Wait: case K::Fault: case K::FaultReply: case K::Timeout: case K::Interrupt: case K::CallQueued:
    case K::SendQueued:
      return true;
    default:
      return false;
  }
}

std::string hex(Word v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

}  // namespace

void PostMortem::machine_attached(kmodel::Kernel& k, int machine, const std::string& name) {
  while (static_cast<int>(machines_.size()) <= machine) machines_.emplace_back();
  machines_[static_cast<std::size_t>(machine)].kernel = &k;
  machines_[static_cast<std::size_t>(machine)].name = name;
}

void PostMortem::push(Machine& m, int machine, Word tcb, const KernelEvent& e, bool actor) {
  auto [it, fresh] = m.rings.try_emplace(tcb);
  Ring& r = it->second;
  r.at[r.n % kRing] = Entry{e, actor};
  ++r.n;
  // First sight of a TCB: remember its simulated thread (a crashed or
  // killed thread no longer points back at its TCB).
  if (fresh)
    if (const kmodel::Tcb* t = tcb_by_id(*m.kernel, tcb); t && t->thread)
      by_thread_.emplace(t->thread->id(), Where{machine, tcb});
}

void PostMortem::kernel_event(kmodel::Kernel& /*k*/, int machine, const KernelEvent& e) {
  using K = KernelEvent::Kind;
  if (!is_ipc(e.kind)) return;
  Machine& m = machines_[static_cast<std::size_t>(machine)];
  if (e.thread) {
    push(m, machine, e.thread, e, true);
    Where w{machine, e.thread};
    if (last_actors_[0].tcb != e.thread || last_actors_[0].machine != machine) {
      // Move to the front (or drop the oldest): the most recent distinct actors.
      auto it = std::find_if(last_actors_.begin(), last_actors_.end(),
                             [&](const Where& x) { return x.tcb == e.thread && x.machine == machine; });
      if (it == last_actors_.end()) --it;
      std::rotate(last_actors_.begin(), it, it + 1);
      last_actors_[0] = w;
    }
  }
  if (e.peer && e.peer != e.thread) push(m, machine, e.peer, e, false);
  if (e.kind == K::Call || e.kind == K::Send) m.server_of[e.object] = e.peer;
  if (e.kind == K::Receive) m.server_of[e.object] = e.thread;
}

std::string PostMortem::thread_name(const Machine& m, Word tcb) const {
  if (tcb == 0) return "kernel";
  const kmodel::Tcb* t = tcb_by_id(*m.kernel, tcb);
  return t ? t->name : "tcb#" + std::to_string(tcb);
}

std::string PostMortem::describe(const Machine& m, const Entry& x) const {
  using K = KernelEvent::Kind;
  const KernelEvent& e = x.e;
  // Labels are named in the protocol of the server that receives them.
  auto label_on = [&](Word endpoint, Word server_tcb) {
    if (!server_tcb) {
      auto s = m.server_of.find(endpoint);
      if (s != m.server_of.end()) server_tcb = s->second;
    }
    return label_name(family_of_server(process_name_of(thread_name(m, server_tcb))), e.label);
  };
  auto status = [&] {
    std::string_view s = status_name(e.label);
    return s.empty() ? "status " + std::to_string(e.label) : std::string(s);
  };
  std::ostringstream os;
  os << "t=" << format_vtime(e.time) << "  ";
  std::string other = thread_name(m, x.actor ? e.peer : e.thread);
  std::string on = " on endpoint #" + std::to_string(e.object);
  switch (e.kind) {
    case K::Call:
      if (x.actor) os << "call " << label_on(e.object, e.peer) << " to " << other << on;
      else os << "received call " << label_on(e.object, e.peer) << " from " << other << on;
      break;
    case K::CallQueued: os << "call " << label_on(e.object, 0) << on << " queued (no receiver yet)"; break;
    case K::Send:
      if (x.actor) os << "send " << label_on(e.object, e.peer) << " to " << other << on;
      else os << "received " << label_on(e.object, e.peer) << " from " << other << on;
      break;
    case K::SendQueued:
    case K::NbSendQueued: os << "send " << label_on(e.object, 0) << on << " queued (no receiver yet)"; break;
    case K::Receive:
      if (x.actor)
        os << "received " << label_on(e.object, e.thread) << (e.peer ? " from " + other : std::string()) << on;
      else os << label_on(e.object, e.thread) << " delivered to " << other << on;
      break;
    case K::Reply:
      if (x.actor) os << "reply " << status() << " to " << other;
      else os << "got reply " << status() << " from " << other;
      break;
    case K::Fault:
      if (e.peer == 0) os << "fault " << label_name(kFaultFamily, e.label) << " raised";
      else if (x.actor) os << "fault " << label_name(kFaultFamily, e.label) << " delivered to " << other;
      else os << "received fault " << label_name(kFaultFamily, e.label) << " from " << other;
      break;
    case K::FaultReply:
      os << (x.actor ? "fault reply to " : "fault answered by ") << other;
      break;
    case K::Signal: os << "signal notification #" << e.object << " bits " << hex(e.detail); break;
    case K::Wait: os << "wait on notification #" << e.object << " got bits " << hex(e.badge); break;
    case K::Interrupt: os << "interrupted by notification #" << e.object << " bits " << hex(e.badge); break;
    case K::Timeout: os << "timed out (syscall " << e.detail << ")"; break;
    default: os << kmodel::to_string(e.kind); break;
  }
  return os.str();
}

std::vector<std::string> PostMortem::recent(int machine, Word tcb) const {
  std::vector<std::string> out;
  if (machine < 0 || machine >= static_cast<int>(machines_.size())) return out;
  const Machine& m = machines_[static_cast<std::size_t>(machine)];
  auto it = m.rings.find(tcb);
  if (it == m.rings.end()) return out;
  const Ring& r = it->second;
  std::uint32_t first = r.n > kRing ? r.n - static_cast<std::uint32_t>(kRing) : 0;
  for (std::uint32_t i = first; i < r.n; ++i) out.push_back(describe(m, r.at[i % kRing]));
  return out;
}

PostMortem::Where PostMortem::where_of(const Thread& t) const {
  auto it = by_thread_.find(t.id());
  if (it != by_thread_.end()) return it->second;
  if (const kmodel::Tcb* tcb = kmodel::Kernel::tcb_of(t))
    for (std::size_t i = 0; i < machines_.size(); ++i)
      if (tcb_by_id(*machines_[i].kernel, tcb->id()) == tcb) return {static_cast<int>(i), tcb->id()};
  return {};
}

void PostMortem::thread_section(std::string& out, const Thread* t, Where w,
                                std::vector<std::vector<std::uintptr_t>>& stacks) const {
  stacks.push_back(t ? scan_stack(t->fiber()) : std::vector<std::uintptr_t>{});
  const Machine* m = w.machine >= 0 ? &machines_[static_cast<std::size_t>(w.machine)] : nullptr;
  std::ostringstream os;
  std::string name = t ? t->name() : m ? thread_name(*m, w.tcb) : "?";
  os << "thread '" << name << "'";
  if (m) os << " (" << m->name << ", tcb #" << w.tcb << ")";
  if (t) {
    os << ": " << to_string(t->state());
    if (t->state() == ThreadState::Crashed) os << ": " << t->crash_reason();
    if (t->state() == ThreadState::Blocked && t->waiting_on())
      os << ", waits on " << t->waiting_on()->describe() << " since t=" << format_vtime(t->blocked_since())
         << (t->wait_kind() == WaitKind::Idle ? " (idle wait)" : "");
  }
  os << "\n";
  if (!m) {
    os << "  (not a kernel thread: no IPC ring, no CSpace)\n  backtrace:\n" << kBacktraceMark << "\n";
    out += os.str();
    return;
  }
  std::vector<std::string> ipcs = recent(w.machine, w.tcb);
  os << "  last " << ipcs.size() << " IPC event(s), oldest first:\n";
  if (ipcs.empty()) os << "    (none)\n";
  for (auto& s : ipcs) os << "    " << s << "\n";
  const kmodel::Tcb* tcb = tcb_by_id(*m->kernel, w.tcb);
  if (!tcb || !tcb->cspace) {
    os << "  caps: (no CSpace)\n";
  } else {
    std::vector<std::string> lines;
    std::size_t total = 0;
    tcb->cspace->for_each_slot([&](const kmodel::Slot& s) {
      if (s.cap.empty()) return;
      ++total;
      if (lines.size() >= kMaxCapLines) return;
      std::ostringstream l;
      l << "    slot " << s.index << ": " << object_type_name(s.cap.type()) << " #" << s.cap.obj->id()
        << " rights=" << caps::rights_string(s.cap.rights);
      if (s.cap.badge) l << " badge=" << hex(s.cap.badge);
      if (s.cap.is_reply()) l << " (reply cap)";
      lines.push_back(l.str());
    });
    os << "  caps in its CSpace (cnode #" << tcb->cspace->id() << ", " << total << "):\n";
    for (auto& l : lines) os << l << "\n";
    if (total > lines.size()) os << "    ... " << total - lines.size() << " more\n";
  }
  // The backtrace is filled in by report() (one addr2line for every thread).
  os << "  backtrace:\n" << kBacktraceMark << "\n";
  out += os.str();
}

// Replaces each thread's backtrace mark with its frames, named by one
// addr2line run for every address of every thread.
void PostMortem::fill_backtraces(std::string& out, const std::vector<std::vector<std::uintptr_t>>& stacks) {
  std::vector<std::uintptr_t> all;
  for (auto& s : stacks) all.insert(all.end(), s.begin(), s.end());
  std::vector<std::string> names = symbolize(all);
  std::size_t next = 0;
  for (auto& s : stacks) {
    std::string text;
    int n = 0;
    for (std::size_t i = 0; i < s.size(); ++i, ++next)
      if (!names[next].empty()) text += "    #" + std::to_string(n++) + " " + names[next] + "\n";
    if (text.empty())
      text = "    (none in-process: its stack is gone or it is not suspended; the wait-for chain is below)\n";
    else
      text = "    (return addresses found on its stack, innermost first; exact: gdb, sim/gdb/saltysim.py, saltysim-bt)\n" +
             text;
    auto at = out.find(kBacktraceMark);
    if (at == std::string::npos) break;
    out.replace(at, std::strlen(kBacktraceMark) + 1, text);
  }
}

std::string PostMortem::report(const Scheduler& s, const Failure& f) const {
  std::string out = "saltysim: post-mortem: " + f.what + " at t=" + format_vtime(s.now()) + "\n";
  // Involved: crashed threads, threads in a dependent wait, else the last actors.
  std::vector<const Thread*> involved;
  for (auto& t : s.threads())
    if (t && t->state() == ThreadState::Crashed) involved.push_back(t.get());
  for (const Thread* t : s.blocked_threads(true))
    if (std::find(involved.begin(), involved.end(), t) == involved.end()) involved.push_back(t);
  std::vector<Where> extra;
  if (involved.empty())
    for (const Where& w : last_actors_)
      if (w.machine >= 0 && w.tcb) extra.push_back(w);
  out += involved.empty() ? "no thread crashed or waits on another; the threads that acted last:\n"
                          : std::to_string(involved.size()) + " thread(s) involved:\n";
  std::vector<std::vector<std::uintptr_t>> stacks;
  for (const Thread* t : involved) thread_section(out, t, where_of(*t), stacks);
  for (const Where& w : extra) {
    const Thread* t = nullptr;
    if (const kmodel::Tcb* tcb = tcb_by_id(*machines_[static_cast<std::size_t>(w.machine)].kernel, w.tcb)) t = tcb->thread;
    thread_section(out, t, w, stacks);
  }
  fill_backtraces(out, stacks);
  if (!s.blocked_threads(true).empty()) out += "wait-for chains:\n" + s.deadlock_report();
  out += "reproduce: " + f.reproduce + "\n";
  return out;
}

}  // namespace sim::inspect
