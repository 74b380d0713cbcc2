// Callbacks a device schedules on the virtual clock, cancelled together when
// the device goes away (or is reset / powered off), so no event ever fires
// into a destroyed device.
#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include "sim/runtime/time/virtual_clock.h"

namespace hw {

class EventSet {
 public:
  explicit EventSet(sim::VirtualClock& clock) : clock_(clock) {}
  ~EventSet() { cancel_all(); }
  EventSet(const EventSet&) = delete;
  EventSet& operator=(const EventSet&) = delete;

  sim::VirtualClock& clock() const { return clock_; }
  sim::VTime now() const { return clock_.now(); }

  void at(sim::VTime t, std::function<void()> cb);
  void after(sim::VDuration d, std::function<void()> cb) { at(clock_.now() + d, std::move(cb)); }
  void cancel_all();
  std::size_t outstanding() const { return live_.size(); }

 private:
  sim::VirtualClock& clock_;
  std::uint64_t next_token_ = 1;
  std::map<std::uint64_t, sim::VirtualClock::EventId> live_;  // token -> clock event
};

}  // namespace hw
