// Shared pieces of the benchmark programs: the median of repeated
// measurements and the scheduler's bare hand-off round trip (thread A hands
// the CPU to B, B hands it back), the reference several benchmarks divide by.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

#include "sim/runtime/sched/scheduler.h"

namespace bench {

using Clock = std::chrono::steady_clock;

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

inline double handoff_round_trip_ns(long rounds) {
  sim::Scheduler s;
  struct Box final : sim::WaitTarget {
    Box() : WaitTarget("bench", 0) {}
  } box;
  sim::Thread* a = nullptr;
  sim::Thread* b = &s.spawn("b", [&] {
    s.block(&box, sim::WaitKind::Idle);  // wait for A's first hand-off
    for (;;) s.handoff(*a, &box, sim::WaitKind::Idle);
  });
  Clock::time_point t0, t1;
  a = &s.spawn("a", [&] {
    s.handoff(*b, &box);
    t0 = Clock::now();
    for (long i = 0; i < rounds; ++i) s.handoff(*b, &box);
    t1 = Clock::now();
  });
  s.run();
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(rounds);
}

}  // namespace bench
