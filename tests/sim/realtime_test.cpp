// Real-time mode: virtual time follows the wall clock; Asio handlers wake
// simulated threads but never touch virtual time themselves.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

#include "sim/realtime/realtime_pacer.h"
#include "sim/sched/scheduler.h"

using namespace sim;
using WallClock = std::chrono::steady_clock;

TEST(Realtime, VirtualSleepTakesAtLeastThatLongOnTheWallClock) {
  Scheduler s;
  RealtimePacer pacer;
  s.set_realtime(&pacer);
  s.spawn("sleeper", [&] { s.sleep_for(30 * kMs); });
  auto t0 = WallClock::now();
  EXPECT_EQ(s.run(), RunResult::Idle);
  auto wall = WallClock::now() - t0;
  EXPECT_GE(wall, std::chrono::milliseconds(30));
  EXPECT_EQ(s.now(), 30 * kMs);
}

TEST(Realtime, AsioHandlerWakesABlockedThread) {
  Scheduler s;
  RealtimePacer pacer;
  s.set_realtime(&pacer);
  struct Gate final : WaitTarget {
    Gate() : WaitTarget("host-io", 1) {}
  } gate;
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
  Scheduler s;
  RealtimePacer pacer;
  s.set_realtime(&pacer);
  struct Gate final : WaitTarget {
    Gate() : WaitTarget("host-io", 2) {}
  } gate;
  s.spawn("stuck", [&] { s.block(&gate); });
  EXPECT_EQ(s.run(), RunResult::Deadlock);
}

TEST(Realtime, TimeLimitEndsAWaitForHostInput) {
  Scheduler s;
  RealtimePacer pacer;
  s.set_realtime(&pacer);
  struct Gate final : WaitTarget {
    Gate() : WaitTarget("host-io", 3) {}
  } gate;
  s.spawn("reader", [&] { s.block(&gate, WaitKind::Idle); });
  pacer.add_host_source();  // e.g. an open terminal that never speaks
  EXPECT_EQ(s.run(RunLimits{.until = 20 * kMs, .max_decisions_at_one_instant = 1000}), RunResult::TimeLimit);
  EXPECT_EQ(s.now(), 20 * kMs);
  pacer.remove_host_source();
}
