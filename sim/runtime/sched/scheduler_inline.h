// Hot paths of the scheduler, inline on purpose: after a fiber switch every
// return through a call level the other context did not push is a
// mispredicted return (the return-stack buffer holds the other fiber's
// addresses), so the switch path is kept in the caller's frame.
#pragma once

#include <stdexcept>

// Included from scheduler.h only.

namespace sim {

[[gnu::always_inline]] inline void Scheduler::make_ready(Thread& t) {
  t.state_ = ThreadState::Ready;
  ready_.push_back(&t);
}

[[gnu::always_inline]] inline void Scheduler::fire_due_events() {
  if (!clock_.has_pending()) [[likely]] return;
  clock_.fire_due([this](VirtualClock::EventId id) {
    decisions_.record(clock_.now(), DecisionKind::Event, id);
  });
}

[[gnu::always_inline]] inline Thread* Scheduler::pick_ready() {
  if (ready_.empty()) return nullptr;
  std::size_t idx = 0;
  if (opts_.explore) {
    std::size_t n = ready_.best_level_count();
    if (n > 1) idx = static_cast<std::size_t>(explore_rng_.below(n));
  }
  return ready_.pop_best(idx);
}

[[gnu::always_inline]] inline void Scheduler::note_decision(DecisionKind why, Thread& to) {
  VTime now = clock_.now();
  if (now != last_dispatch_time_) [[unlikely]] {
    last_dispatch_time_ = now;
    decisions_left_at_instant_ = max_at_instant_;
  } else if (decisions_left_at_instant_-- == 0) [[unlikely]] {
    livelock_ = true;
    stop_requested_ = true;
  }
  decisions_.record(now, why, to.id_);
}

[[gnu::always_inline]] inline void Scheduler::dispatch_from(Fiber& from, Thread& to, DecisionKind why) {
  note_decision(why, to);
  to.state_ = ThreadState::Running;
  current_ = &to;
  from.switch_to(to.fiber_);
  // Back on `from`: whoever switched here set current_ for us (threads) or
  // left it null (host).
}

[[gnu::always_inline]] inline void Scheduler::switch_away() {
  Thread* self = current_;
  fire_due_events();
  Thread* next = stop_requested_ ? nullptr : pick_ready();
  if (next == self) {
    note_decision(DecisionKind::Dispatch, *self);
    self->state_ = ThreadState::Running;
    return;
  }
  if (next) {
    dispatch_from(self->fiber_, *next, DecisionKind::Dispatch);
  } else {
    current_ = nullptr;
    self->fiber_.switch_to(host_);
  }
  current_ = self;
  self->state_ = ThreadState::Running;
}

[[gnu::always_inline]] inline void Scheduler::yield() {
  Thread* self = current_;
  if (!self) throw std::logic_error("Scheduler::yield called outside a simulated thread");
  make_ready(*self);
  switch_away();
}

// Takes `to` off the ready queue or out of its wait so it can run next.
// False when it cannot run (not started, or ended).
inline bool Scheduler::claim_for_handoff(Thread& to) {
  if (to.state_ == ThreadState::Ready) {
    ready_.remove(&to);
    return true;
  }
  if (to.state_ != ThreadState::Blocked) return false;
  if (to.timer_) {
    clock_.cancel(to.timer_);
    to.timer_ = 0;
  }
  to.wake_reason_ = WakeReason::Woken;
  return true;
}

inline void Scheduler::mark_blocked(Thread& self, const WaitTarget* on, WaitKind kind, std::optional<VTime> deadline) {
  self.state_ = ThreadState::Blocked;
  self.waiting_on_ = on;
  self.wait_kind_ = kind;
  self.wake_reason_ = WakeReason::None;
  self.blocked_since_ = clock_.now();
  arm_timeout(self, deadline);
}

inline WakeReason Scheduler::handoff(Thread& to, const WaitTarget* on, WaitKind kind, std::optional<VTime> deadline) {
  Thread* self = current_;
  if (!self) throw std::logic_error("Scheduler::handoff called outside a simulated thread");
  if (&to == self || !claim_for_handoff(to)) return block(on, kind, deadline);  // partner cannot run
  mark_blocked(*self, on, kind, deadline);
  dispatch_from(self->fiber_, to, DecisionKind::Handoff);
  current_ = self;
  self->state_ = ThreadState::Running;
  self->waiting_on_ = nullptr;
  return self->wake_reason_;
}

}  // namespace sim
