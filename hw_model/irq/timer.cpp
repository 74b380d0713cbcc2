#include "hw_model/irq/timer.h"

namespace hw {

void Timer::start_periodic(sim::VDuration period) {
  stop();
  period_ = period ? period : sim::kMs;
  const sim::VTime due = events_.now() + period_;
  events_.at(due, [this, due] { fire_periodic(due); });
}

void Timer::fire_periodic(sim::VTime due) {
  // Next deadline from the previous one, so the tick never drifts.
  const sim::VTime next = due + period_;
  events_.at(next, [this, next] { fire_periodic(next); });
  ++ticks_;
  irqs_.raise(kIrq);
}

void Timer::arm_oneshot(sim::VTime deadline) {
  stop();
  events_.at(deadline, [this] {
    ++ticks_;
    irqs_.raise(kIrq);
  });
}

void Timer::stop() { events_.cancel_all(); }

}  // namespace hw
