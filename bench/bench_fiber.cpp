// Fiber switch cost: a scheduler-mediated round trip (thread A yields to B,
// B yields back to A) against a bare Boost.Context fiber resume round trip
// (main -> fiber -> main) measured in the same run.
//
// Prints: bare_resume_round_trip_ns, switch_round_trip_ns,
// handoff_round_trip_ns, ratio_vs_bare_resume (switch / bare).
#include <boost/context/fiber.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench/bench_common.h"
#include "sim/runtime/sched/scheduler.h"

namespace ctx = boost::context;
using Clock = std::chrono::steady_clock;

namespace {

constexpr long kRounds = 2'000'000;
constexpr int kRepeats = 7;

double bare_round_trip_ns() {
  long counter = 0;
  ctx::fiber f{[&counter](ctx::fiber&& back) {
    for (;;) {
      ++counter;
      back = std::move(back).resume();
    }
    return std::move(back);
  }};
  f = std::move(f).resume();  // warm up
  auto t0 = Clock::now();
  for (long i = 0; i < kRounds; ++i) f = std::move(f).resume();
  auto t1 = Clock::now();
  // `f` is destroyed suspended: Boost unwinds it.
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / kRounds;
}

double yield_round_trip_ns() {
  sim::Scheduler s;
  Clock::time_point t0, t1;
  s.spawn("a", [&] {
    s.yield();
    t0 = Clock::now();
    for (long i = 0; i < kRounds; ++i) s.yield();
    t1 = Clock::now();
  });
  s.spawn("b", [&] {
    for (long i = 0; i < kRounds + 1; ++i) s.yield();
  });
  s.run();
  // Each of A's yields is one round trip: A -> B -> A.
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / kRounds;
}



}  // namespace

int main() {
  std::vector<double> bare, yield, handoff;
  for (int r = 0; r < kRepeats; ++r) {
    bare.push_back(bare_round_trip_ns());
    yield.push_back(yield_round_trip_ns());
    handoff.push_back(bench::handoff_round_trip_ns(kRounds));
  }
  double b = bench::median(bare), y = bench::median(yield), h = bench::median(handoff);
  std::printf("bare_resume_round_trip_ns = %.2f\n", b);
  std::printf("switch_round_trip_ns = %.2f\n", y);
  std::printf("handoff_round_trip_ns = %.2f\n", h);
  std::printf("ratio_vs_bare_resume = %.2f\n", y / b);
  std::printf("handoff_ratio_vs_bare_resume = %.2f\n", h / b);
  return 0;
}
