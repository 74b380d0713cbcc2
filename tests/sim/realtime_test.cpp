// Real-time mode: virtual time follows the wall clock; Asio handlers wake
// simulated threads but never touch virtual time themselves.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

#include "sim/runtime/realtime/realtime_pacer.h"
#include "sim/runtime/sched/scheduler.h"

using namespace sim;
using WallClock = std::chrono::steady_clock;

namespace {
// What a thread waiting for host I/O blocks on.
struct HostGate final : WaitTarget {
  explicit HostGate(std::uint64_t id) : WaitTarget("host-io", id) {}
};

// A scheduler in real-time mode.
struct RealtimeRig {
  Scheduler s;
  RealtimePacer pacer;
  RealtimeRig() { s.set_realtime(&pacer); }
};
}  // namespace

TEST(Realtime, VirtualSleepTakesAtLeastThatLongOnTheWallClock) {
  RealtimeRig rig;
  Scheduler& s = rig.s;
  s.spawn("sleeper", [&] { s.sleep_for(30 * kMs); });
  auto t0 = WallClock::now();
  EXPECT_EQ(s.run(), RunResult::Idle);
  auto wall = WallClock::now() - t0;
  EXPECT_GE(wall, std::chrono::milliseconds(30));
  EXPECT_EQ(s.now(), 30 * kMs);
}

TEST(Realtime, AsioHandlerWakesABlockedThread) {
  RealtimeRig rig;
  Scheduler& s = rig.s;
  RealtimePacer& pacer = rig.pacer;
  HostGate gate(1);
  VTime woke_at = 0;
  bool woken = false;
  Thread& t = s.spawn("io-waiter", [&] {
    s.block(&gate);
    woken = true;
    woke_at = s.now();
  });
  boost::asio::steady_timer host_timer(pacer.io(), std::chrono::milliseconds(20));
  pacer.add_host_source();
  host_timer.async_wait([&](const boost::system::error_code&) {
    s.wake(t);  // the handler only wakes; the scheduler owns the clock
    pacer.remove_host_source();
  });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_TRUE(woken);
  // Virtual time advanced to roughly the wall time of the wake-up.
  EXPECT_GE(woke_at, 19 * kMs);
}

TEST(Realtime, WithoutHostSourcesABlockedThreadIsStillADeadlock) {
  RealtimeRig rig;
  Scheduler& s = rig.s;
  HostGate gate(2);
  s.spawn("stuck", [&] { s.block(&gate); });
  EXPECT_EQ(s.run(), RunResult::Deadlock);
}

TEST(Realtime, TimeLimitEndsAWaitForHostInput) {
  RealtimeRig rig;
  Scheduler& s = rig.s;
  RealtimePacer& pacer = rig.pacer;
  HostGate gate(3);
  s.spawn("reader", [&] { s.block(&gate, WaitKind::Idle); });
  pacer.add_host_source();  // e.g. an open terminal that never speaks
  EXPECT_EQ(s.run(RunLimits{.until = 20 * kMs, .max_decisions_at_one_instant = 1000}), RunResult::TimeLimit);
  EXPECT_EQ(s.now(), 20 * kMs);
  pacer.remove_host_source();
}
