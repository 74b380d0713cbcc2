// The machine timer (the PIT/LAPIC timer role): raises IRQ 0 every period
// (the kernel model's 1 ms tick) or once at a deadline (tickless). Stopped
// until the kernel model starts it, so an idle machine lets the clock jump.
#pragma once

#include <cstdint>

#include "hw_model/core/event_set.h"
#include "hw_model/irq/interrupt_controller.h"

namespace hw {

class Timer {
 public:
  static constexpr unsigned kIrq = 0;

  Timer(sim::VirtualClock& clock, InterruptController& irqs) : events_(clock), irqs_(irqs) {}

  void start_periodic(sim::VDuration period = sim::kMs);
  void arm_oneshot(sim::VTime deadline);
  void stop();
  bool running() const { return events_.outstanding() > 0; }
  std::uint64_t ticks() const { return ticks_; }

 private:
  void fire_periodic(sim::VTime due);

  EventSet events_;
  InterruptController& irqs_;
  sim::VDuration period_ = sim::kMs;
  std::uint64_t ticks_ = 0;
};

}  // namespace hw
