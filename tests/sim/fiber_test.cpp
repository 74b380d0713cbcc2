#include <gtest/gtest.h>
#include "sim/sched/scheduler.h"
using namespace sim;
TEST(Fiber, Smoke) {
  Scheduler s;
  std::vector<int> order;
  s.spawn("a", [&] { order.push_back(1); s.yield(); order.push_back(3); });
  s.spawn("b", [&] { order.push_back(2); s.yield(); order.push_back(4); });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
}
