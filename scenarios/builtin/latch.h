// A latched signal one simulated thread waits for: set from an IRQ sink, a
// device's output listener or an Asio handler (host context), never lost
// when it comes before the wait. Host-side scenario code only.
#pragma once

#include <optional>
#include <utility>

#include "sim/runtime/sched/scheduler.h"

namespace sim {

class Latch final : public WaitTarget {
 public:
  Latch(Scheduler& s, const char* kind, std::uint64_t id, WaitKind wait_kind)
      : WaitTarget(kind, id), s_(s), wait_kind_(wait_kind) {}
  void notify() {
    pending_ = true;
    if (waiter_) s_.wake(*std::exchange(waiter_, nullptr));
  }
  // False when `deadline` passed first.
  bool wait(std::optional<VTime> deadline = std::nullopt) {
    while (!pending_) {
      waiter_ = s_.current();
      WakeReason why = s_.block(this, wait_kind_, deadline);
      waiter_ = nullptr;
      if (why == WakeReason::TimedOut && !pending_) return false;
    }
    pending_ = false;
    return true;
  }

 private:
  Scheduler& s_;
  WaitKind wait_kind_;
  bool pending_ = false;
  Thread* waiter_ = nullptr;
};

}  // namespace sim
