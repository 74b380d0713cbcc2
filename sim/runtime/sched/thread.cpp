#include "sim/runtime/sched/thread.h"

#include "sim/runtime/sched/scheduler.h"

// Head of the list of every live Thread record in the process; the gdb
// script (sim/gdb/saltysim.py) walks it through Thread::dbg_next_.
extern "C" {
sim::Thread* saltysim_thread_list = nullptr;
}

namespace sim {

std::string WaitTarget::describe() const {
  return std::string(kind_) + " #" + std::to_string(object_id_);
}

const char* to_string(ThreadState s) {
  switch (s) {
    case ThreadState::Created: return "created";
    case ThreadState::Ready: return "ready";
    case ThreadState::Running: return "running";
    case ThreadState::Blocked: return "blocked";
    case ThreadState::Finished: return "finished";
    case ThreadState::Crashed: return "crashed";
    case ThreadState::Killed: return "killed";
  }
  return "?";
}

Thread::Thread(Scheduler& s, Id id, std::string name, std::function<void()> body, Priority prio,
               StackPool& pool)
    : sched_(s),
      id_(id),
      name_(std::move(name)),
      body_(std::move(body)),
      fiber_(pool, &Thread::run_body, &Thread::on_fiber_exit, this, name_),
      base_priority_(prio),
      effective_priority_(prio) {
  dbg_next_ = saltysim_thread_list;
  if (dbg_next_) dbg_next_->dbg_prev_ = this;
  saltysim_thread_list = this;
}

}  // namespace sim
