#include "sim/runtime/realtime/realtime_pacer.h"

#include <algorithm>
#include <thread>

namespace sim {

RealtimePacer::RealtimePacer() = default;

void RealtimePacer::wait_until(VirtualClock& clock, std::optional<VTime> until) {
  using namespace std::chrono;
  if (!started_) {
    started_ = true;
    wall_origin_ = steady_clock::now();
    virtual_origin_ = clock.now();
  }
  auto wall_for = [&](VTime v) { return wall_origin_ + nanoseconds(v - virtual_origin_); };
  std::size_t ran = 0;
  if (until) {
    auto deadline = wall_for(*until);
    while (ran == 0 && steady_clock::now() < deadline) {
      if (io_.stopped()) io_.restart();
      ran = io_.run_one_until(deadline);
      if (ran == 0 && io_.stopped() && steady_clock::now() < deadline) {
        // No Asio work at all: just sleep to the deadline.
        std::this_thread::sleep_until(deadline);
      }
    }
  } else {
    if (io_.stopped()) io_.restart();
    ran = io_.run_one();
  }
  auto elapsed = duration_cast<nanoseconds>(steady_clock::now() - wall_origin_).count();
  VTime reached = virtual_origin_ + static_cast<VTime>(std::max<decltype(elapsed)>(elapsed, 0));
  if (until) reached = std::min(reached, *until);
  if (ran == 0 && until) reached = *until;
  clock.advance_to(reached);
}

}  // namespace sim
