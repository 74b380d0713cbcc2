// Ending threads without unwinding (Scheduler::set_unwind_free): a thread
// that declared its frames need no destructors is dropped on kill and
// leaves like a returned body on exit_current; without the declaration
// (or after clearing it) ending one unwinds its stack as before.
#include <gtest/gtest.h>

#include "sim/runtime/sched/scheduler.h"

using namespace sim;

namespace {

// Counts destructor runs: the tests put one on a stack that they declare
// unwind-free on purpose, to see whether the frames were unwound.
struct Witness {
  int* runs;
  ~Witness() { ++*runs; }
};

struct Forever final : WaitTarget {
  Forever() : WaitTarget("forever", 1) {}
};

TEST(ThreadEnd, KillingAnUnwindFreeThreadDropsItsStackWithoutRunningIt) {
  Scheduler s;
  Forever forever;
  int destructors = 0;
  Thread& t = s.spawn("final", [&] {
    Witness w{&destructors};
    s.set_unwind_free(true);
    s.block(&forever, WaitKind::Idle);
    ADD_FAILURE() << "a killed thread must not resume";
  });
  EXPECT_EQ(s.run(), RunResult::Idle);
  ASSERT_TRUE(t.unwind_free());
  const std::size_t pooled = s.stacks().cached();
  s.kill(t);
  EXPECT_EQ(destructors, 0);  // nothing ran on its stack
  EXPECT_EQ(t.state(), ThreadState::Killed);
  EXPECT_EQ(s.stacks().cached(), pooled + 1);  // its stack is back in the pool
  EXPECT_EQ(s.run(), RunResult::Idle);
}

TEST(ThreadEnd, ClearingTheDeclarationMakesKillUnwindAgain) {
  Scheduler s;
  Forever forever;
  int destructors = 0;
  Thread& t = s.spawn("cleared", [&] {
    s.set_unwind_free(true);
    s.set_unwind_free(false);
    Witness w{&destructors};
    s.block(&forever, WaitKind::Idle);
  });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_FALSE(t.unwind_free());
  s.kill(t);
  EXPECT_EQ(destructors, 1);
  EXPECT_EQ(t.state(), ThreadState::Killed);
}

TEST(ThreadEnd, ExitCurrentOfAnUnwindFreeThreadEndsItAsFinishedAndRunsTheNext) {
  Scheduler s;
  int destructors = 0, after_exit = 0;
  bool next_ran = false;
  Thread& t = s.spawn("exiter", [&] {
    Witness w{&destructors};
    s.set_unwind_free(true);
    s.exit_current();
    ++after_exit;
  });
  s.spawn("next", [&] { next_ran = true; });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(t.state(), ThreadState::Finished);
  EXPECT_EQ(destructors, 0);
  EXPECT_EQ(after_exit, 0);
  EXPECT_TRUE(next_ran);
}

TEST(ThreadEnd, ExitCurrentWithoutTheDeclarationUnwinds) {
  Scheduler s;
  int destructors = 0;
  Thread& t = s.spawn("exiter", [&] {
    Witness w{&destructors};
    s.exit_current();
  });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(t.state(), ThreadState::Finished);
  EXPECT_EQ(destructors, 1);
}

TEST(ThreadEnd, AStackDroppedByKillIsReusedByTheNextThread) {
  Scheduler s;
  Forever forever;
  Thread& t = s.spawn("final", [&] {
    s.set_unwind_free(true);
    s.block(&forever, WaitKind::Idle);
  });
  EXPECT_EQ(s.run(), RunResult::Idle);
  s.kill(t);
  const std::size_t created = s.stacks().created();
  int runs = 0;
  s.spawn("reuser", [&] { ++runs; });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(s.stacks().created(), created);  // no new mapping: the pooled stack served
}

}  // namespace
