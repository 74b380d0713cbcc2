// Virtual clock: ordering of events and jumps of time.
#include <gtest/gtest.h>

#include "sim/runtime/sched/scheduler.h"
#include "sim/runtime/time/virtual_clock.h"

using namespace sim;

TEST(VirtualClock, EventsFireInDeadlineThenSequenceOrder) {
  VirtualClock c;
  std::vector<int> fired;
  c.schedule_at(30, [&] { fired.push_back(3); });
  c.schedule_at(10, [&] { fired.push_back(1); });
  c.schedule_at(30, [&] { fired.push_back(4); });
  c.schedule_at(20, [&] { fired.push_back(2); });
  while (c.has_pending()) {
    c.advance_to(c.next_deadline());
    c.fire_due();
  }
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(c.now(), 30u);
}

TEST(VirtualClock, CancelledEventsDoNotFire) {
  VirtualClock c;
  int fired = 0;
  auto id = c.schedule_at(5, [&] { ++fired; });
  c.schedule_at(6, [&] { ++fired; });
  EXPECT_TRUE(c.cancel(id));
  EXPECT_FALSE(c.cancel(id));
  EXPECT_EQ(c.next_deadline(), 6u);
  c.advance_to(10);
  EXPECT_EQ(c.fire_due(), 1u);
  EXPECT_EQ(fired, 1);
}

TEST(VirtualClock, TimeNeverGoesBackward) {
  VirtualClock c;
  c.advance_to(100);
  c.advance_to(50);
  EXPECT_EQ(c.now(), 100u);
  int fired = 0;
  c.schedule_at(10, [&] { ++fired; });  // in the past: clamped to now
  EXPECT_EQ(c.fire_due(), 1u);
}

TEST(VirtualClock, EventScheduledWhileFiringAtSameInstantAlsoFires) {
  VirtualClock c;
  std::vector<int> fired;
  c.schedule_at(0, [&] {
    fired.push_back(1);
    c.schedule_at(0, [&] { fired.push_back(2); });
  });
  c.fire_due();
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
}

TEST(VirtualClock, FormatsNanoseconds) {
  EXPECT_EQ(format_vtime(1'234'567'890), "   1.234567890");
  EXPECT_EQ(format_vtime(0), "   0.000000000");
}

TEST(VirtualClock, SchedulerJumpsStraightToTheNextEvent) {
  Scheduler s;
  std::vector<VTime> wakes;
  s.spawn("a", [&] {
    s.sleep_for(5 * kSec);
    wakes.push_back(s.now());
  });
  s.spawn("b", [&] {
    s.sleep_for(3 * kMs);
    wakes.push_back(s.now());
  });
  s.run();
  EXPECT_EQ(wakes, (std::vector<VTime>{3 * kMs, 5 * kSec}));
  EXPECT_EQ(s.now(), 5 * kSec);
}

TEST(VirtualClock, SleepersAtTheSameInstantWakeInOrderTheyWentToSleep) {
  Scheduler s;
  std::vector<std::string> order;
  for (std::string n : {"x", "y", "z"})
    s.spawn(n, [&, n] {
      s.sleep_until(kMs);
      order.push_back(n);
    });
  s.run();
  EXPECT_EQ(order, (std::vector<std::string>{"x", "y", "z"}));
}

TEST(VirtualClock, TimerCallbacksCanWakeThreads) {
  Scheduler s;
  struct Gate final : WaitTarget {
    Gate() : WaitTarget("gate", 1) {}
  } gate;
  VTime woke_at = 0;
  Thread& t = s.spawn("waiter", [&] {
    s.block(&gate);
    woke_at = s.now();
  });
  s.clock().schedule_at(42 * kUs, [&] { s.wake(t); });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(woke_at, 42 * kUs);
}
