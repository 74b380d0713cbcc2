// Runs a bare virtual clock (no scheduler needed for device tests) until a
// condition holds or nothing is left to happen.
#pragma once

#include <functional>

#include "sim/runtime/time/virtual_clock.h"

namespace hwtest {

// True when `done` became true; false when the event queue ran dry or the
// clock would pass `limit` first.
inline bool run_until(sim::VirtualClock& clock, const std::function<bool()>& done,
                      sim::VTime limit = 3600 * sim::kSec) {
  while (!done()) {
    if (!clock.has_pending() || clock.next_deadline() > limit) return false;
    clock.advance_to(clock.next_deadline());
    clock.fire_due();
  }
  return true;
}

inline void run_all(sim::VirtualClock& clock, sim::VTime limit = 3600 * sim::kSec) {
  run_until(clock, [] { return false; }, limit);
}

}  // namespace hwtest
