#include "sim/host/inspect/run_observer.h"

#include <algorithm>
#include <map>

#include "kernel_model/kernel.h"
#include "sim/host/inspect/label_names.h"
#include "sim/runtime/sched/scheduler.h"

namespace sim::inspect {

using kmodel::KernelEvent;

const char* to_string(Call::End e) {
  switch (e) {
    case Call::End::Open: return "open";
    case Call::End::Replied: return "replied";
    case Call::End::Interrupted: return "interrupted";
    case Call::End::NoReply: return "no-reply";
    case Call::End::Unfinished: return "unfinished";
  }
  return "?";
}

// A call while either of its two parts (the caller's, the server's) is open.
struct Live {
  Call c;
  bool caller_open = true;
  bool service_open = false;
};

struct RunObserver::Machine {
  kmodel::Kernel* kernel = nullptr;
  std::string name;
  int index = 0;
  struct Known {
    ThreadInfo* info;
    const kmodel::Tcb* tcb;
  };
  std::unordered_map<Word, Known> threads;              // TCB id -> thread
  std::unordered_map<Word, ProcessInfo*> processes;     // VSpace id -> process
  ThreadInfo* kernel_thread = nullptr;                  // the machine's own track
  std::map<Word, Live> lives;                           // seq -> call
  std::unordered_map<Word, Word> calling;               // caller TCB id -> seq of its open call
  std::unordered_map<Word, std::vector<Word>> serving;  // server TCB id -> seqs it is serving
  std::unordered_map<Word, const ThreadInfo*> endpoint_server;  // endpoint id -> last receiver
};

RunObserver::RunObserver() = default;
RunObserver::~RunObserver() = default;

void RunObserver::attach(kmodel::Kernel& k, const std::string& machine) {
  auto m = std::make_unique<Machine>();
  m->kernel = &k;
  m->name = machine;
  Machine* raw = m.get();
  m->index = static_cast<int>(machines_.size());
  machines_.push_back(std::move(m));
  for (EventListener* l : listeners_) l->machine_attached(k, raw->index, machine);
  // Without sinks (only the recorder or the post-mortem rings listen) the
  // calls are not followed at all.
  if (sinks_.empty())
    k.set_event_hook([this, raw](const KernelEvent& e) {
      for (EventListener* l : listeners_) l->kernel_event(*raw->kernel, raw->index, e);
    });
  else
    k.set_event_hook([this, raw](const KernelEvent& e) {
      for (EventListener* l : listeners_) l->kernel_event(*raw->kernel, raw->index, e);
      on_event(*raw, e);
    });
}

void RunObserver::watch_scheduler(Scheduler& s) {
  sched_ = &s;
  s.decisions().set_observer(&RunObserver::decision_thunk, this);
}

const ThreadInfo& RunObserver::kernel_track(Machine& m) {
  if (!m.kernel_thread) {
    ProcessInfo& p = processes_.emplace_back(
        ProcessInfo{static_cast<int>(processes_.size()) + 1, m.name, "kernel", 0});
    m.kernel_thread = &threads_.emplace_back(ThreadInfo{static_cast<int>(threads_.size()) + 1, &p, "kernel", 0});
  }
  return *m.kernel_thread;
}

const ThreadInfo* RunObserver::thread(Machine& m, Word tcb_id) {
  if (tcb_id == 0) return &kernel_track(m);
  auto it = m.threads.find(tcb_id);
  if (it != m.threads.end()) {
    // Events name live TCBs only, so the pointer is good; names change at exec.
    if (it->second.info->name != it->second.tcb->name) it->second.info->name = it->second.tcb->name;
    if (it->second.tcb->thread) by_sim_thread_.try_emplace(it->second.tcb->thread->id(), it->second.info);
    return it->second.info;
  }
  kmodel::KObject* o = m.kernel->objects().find(tcb_id);
  if (!o || o->type() != kmodel::abi::OBJ_TCB) return &kernel_track(m);
  const auto* t = static_cast<const kmodel::Tcb*>(o);
  Word vs = t->vspace ? t->vspace->id() : 0;
  ProcessInfo*& p = m.processes[vs];
  if (!p)
    p = &processes_.emplace_back(
        ProcessInfo{static_cast<int>(processes_.size()) + 1, m.name, process_name_of(t->name), vs});
  ThreadInfo* info = &threads_.emplace_back(ThreadInfo{static_cast<int>(threads_.size()) + 1, p, t->name, tcb_id});
  m.threads.emplace(tcb_id, Machine::Known{info, t});
  if (t->thread) by_sim_thread_.try_emplace(t->thread->id(), info);
  return info;
}

void RunObserver::emit_instant(Instant i) {
  for (Sink* s : sinks_) s->instant(i);
}

Call& RunObserver::start_call(Machine& m, const ThreadInfo* caller, const KernelEvent& e, bool fault) {
  if (m.calling.count(caller->tcb)) end_call(m, caller->tcb, Call::End::NoReply, e.time);
  Word seq = ++next_seq_;
  Live& l = m.lives[seq];
  Call& c = l.c;
  c.seq = seq;
  c.fault = fault;
  c.caller = caller;
  c.endpoint = e.object;
  c.badge = e.badge;
  c.label = e.label;
  c.request_words = fault ? 0 : e.detail;
  c.t_call = e.time;
  if (fault) {
    c.family = std::string(kFaultFamily);
  } else {
    auto srv = m.endpoint_server.find(e.object);
    c.family = srv == m.endpoint_server.end() ? "?" : family_of_server(srv->second->process->name);
  }
  c.name = label_name(c.family, c.label);
  m.calling[caller->tcb] = seq;
  return c;
}

void RunObserver::receive(Machine& m, Call& c, const ThreadInfo* server, VTime t) {
  c.server = server;
  c.received = true;
  c.t_received = t;
  if (!c.fault) {
    c.family = family_of_server(server->process->name);
    c.name = label_name(c.family, c.label);
  }
  if (c.endpoint) {
    m.endpoint_server[c.endpoint] = server;
    for (Sink* s : sinks_) s->endpoint_served(c.endpoint, *server);
  }
  m.lives[c.seq].service_open = true;
  m.serving[server->tcb].push_back(c.seq);
  for (Sink* s : sinks_) s->call_received(c);
}

// A server that receives again has given up the implicit reply of what it
// was serving: those services end here (their callers wait on).
void RunObserver::new_receive_by(Machine& m, const ThreadInfo* server, VTime t) {
  auto it = m.serving.find(server->tcb);
  if (it == m.serving.end()) return;
  std::vector<Word> seqs = std::move(it->second);
  m.serving.erase(it);
  for (auto s = seqs.rbegin(); s != seqs.rend(); ++s) {
    auto l = m.lives.find(*s);
    if (l == m.lives.end()) continue;
    l->second.c.deferred = true;
    end_service(m, l->second.c, t);
  }
}

void RunObserver::end_service(Machine& m, Call& c, VTime t) {
  auto l = m.lives.find(c.seq);
  if (l == m.lives.end() || !l->second.service_open) return;
  l->second.service_open = false;
  if (auto sv = m.serving.find(c.server->tcb); sv != m.serving.end()) {
    std::erase(sv->second, c.seq);
    if (sv->second.empty()) m.serving.erase(sv);
  }
  for (Sink* s : sinks_) s->service_ended(c, t);
  if (!l->second.caller_open) m.lives.erase(l);
}

void RunObserver::end_call(Machine& m, Word caller_tcb, Call::End how, VTime t) {
  auto it = m.calling.find(caller_tcb);
  if (it == m.calling.end()) return;
  Word seq = it->second;
  m.calling.erase(it);
  auto l = m.lives.find(seq);
  if (l == m.lives.end()) return;
  Call& c = l->second.c;
  c.end = how;
  c.t_end = t;
  l->second.caller_open = false;
  for (Sink* s : sinks_) s->call_ended(c);
  if (how == Call::End::Replied && l->second.service_open) {
    end_service(m, c, t);  // erases the call
  } else if (!l->second.service_open) {
    m.lives.erase(l);
  }
}

void RunObserver::on_event(Machine& m, const KernelEvent& e) {
  using K = KernelEvent::Kind;
  auto label_at = [&](const ThreadInfo* server, Word label) {
    return label_name(family_of_server(server->process->name), label);
  };
  switch (e.kind) {
    case K::Call: {
      const ThreadInfo* caller = thread(m, e.thread);
      const ThreadInfo* server = thread(m, e.peer);
      new_receive_by(m, server, e.time);
      receive(m, start_call(m, caller, e, false), server, e.time);
      break;
    }
    case K::CallQueued: {
      const ThreadInfo* caller = thread(m, e.thread);
      start_call(m, caller, e, false);
      for (Sink* s : sinks_) s->queued(*caller, e.object, e.detail, e.time);
      break;
    }
    case K::SendQueued:
    case K::NbSendQueued: {
      const ThreadInfo* sender = thread(m, e.thread);
      for (Sink* s : sinks_) s->queued(*sender, e.object, e.detail, e.time);
      break;
    }
    case K::Send: {
      const ThreadInfo* sender = thread(m, e.thread);
      const ThreadInfo* to = thread(m, e.peer);
      new_receive_by(m, to, e.time);
      m.endpoint_server[e.object] = to;
      for (Sink* s : sinks_) s->endpoint_served(e.object, *to);
      emit_instant({sender, "ipc.send", label_at(to, e.label), e.time,
                    {{"to_tid", static_cast<Word>(to->tid)}, {"endpoint", e.object}, {"badge", e.badge},
                     {"words", e.detail}}});
      break;
    }
    case K::Receive: {
      const ThreadInfo* server = thread(m, e.thread);
      new_receive_by(m, server, e.time);
      m.endpoint_server[e.object] = server;
      if (e.peer) {
        auto c = m.calling.find(e.peer);
        if (c != m.calling.end()) {
          Call& call = m.lives[c->second].c;
          if (!call.received && !call.fault) {
            receive(m, call, server, e.time);
            break;
          }
        }
      }
      for (Sink* s : sinks_) s->endpoint_served(e.object, *server);
      emit_instant({server, "ipc.send", label_at(server, e.label), e.time,
                    {{"from_tid", e.peer ? static_cast<Word>(thread(m, e.peer)->tid) : 0}, {"endpoint", e.object},
                     {"badge", e.badge}, {"words", e.detail}}});
      break;
    }
    case K::Fault: {
      if (e.peer == 0) {  // raised: the faulting thread, its handler's endpoint
        const ThreadInfo* f = thread(m, e.thread);
        emit_instant({f, "fault", label_name(kFaultFamily, e.label), e.time,
                      {{"endpoint", e.object}, {"mr0", e.detail}}});
        if (e.object) start_call(m, f, e, true);
        break;
      }
      // Delivered: by the faulting thread's call (thread = faulter) or by
      // the handler's receive (thread = handler).
      for (auto [faulter, handler] : {std::pair{e.thread, e.peer}, std::pair{e.peer, e.thread}}) {
        auto c = m.calling.find(faulter);
        if (c == m.calling.end()) continue;
        Call& call = m.lives[c->second].c;
        if (!call.fault || call.received) continue;
        const ThreadInfo* h = thread(m, handler);
        new_receive_by(m, h, e.time);
        receive(m, call, h, e.time);
        break;
      }
      break;
    }
    case K::Reply:
    case K::FaultReply: {
      auto c = m.calling.find(e.peer);
      if (c == m.calling.end()) break;
      Call& call = m.lives[c->second].c;
      call.replier = thread(m, e.thread);
      call.status = e.label;
      call.reply_words = e.detail;
      end_call(m, e.peer, Call::End::Replied, e.time);
      break;
    }
    case K::CapSaveCaller: {
      auto c = m.calling.find(e.peer);
      if (c == m.calling.end()) break;
      Call& call = m.lives[c->second].c;
      if (call.server && call.server->tcb == e.thread) {
        call.deferred = true;
        end_service(m, call, e.time);
      }
      break;
    }
    case K::Interrupt: {
      const ThreadInfo* t = thread(m, e.thread);
      end_call(m, e.thread, Call::End::Interrupted, e.time);
      emit_instant({t, "notification", "interrupt", e.time, {{"notification", e.object}, {"bits", e.badge}}});
      break;
    }
    case K::Signal:
      emit_instant({thread(m, e.thread), "notification", "signal", e.time,
                    {{"notification", e.object}, {"badge", e.badge}, {"bits", e.detail}}});
      break;
    case K::Wait:
      emit_instant({thread(m, e.thread), "notification", "wait", e.time,
                    {{"notification", e.object}, {"bits", e.badge}}});
      break;
    case K::Timeout:
      emit_instant({thread(m, e.thread), "ipc", "timeout", e.time, {{"label", e.label}, {"syscall", e.detail}}});
      break;
    case K::Irq:
      emit_instant({&kernel_track(m), "irq", "IRQ " + std::to_string(e.label), e.time,
                    {{"line", e.label}, {"handler", e.object}, {"pending", e.detail}}});
      break;
    default:  // capability operations and retypes
      break;
  }
}

void RunObserver::on_decision(const Decision& d) {
  const ThreadInfo* where = nullptr;
  if (d.kind != DecisionKind::Event && d.kind != DecisionKind::Custom) {
    auto it = by_sim_thread_.find(d.subject);
    if (it != by_sim_thread_.end()) {
      where = it->second;
    } else if (Thread* t = sched_->find(d.subject)) {
      // A host-made thread with no TCB: a track of the "host: scheduler" process.
      if (!host_process_)
        host_process_ = &processes_.emplace_back(
            ProcessInfo{static_cast<int>(processes_.size()) + 1, "host", "scheduler", 0});
      where = &threads_.emplace_back(ThreadInfo{static_cast<int>(threads_.size()) + 1, host_process_, t->name(), 0});
      by_sim_thread_.emplace(d.subject, where);
    }
  }
  if (!where) {
    if (machines_.empty()) return;
    where = &kernel_track(*machines_.front());
  }
  static constexpr const char* kNames[] = {"dispatch", "handoff", "timer event", "wake", "decision"};
  emit_instant({where, "sched", kNames[static_cast<int>(d.kind)], d.time, {{"subject", d.subject}}});
}

void RunObserver::finish(VTime end) {
  if (finished_) return;
  finished_ = true;
  for (auto& m : machines_) {
    std::vector<Word> callers;
    for (auto& [seq, l] : m->lives)
      if (l.caller_open) callers.push_back(l.c.caller->tcb);
    for (Word c : callers) end_call(*m, c, Call::End::Unfinished, end);
    std::vector<Word> open;
    for (auto& [seq, l] : m->lives)
      if (l.service_open) open.push_back(seq);
    for (Word s : open) end_service(*m, m->lives.at(s).c, end);
    m->kernel->set_event_hook(nullptr);
  }
  if (sched_) sched_->decisions().set_observer(nullptr, nullptr);
  for (Sink* s : sinks_) s->finish(end);
}

}  // namespace sim::inspect
