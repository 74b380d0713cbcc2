// The cooperative scheduler: picks the most urgent ready thread (smallest
// deadline priority, round robin among equals, seeded choice among equals
// in explore mode), hands the CPU directly from an IPC caller to its
// partner, runs timer events, jumps the virtual clock when nothing can run,
// and reports deadlocks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/runtime/fiber/fiber.h"
#include "sim/runtime/fiber/stack_pool.h"
#include "sim/runtime/sched/ready_queue.h"
#include "sim/runtime/sched/thread.h"
#include "sim/runtime/seed/seed.h"
#include "sim/runtime/time/virtual_clock.h"
#include "sim/runtime/trace/decision_log.h"

namespace sim {

class RealtimePacer;

struct SchedulerOptions {
  std::uint64_t seed = 0;
  bool explore = false;             // seed perturbs choice among equals
  bool keep_decisions = false;      // keep every decision for comparison
  std::size_t stack_size = StackPool::kDefaultStackSize;
};

struct RunLimits {
  std::optional<VTime> until;                       // stop when the clock would pass this
  std::uint64_t max_decisions_at_one_instant = 50'000'000;  // livelock guard
};

enum class RunResult {
  Idle,       // nothing runnable, no event pending, nobody waits on another
  Deadlock,   // some thread waits on another and nothing can ever wake it
  TimeLimit,  // RunLimits::until reached
  Stopped,    // stop() was called
  Livelock,   // too many decisions without the clock moving
};
const char* to_string(RunResult r);

class Scheduler {
 public:
  explicit Scheduler(SchedulerOptions opts = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // --- creating and ending threads (any context) ---
  Thread& spawn(std::string name, std::function<void()> body, Priority prio = kDefaultPriority);
  // Create without making it ready (a TCB before TCB_RESUME).
  Thread& create(std::string name, std::function<void()> body, Priority prio = kDefaultPriority);
  void start(Thread& t);           // Created -> Ready
  void kill(Thread& t);            // unwinds it; from another context
  void kill_all();                 // every live thread, newest first; host context
  [[noreturn]] void exit_current();
  // The current thread says whether its frames, from the body's entry to
  // here and to wherever it blocks next, hold anything that needs a
  // destructor. While they do not (a program that has returned and only
  // makes its final exit call, a thread parked before its entry runs),
  // ending it costs no unwinding: kill() drops its stack as it is and
  // exit_current() leaves it like a body that returned. Unwinding (an
  // exception through every frame) is most of the cost of ending a thread.
  void set_unwind_free(bool free);
  // Called when a thread ends for any reason, on the ending thread's stack.
  void set_end_hook(std::function<void(Thread&)> hook) { end_hook_ = std::move(hook); }

  // --- called by the running thread ---
  Thread* current() const { return current_; }
  inline void yield();
  // Block until woken (or until `deadline`). `on` says what for.
  WakeReason block(const WaitTarget* on, WaitKind kind = WaitKind::Dependent,
                   std::optional<VTime> deadline = std::nullopt);
  // Block the current thread and run `to` at once (IPC partner hand-off).
  inline WakeReason handoff(Thread& to, const WaitTarget* on, WaitKind kind = WaitKind::Dependent,
                     std::optional<VTime> deadline = std::nullopt);
  // Stay runnable (back of its level) but run `to` at once.
  void yield_to(Thread& to);
  void sleep_until(VTime t);
  void sleep_for(VDuration d) { sleep_until(clock_.now() + d); }
  // The current thread uses `cpu` of virtual CPU time, charged to its
  // scheduling context (throttled until replenishment when over budget).
  void charge(VDuration cpu);

  // --- any context ---
  bool wake(Thread& t, WakeReason why = WakeReason::Woken);
  void set_priority(Thread& t, Priority p);
  void donate(Thread& from, Thread& to);    // `to` runs at least as urgently as `from`
  void undonate(Thread& from, Thread& to);
  void bind_sched_context(Thread& t, SchedContext* sc);

  VirtualClock& clock() { return clock_; }
  VTime now() const { return clock_.now(); }
  DecisionLog& decisions() { return decisions_; }
  const DecisionLog& decisions() const { return decisions_; }
  const SeedSource& seeds() const { return seeds_; }
  StackPool& stacks() { return stacks_; }
  std::size_t ready_count() const { return ready_.size(); }
  Thread* find(Thread::Id id) const;
  const std::vector<std::unique_ptr<Thread>>& threads() const { return threads_; }
  // Drops a finished thread's record (ids are never reused).
  void forget(Thread& t);

  // --- host context only ---
  RunResult run(const RunLimits& limits = {});
  void stop() { stop_requested_ = true; }
  void set_realtime(RealtimePacer* pacer) { pacer_ = pacer; }
  std::string deadlock_report() const;
  std::vector<const Thread*> blocked_threads(bool dependent_only) const;

 private:
  friend class Thread;
  inline void make_ready(Thread& t);
  inline void fire_due_events();
  // Leave the current thread (already re-queued or blocked) for the next.
  inline void switch_away();
  inline void dispatch_from(Fiber& from, Thread& to, DecisionKind why);
  inline void note_decision(DecisionKind why, Thread& to);
  Fiber* next_after_exit(Thread& dying);
  inline Thread* pick_ready();
  void finish(Thread& t);
  void recompute_priority(Thread& t, int depth = 0);
  void arm_timeout(Thread& t, std::optional<VTime> deadline);
  inline bool claim_for_handoff(Thread& to);
  inline void mark_blocked(Thread& self, const WaitTarget* on, WaitKind kind, std::optional<VTime> deadline);

  SchedulerOptions opts_;
  SeedSource seeds_;
  Rng explore_rng_;
  StackPool stacks_;
  Fiber host_;
  VirtualClock clock_;
  DecisionLog decisions_;
  ReadyQueue ready_;
  std::vector<std::unique_ptr<Thread>> threads_;
  Thread* current_ = nullptr;
  Thread::Id next_id_ = 1;
  bool stop_requested_ = false;
  VTime last_dispatch_time_ = 0;
  std::uint64_t decisions_left_at_instant_ = 0;  // livelock guard: decisions left before the clock must move
  std::uint64_t max_at_instant_ = RunLimits{}.max_decisions_at_one_instant;
  bool livelock_ = false;
  RealtimePacer* pacer_ = nullptr;
  std::function<void(Thread&)> end_hook_;
};

}  // namespace sim

#include "sim/runtime/sched/scheduler_inline.h"
