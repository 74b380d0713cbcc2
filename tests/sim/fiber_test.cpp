// Fibers: switching, killing, crash containment, sanitizer annotations.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/runtime/log/log.h"
#include "sim/runtime/sched/scheduler.h"

using namespace sim;

namespace {

struct LogCapture {
  std::ostringstream out;
  LogCapture() { log::set_output(&out); }
  ~LogCapture() { log::set_output_stderr(); }
};

// Recurses until the guard page is hit. The volatile buffer keeps every
// frame alive and large so the overflow is quick.
// `limit` is never reached; it only hides the recursion from the compiler.
int recurse_deep(int depth, volatile int* limit) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth == *limit) return frame[0];
  return recurse_deep(depth + 1, limit) + frame[0];
}
volatile int g_never = -1;

}  // namespace

TEST(Fiber, ThreadsRunToCompletionInSpawnOrder) {
  Scheduler s;
  std::vector<int> order;
  s.spawn("a", [&] { order.push_back(1); s.yield(); order.push_back(3); });
  s.spawn("b", [&] { order.push_back(2); s.yield(); order.push_back(4); });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(s.threads()[0]->state(), ThreadState::Finished);
}

TEST(Fiber, StacksAreReusedFromThePool) {
  Scheduler s;
  for (int i = 0; i < 50; ++i) s.spawn("t" + std::to_string(i), [] {});
  s.run();
  for (int i = 0; i < 50; ++i) s.spawn("u" + std::to_string(i), [] {});
  s.run();
  // Each batch finishes before the next starts running, but all 50 of a
  // batch are created up front: at most 50 + a few stacks, not 100.
  EXPECT_LE(s.stacks().created(), 51u);
}

TEST(Fiber, ThrowingThreadIsReportedAndOthersCarryOn) {
  LogCapture cap;
  Scheduler s;
  bool other_finished = false;
  Thread& bad = s.spawn("thrower", [] { throw std::runtime_error("boom"); });
  s.spawn("survivor", [&] { s.yield(); other_finished = true; });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(bad.state(), ThreadState::Crashed);
  EXPECT_NE(bad.crash_reason().find("boom"), std::string::npos);
  EXPECT_TRUE(other_finished);
  EXPECT_NE(cap.out.str().find("thread 'thrower' crashed: uncaught exception: boom"), std::string::npos)
      << cap.out.str();
}

TEST(Fiber, StackOverflowIsReportedWithTheThreadNameAndSimulatorSurvives) {
  LogCapture cap;
  Scheduler s(SchedulerOptions{.stack_size = 64 * 1024});
  bool after = false;
  Thread& bad = s.spawn("deep-recursion", [] { recurse_deep(0, &g_never); });
  s.spawn("next", [&] { after = true; });
  testing::internal::CaptureStderr();
  EXPECT_EQ(s.run(), RunResult::Idle);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(bad.state(), ThreadState::Crashed);
  EXPECT_EQ(bad.crash_reason(), "stack overflow");
  EXPECT_NE(err.find("stack overflow in simulated thread 'deep-recursion'"), std::string::npos) << err;
  EXPECT_TRUE(after);
  // The simulator keeps working: new threads run on recycled stacks.
  int ran = 0;
  for (int i = 0; i < 5; ++i) s.spawn("again", [&] { ++ran; s.yield(); });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(ran, 5);
}

TEST(Fiber, KillingASuspendedThreadUnwindsItsStack) {
  Scheduler s;
  struct Guard {
    bool* flag;
    ~Guard() { *flag = true; }
  };
  bool destroyed = false;
  struct Forever final : WaitTarget {
    Forever() : WaitTarget("forever", 1) {}
  } forever;
  Thread& t = s.spawn("victim", [&] {
    Guard g{&destroyed};
    s.block(&forever, WaitKind::Idle);
    ADD_FAILURE() << "a killed thread must not resume";
  });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(t.state(), ThreadState::Blocked);
  EXPECT_FALSE(destroyed);
  s.kill(t);
  EXPECT_TRUE(destroyed);
  EXPECT_EQ(t.state(), ThreadState::Killed);
}

TEST(Fiber, KillingAThreadThatNeverRanDiscardsIt) {
  Scheduler s;
  bool ran = false;
  Thread& t = s.create("never", [&] { ran = true; });
  s.kill(t);
  EXPECT_EQ(t.state(), ThreadState::Killed);
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_FALSE(ran);
}

TEST(Fiber, ExitCurrentEndsTheThreadCleanly) {
  Scheduler s;
  int steps = 0;
  Thread& t = s.spawn("exiter", [&] {
    ++steps;
    s.exit_current();
    ++steps;
  });
  s.run();
  EXPECT_EQ(steps, 1);
  EXPECT_EQ(t.state(), ThreadState::Finished);
}

TEST(Fiber, SchedulerDestructorUnwindsLiveThreads) {
  bool destroyed = false;
  {
    Scheduler s;
    struct Guard {
      bool* flag;
      ~Guard() { *flag = true; }
    };
    struct Forever final : WaitTarget {
      Forever() : WaitTarget("forever", 1) {}
    };
    static Forever forever;
    s.spawn("sleeper", [&] {
      Guard g{&destroyed};
      s.block(&forever, WaitKind::Idle);
    });
    s.run();
  }
  EXPECT_TRUE(destroyed);
}

#if defined(SALTYSIM_ASAN)
// Proves the ASan annotations: memory on the stack of a finished fiber is
// reported when another fiber touches it through a stale pointer.
TEST(FiberAsanDeathTest, UseAfterFreeOfAFiberStackIsCaught) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Scheduler s;
        volatile int* stale = nullptr;
        s.spawn("owner", [&] {
          volatile int local[16] = {};
          local[3] = 42;
          stale = local;
        });
        s.spawn("reader", [&] {
          volatile int v = stale[3];  // owner has finished: its stack is free
          (void)v;
        });
        s.run();
      },
      "AddressSanitizer: (use-after-poison|stack-use-after-return|stack-use-after-scope)");
}

// Stack-use-after-return inside fibers needs the fake-stack bookkeeping of
// __sanitizer_start/finish_switch_fiber to be right.
TEST(FiberAsanDeathTest, HeapUseAfterFreeInsideAFiberIsCaught) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Scheduler s;
        s.spawn("uaf", [&] {
          int* p = new int[4];
          delete[] p;
          s.yield();
          volatile int v = p[1];
          (void)v;
        });
        s.spawn("other", [&] { s.yield(); });
        s.run();
      },
      "AddressSanitizer: heap-use-after-free");
}
#endif
