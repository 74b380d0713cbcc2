// RunObserver: watches a run from the host through the kernel model's event
// hook (and, when asked, the scheduler's decision log) and turns kernel
// events into simulated processes, threads and IPC calls for the sinks (the
// trace writer, the server statistics). It only reads: attaching it does not
// change the run (same decisions, same hash).
//
// A call is followed from the caller's CALL (or its queueing on an endpoint
// with no receiver) through the server's receive to the reply, including a
// reply made later through a saved reply cap by another thread. A fault is
// followed the same way (family "fault", handler = the fault endpoint's
// receiver).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/runtime/time/virtual_clock.h"
#include "sim/runtime/trace/decision_log.h"

namespace kmodel {
class Kernel;
class Tcb;
struct KernelEvent;
}  // namespace kmodel

namespace sim {
class Scheduler;
}

namespace sim::inspect {

using Word = std::uint64_t;

// A simulated process (one VSpace of one machine's kernel).
struct ProcessInfo {
  int pid = 0;          // numbered in order of first sight, from 1
  std::string machine;  // "m0"
  std::string name;     // its first thread's name without the "#<id>" suffix
  Word vspace = 0;      // VSpace object id (0: the machine's kernel/host track)
};

struct ThreadInfo {
  int tid = 0;  // numbered in order of first sight, from 1
  const ProcessInfo* process = nullptr;
  std::string name;
  Word tcb = 0;  // TCB object id (0: the machine's kernel/host track)
};

struct Call {
  enum class End : std::uint8_t { Open, Replied, Interrupted, NoReply, Unfinished };
  Word seq = 0;  // 1, 2, ... in order of the calls' starts
  bool fault = false;
  const ThreadInfo* caller = nullptr;
  const ThreadInfo* server = nullptr;   // who received it (null until then)
  const ThreadInfo* replier = nullptr;  // who replied (the server, or a thread holding its saved reply cap)
  Word endpoint = 0, badge = 0, label = 0;
  Word request_words = 0, reply_words = 0;
  Word status = 0;  // reply label (0 = TRONA_OK)
  std::string family, name;
  VTime t_call = 0, t_received = 0, t_end = 0;
  bool received = false;
  bool deferred = false;  // the server saved the reply cap or received again before replying
  End end = End::Open;
};
const char* to_string(Call::End e);

// Something that happened at one instant on one thread's track.
struct Instant {
  const ThreadInfo* where = nullptr;
  const char* category = "";
  std::string name;
  VTime t = 0;
  std::vector<std::pair<const char*, Word>> args;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // The call reached its server (c.server, c.t_received set).
  virtual void call_received(const Call&) {}
  // The server's part ended at `t` (replied, deferred, or the run ended).
  virtual void service_ended(const Call&, VTime /*t*/) {}
  // The caller's part ended (c.end, c.t_end, status when replied).
  virtual void call_ended(const Call&) {}
  // `who` queued on an endpoint with no receiver (a caller, a blocking
  // sender, or a message in the NBSEND ring); `depth` are queued there now.
  virtual void queued(const ThreadInfo& /*who*/, Word /*endpoint*/, Word /*depth*/, VTime) {}
  // The endpoint `endpoint` was received from by `server`.
  virtual void endpoint_served(Word /*endpoint*/, const ThreadInfo& /*server*/) {}
  virtual void instant(const Instant&) {}
  virtual void finish(VTime /*end*/) {}
};

// Every raw kernel event, for observers that keep their own view (the
// capability-flow recorder, the post-mortem's IPC rings). `machine` is
// the kernel's index in attach order (0, 1, ...).
class EventListener {
 public:
  virtual ~EventListener() = default;
  virtual void machine_attached(kmodel::Kernel& /*k*/, int /*machine*/, const std::string& /*name*/) {}
  virtual void kernel_event(kmodel::Kernel& k, int machine, const kmodel::KernelEvent& e) = 0;
};

class RunObserver {
 public:
  RunObserver();
  ~RunObserver();
  RunObserver(const RunObserver&) = delete;
  RunObserver& operator=(const RunObserver&) = delete;

  void add_sink(Sink* s) { sinks_.push_back(s); }
  // Before attach().
  void add_listener(EventListener* l) { listeners_.push_back(l); }
  // Starts watching a kernel (one per machine); sinks and listeners are
  // added before.
  void attach(kmodel::Kernel& k, const std::string& machine);
  // Also reports every scheduling decision as an instant (category "sched").
  void watch_scheduler(Scheduler& s);
  // Ends the watch at virtual time `end`: closes every open call and
  // service ("unfinished") and detaches from the kernels and the scheduler
  // (call before they are destroyed).
  void finish(VTime end);

  // For tests and tools: every thread seen so far, in order of first sight.
  const std::deque<ThreadInfo>& threads() const { return threads_; }

 private:
  struct Machine;
  void on_event(Machine& m, const kmodel::KernelEvent& e);
  void on_decision(const Decision& d);
  static void decision_thunk(void* self, const Decision& d) { static_cast<RunObserver*>(self)->on_decision(d); }
  const ThreadInfo* thread(Machine& m, Word tcb_id);
  const ThreadInfo& kernel_track(Machine& m);
  Call& start_call(Machine& m, const ThreadInfo* caller, const kmodel::KernelEvent& e, bool fault);
  void receive(Machine& m, Call& c, const ThreadInfo* server, VTime t);
  void new_receive_by(Machine& m, const ThreadInfo* server, VTime t);
  void end_service(Machine& m, Call& c, VTime t);
  void end_call(Machine& m, Word caller_tcb, Call::End how, VTime t);
  void emit_instant(Instant i);

  std::vector<Sink*> sinks_;
  std::vector<EventListener*> listeners_;
  std::vector<std::unique_ptr<Machine>> machines_;
  std::deque<ProcessInfo> processes_;
  std::deque<ThreadInfo> threads_;
  std::unordered_map<std::uint64_t, const ThreadInfo*> by_sim_thread_;  // sim::Thread id -> thread
  Scheduler* sched_ = nullptr;
  const ProcessInfo* host_process_ = nullptr;
  Word next_seq_ = 0;
  bool finished_ = false;
};

}  // namespace sim::inspect
