// A simulated thread: a fiber plus the scheduling state the kernel ABI
// gives a TCB (deadline priority, donated priority, scheduling context,
// what it waits on).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/runtime/fiber/fiber.h"
#include "sim/runtime/time/virtual_clock.h"

namespace sim {

class Thread;
class Scheduler;

// A thread's priority is a deadline value in 1 ms ticks (kernel ABI
// §2.10): smaller runs first. Binding a scheduling context copies its
// period (the implicit deadline) into the priority.
using Priority = std::uint64_t;
constexpr Priority kDefaultPriority = 100;  // the default 100 ms period

// Something a thread can block on. Kernel objects derive from it so the
// deadlock report and the gdb script can say what a thread waits for.
class WaitTarget {
 public:
  WaitTarget(const char* kind, std::uint64_t object_id) : kind_(kind), object_id_(object_id) {}
  virtual ~WaitTarget() = default;
  virtual std::string describe() const;
  // Threads that could end a wait on this target.
  virtual void wakers(std::vector<const Thread*>& out) const { (void)out; }
  const char* kind() const { return kind_; }
  std::uint64_t object_id() const { return object_id_; }

 protected:
  const char* kind_;        // static string, read by the gdb script
  std::uint64_t object_id_;
};

// Idle: a server waiting for work (not a hang if it never wakes).
// Dependent: the thread needs another thread to act (reply, unlock, exit).
enum class WaitKind : std::uint8_t { Idle, Dependent };
enum class WakeReason : std::uint8_t { None, Woken, TimedOut };
enum class ThreadState : std::uint8_t { Created, Ready, Running, Blocked, Finished, Crashed, Killed };
const char* to_string(ThreadState s);

// Budget/period in virtual time (SC_CONFIGURE takes microseconds; the
// kernel keeps 1 ms ticks).
struct SchedContext {
  VDuration budget = 10 * kMs;
  VDuration period = 100 * kMs;
  VDuration used = 0;      // in the current period
  VTime period_start = 0;
  Priority deadline_priority() const { return period / kMs == 0 ? 1 : period / kMs; }
};

// Thrown by Scheduler::exit_current(); ends the thread's body normally.
struct ThreadExit {};

class Thread {
 public:
  using Id = std::uint64_t;

  Id id() const { return id_; }
  const std::string& name() const { return name_; }
  // Renames the thread (logs, reports, gdb, the overflow message): a
  // program's start routine names its thread after the program.
  void set_name(std::string name) {
    fiber_.set_name(name);
    name_ = std::move(name);
  }
  ThreadState state() const { return state_; }
  bool alive() const { return state_ != ThreadState::Finished && state_ != ThreadState::Crashed && state_ != ThreadState::Killed; }
  Priority base_priority() const { return base_priority_; }
  Priority effective_priority() const { return effective_priority_; }
  const WaitTarget* waiting_on() const { return waiting_on_; }
  WaitKind wait_kind() const { return wait_kind_; }
  WakeReason wake_reason() const { return wake_reason_; }
  SchedContext* sched_context() const { return sched_context_; }
  const std::string& crash_reason() const { return crash_reason_; }
  VTime blocked_since() const { return blocked_since_; }
  // Nothing on its stack needs a destructor (Scheduler::set_unwind_free).
  bool unwind_free() const { return unwind_free_; }
  // Its fiber (read-only: the post-mortem scans a suspended one's stack).
  const Fiber& fiber() const { return fiber_; }

  // The simulated thread running on this OS thread, or nullptr on the host.
  static Thread* current() {
    Fiber* f = Fiber::current();
    return (f == nullptr || f->is_host()) ? nullptr : static_cast<Thread*>(f->owner());
  }

  // Owner data: the kernel model hangs its TCB here.
  void* user() const { return user_; }
  void set_user(void* u) { user_ = u; }

  Thread(Scheduler& s, Id id, std::string name, std::function<void()> body, Priority prio, StackPool& pool);
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;

 private:
  friend class Scheduler;
  friend struct ReadyQueue;
  static void run_body(void* self);
  static Fiber* on_fiber_exit(void* self);

  Scheduler& sched_;
  Id id_;
  std::string name_;
  std::function<void()> body_;
  Fiber fiber_;
  ThreadState state_ = ThreadState::Created;
  Priority base_priority_;
  Priority effective_priority_;
  std::vector<Thread*> donors_;      // threads lending us their priority
  std::vector<Thread*> donated_to_;  // threads we lend ours to
  SchedContext* sched_context_ = nullptr;
  const WaitTarget* waiting_on_ = nullptr;
  WaitKind wait_kind_ = WaitKind::Dependent;
  WakeReason wake_reason_ = WakeReason::None;
  bool unwind_free_ = false;
  VTime blocked_since_ = 0;
  VirtualClock::EventId timer_ = 0;
  void* user_ = nullptr;
  std::string crash_reason_;
  // Ready-queue links (intrusive, doubly linked within a priority level).
  Thread* rq_prev_ = nullptr;
  Thread* rq_next_ = nullptr;
  // Debug registry links (walked by sim/gdb/saltysim.py).
  Thread* dbg_prev_ = nullptr;
  Thread* dbg_next_ = nullptr;
};

}  // namespace sim
