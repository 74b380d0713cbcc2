#include "sim/runtime/sched/scheduler.h"

#include <algorithm>
#include <exception>
#include <set>
#include <sstream>
#include <stdexcept>

#include "sim/runtime/fiber/overflow_guard.h"
#include "sim/runtime/log/log.h"
#include "sim/runtime/realtime/realtime_pacer.h"

extern "C" sim::Thread* saltysim_thread_list;

namespace sim {

namespace {
spdlog::logger& slog() {
  static auto l = log::get("sched");
  return *l;
}
}  // namespace

const char* to_string(RunResult r) {
  switch (r) {
    case RunResult::Idle: return "idle";
    case RunResult::Deadlock: return "deadlock";
    case RunResult::TimeLimit: return "time limit";
    case RunResult::Stopped: return "stopped";
    case RunResult::Livelock: return "livelock";
  }
  return "?";
}

// ---------------------------------------------------------------- Thread glue

void Thread::run_body(void* self) {
  auto* t = static_cast<Thread*>(self);
  try {
    t->body_();
  } catch (const ThreadExit&) {
  } catch (const FiberKilled&) {
    throw;
  } catch (const std::exception& e) {
    t->crash_reason_ = std::string("uncaught exception: ") + e.what();
  } catch (...) {
    t->crash_reason_ = "uncaught exception of unknown type";
  }
}

Fiber* Thread::on_fiber_exit(void* self) {
  auto* t = static_cast<Thread*>(self);
  return t->sched_.next_after_exit(*t);
}

// ---------------------------------------------------------------- Scheduler

Scheduler::Scheduler(SchedulerOptions opts)
    : opts_(opts),
      seeds_(opts.seed),
      explore_rng_(seeds_.stream("sched.explore")),
      stacks_(opts.stack_size),
      host_(Fiber::HostTag{}, "host") {
  OverflowGuard::install();
  decisions_.set_keep_entries(opts.keep_decisions);
  log::set_clock(&clock_);
}

void Scheduler::kill_all() {
  for (auto it = threads_.rbegin(); it != threads_.rend(); ++it) {
    Thread* t = it->get();
    if (t && t->alive() && t->fiber_.status() != Fiber::Status::Running) kill(*t);
  }
}

Scheduler::~Scheduler() {
  kill_all();
  for (auto& t : threads_) {
    if (!t) continue;
    if (t->dbg_prev_) t->dbg_prev_->dbg_next_ = t->dbg_next_; else saltysim_thread_list = t->dbg_next_;
    if (t->dbg_next_) t->dbg_next_->dbg_prev_ = t->dbg_prev_;
  }
  threads_.clear();
  log::release_clock(&clock_);
}

Thread& Scheduler::create(std::string name, std::function<void()> body, Priority prio) {
  Thread::Id id = next_id_++;
  threads_.push_back(std::make_unique<Thread>(*this, id, std::move(name), std::move(body), prio, stacks_));
  return *threads_.back();
}

Thread& Scheduler::spawn(std::string name, std::function<void()> body, Priority prio) {
  Thread& t = create(std::move(name), std::move(body), prio);
  start(t);
  return t;
}

void Scheduler::start(Thread& t) {
  if (t.state_ == ThreadState::Created) make_ready(t);
}

Thread* Scheduler::find(Thread::Id id) const {
  if (id == 0 || id > threads_.size()) return nullptr;
  return threads_[id - 1].get();
}

void Scheduler::forget(Thread& t) {
  if (t.alive()) return;
  Thread::Id id = t.id_;
  if (t.dbg_prev_) t.dbg_prev_->dbg_next_ = t.dbg_next_; else saltysim_thread_list = t.dbg_next_;
  if (t.dbg_next_) t.dbg_next_->dbg_prev_ = t.dbg_prev_;
  threads_[id - 1].reset();
}








void Scheduler::arm_timeout(Thread& t, std::optional<VTime> deadline) {
  if (!deadline) return;
  Thread* tp = &t;
  t.timer_ = clock_.schedule_at(*deadline, [this, tp] {
    tp->timer_ = 0;
    wake(*tp, WakeReason::TimedOut);
  });
}

WakeReason Scheduler::block(const WaitTarget* on, WaitKind kind, std::optional<VTime> deadline) {
  Thread* self = current_;
  if (!self) throw std::logic_error("Scheduler::block called outside a simulated thread");
  if (!self->alive()) throw FiberKilled{};  // being killed: no new waits
  mark_blocked(*self, on, kind, deadline);
  switch_away();
  self->waiting_on_ = nullptr;
  return self->wake_reason_;
}


void Scheduler::yield_to(Thread& to) {
  Thread* self = current_;
  if (!self) throw std::logic_error("Scheduler::yield_to called outside a simulated thread");
  if (&to == self || !claim_for_handoff(to)) return;
  make_ready(*self);
  dispatch_from(self->fiber_, to, DecisionKind::Handoff);
  current_ = self;
  self->state_ = ThreadState::Running;
}

namespace {
struct SleepTarget final : WaitTarget {
  SleepTarget() : WaitTarget("sleep", 0) {}
  std::string describe() const override { return "sleep (timer)"; }
};
const SleepTarget kSleep;
}  // namespace

void Scheduler::sleep_until(VTime t) {
  if (t <= clock_.now()) {
    yield();
    return;
  }
  block(&kSleep, WaitKind::Dependent, t);
}

void Scheduler::charge(VDuration cpu) {
  Thread* self = current_;
  if (!self || cpu == 0) return;
  VTime now = clock_.now();
  VTime finish = now + cpu;
  if (SchedContext* sc = self->sched_context_) {
    if (now >= sc->period_start + sc->period) {
      sc->period_start = now - (now - sc->period_start) % sc->period;
      sc->used = 0;
    }
    VDuration left = sc->budget > sc->used ? sc->budget - sc->used : 0;
    if (cpu <= left) {
      sc->used += cpu;
    } else {
      // Runs what is left now, then one budget per period until done.
      VDuration rest = cpu - left;
      std::uint64_t periods = (rest + sc->budget - 1) / sc->budget;
      VDuration last = rest - (periods - 1) * sc->budget;
      sc->period_start += periods * sc->period;
      sc->used = last;
      finish = sc->period_start + last;
    }
  }
  sleep_until(finish);
}

bool Scheduler::wake(Thread& t, WakeReason why) {
  if (t.state_ != ThreadState::Blocked) return false;
  if (t.timer_ && why != WakeReason::TimedOut) {
    clock_.cancel(t.timer_);
    t.timer_ = 0;
  }
  t.wake_reason_ = why;
  make_ready(t);
  return true;
}

void Scheduler::recompute_priority(Thread& t, int depth) {
  Priority p = t.base_priority_;
  for (Thread* d : t.donors_) p = std::min(p, d->effective_priority_);
  if (p == t.effective_priority_) return;
  bool queued = t.state_ == ThreadState::Ready;
  if (queued) ready_.remove(&t);
  t.effective_priority_ = p;
  if (queued) ready_.push_back(&t);
  // Donation is transitive: a server that Calls another passes it on.
  if (depth < 64)
    for (Thread* d : t.donated_to_) recompute_priority(*d, depth + 1);
}

void Scheduler::set_priority(Thread& t, Priority p) {
  t.base_priority_ = p;
  recompute_priority(t);
}

void Scheduler::donate(Thread& from, Thread& to) {
  if (&from == &to) return;
  to.donors_.push_back(&from);
  from.donated_to_.push_back(&to);
  recompute_priority(to);
}

void Scheduler::undonate(Thread& from, Thread& to) {
  auto it = std::find(to.donors_.begin(), to.donors_.end(), &from);
  if (it == to.donors_.end()) return;
  to.donors_.erase(it);
  auto back = std::find(from.donated_to_.begin(), from.donated_to_.end(), &to);
  if (back != from.donated_to_.end()) from.donated_to_.erase(back);
  recompute_priority(to);
}

void Scheduler::bind_sched_context(Thread& t, SchedContext* sc) {
  t.sched_context_ = sc;
  if (sc) {
    sc->period_start = clock_.now();
    sc->used = 0;
    set_priority(t, sc->deadline_priority());
  }
}

void Scheduler::finish(Thread& t) {
  if (t.timer_) {
    clock_.cancel(t.timer_);
    t.timer_ = 0;
  }
  // Donations this thread made end with it.
  while (!t.donated_to_.empty()) undonate(t, *t.donated_to_.back());
  while (!t.donors_.empty()) undonate(*t.donors_.back(), t);
  switch (t.fiber_.end()) {
    case Fiber::End::StackOverflow:
      t.state_ = ThreadState::Crashed;
      t.crash_reason_ = "stack overflow";
      break;
    case Fiber::End::Killed:
      t.state_ = ThreadState::Killed;
      break;
    case Fiber::End::Exception:
      t.state_ = ThreadState::Crashed;
      if (t.crash_reason_.empty()) t.crash_reason_ = "uncaught exception";
      break;
    default:
      t.state_ = t.crash_reason_.empty() ? ThreadState::Finished : ThreadState::Crashed;
  }
  if (t.state_ == ThreadState::Crashed)
    slog().error("thread '{}' crashed: {}", t.name_, t.crash_reason_);
  else
    slog().debug("thread '{}' {}", t.name_, to_string(t.state_));
  if (end_hook_) end_hook_(t);
}

Fiber* Scheduler::next_after_exit(Thread& dying) {
  finish(dying);
  fire_due_events();
  Thread* next = stop_requested_ ? nullptr : pick_ready();
  if (!next) {
    current_ = nullptr;
    return &host_;
  }
  note_decision(DecisionKind::Dispatch, *next);
  next->state_ = ThreadState::Running;
  current_ = next;
  return &next->fiber_;
}

void Scheduler::kill(Thread& t) {
  if (!t.alive()) return;
  if (&t == current_) exit_current();
  if (current_ == nullptr) Fiber::enter_host(host_);  // from the host: the victim returns to our host fiber
  if (t.state_ == ThreadState::Ready) ready_.remove(&t);
  if (t.timer_) {
    clock_.cancel(t.timer_);
    t.timer_ = 0;
  }
  Thread* saved = current_;
  if (t.fiber_.status() == Fiber::Status::NotStarted) {
    t.fiber_.kill();
    finish(t);
  } else if (t.unwind_free_ && t.fiber_.status() == Fiber::Status::Suspended) {
    t.fiber_.abandon();  // nothing on its stack to destroy: no need to run it
    finish(t);
  } else {
    // The victim's exit hook is bypassed (it returns to us), so finish it here.
    t.state_ = ThreadState::Killed;
    current_ = &t;
    t.fiber_.kill();
    current_ = saved;
    finish(t);
  }
  current_ = saved;
}

void Scheduler::exit_current() {
  if (current_ && current_->unwind_free_) Fiber::end_current(Fiber::End::Returned);
  throw ThreadExit{};
}

void Scheduler::set_unwind_free(bool free) {
  if (current_) current_->unwind_free_ = free;
}

std::vector<const Thread*> Scheduler::blocked_threads(bool dependent_only) const {
  std::vector<const Thread*> out;
  for (auto& t : threads_)
    if (t && t->state_ == ThreadState::Blocked && (!dependent_only || t->wait_kind_ == WaitKind::Dependent))
      out.push_back(t.get());
  return out;
}

std::string Scheduler::deadlock_report() const {
  std::ostringstream os;
  auto blocked = blocked_threads(true);
  os << "deadlock at t=" << format_vtime(clock_.now()) << ": " << blocked.size()
     << " thread(s) wait and nothing can run\n";
  for (const Thread* start : blocked) {
    os << "  " << start->name_;
    std::set<const Thread*> seen{start};
    const Thread* t = start;
    for (int depth = 0; depth < 32; ++depth) {
      if (t->state_ != ThreadState::Blocked) {
        os << " (" << to_string(t->state_) << ")";
        break;
      }
      os << " -> waits on " << (t->waiting_on_ ? t->waiting_on_->describe() : std::string("?"));
      std::vector<const Thread*> wakers;
      if (t->waiting_on_) t->waiting_on_->wakers(wakers);
      if (wakers.empty()) {
        os << " -> nobody can wake it";
        break;
      }
      os << " -> woken by " << wakers.front()->name_;
      if (wakers.size() > 1) os << " (+" << wakers.size() - 1 << " more)";
      if (seen.count(wakers.front())) {
        os << " (cycle)";
        break;
      }
      seen.insert(wakers.front());
      t = wakers.front();
    }
    os << "\n";
  }
  return os.str();
}

RunResult Scheduler::run(const RunLimits& limits) {
  stop_requested_ = false;
  livelock_ = false;
  max_at_instant_ = limits.max_decisions_at_one_instant;
  decisions_left_at_instant_ = max_at_instant_;
  for (;;) {
    if (livelock_) {
      slog().error("livelock: over {} scheduling decisions at t={} without the clock moving",
                   max_at_instant_, format_vtime(clock_.now()));
      return RunResult::Livelock;
    }
    if (stop_requested_) return RunResult::Stopped;
    fire_due_events();
    if (Thread* t = pick_ready()) {
      dispatch_from(host_, *t, DecisionKind::Dispatch);
      current_ = nullptr;
      continue;
    }
    if (clock_.has_pending()) {
      VTime next = clock_.next_deadline();
      if (limits.until && next > *limits.until) {
        clock_.advance_to(*limits.until);
        return RunResult::TimeLimit;
      }
      if (pacer_) {
        pacer_->wait_until(clock_, next);
      } else {
        clock_.advance_to(next);
      }
      continue;
    }
    if (pacer_ && pacer_->has_host_sources()) {
      // Only the host can wake anyone: wait for it, but not past the limit.
      pacer_->wait_until(clock_, limits.until);
      if (limits.until && clock_.now() >= *limits.until) return RunResult::TimeLimit;
      continue;
    }
    if (!blocked_threads(true).empty()) {
      slog().error("{}", deadlock_report());
      return RunResult::Deadlock;
    }
    return RunResult::Idle;
  }
}

}  // namespace sim
