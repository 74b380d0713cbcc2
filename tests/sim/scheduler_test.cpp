// Scheduler: deadline priority, round robin, hand-off, donation, scheduling
// contexts, timeouts, determinism and exploration, deadlock reports.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "sim/runtime/log/log.h"
#include "sim/runtime/sched/scheduler.h"

using namespace sim;

namespace {

// A wait target whose waker is a known thread, for wait-for chains.
struct Mailbox final : WaitTarget {
  explicit Mailbox(std::uint64_t id) : WaitTarget("mailbox", id) {}
  const Thread* owner = nullptr;
  Thread* waiter = nullptr;
  void wakers(std::vector<const Thread*>& out) const override {
    if (owner) out.push_back(owner);
  }
};

std::vector<std::string> run_order(std::uint64_t seed, bool explore) {
  Scheduler s(SchedulerOptions{.seed = seed, .explore = explore});
  std::vector<std::string> order;
  for (int i = 0; i < 6; ++i) {
    std::string name = "t" + std::to_string(i);
    s.spawn(name, [&s, &order, name] {
      for (int k = 0; k < 3; ++k) {
        order.push_back(name);
        s.yield();
      }
    });
  }
  s.run();
  return order;
}

}  // namespace

TEST(Scheduler, MoreUrgentDeadlineRunsFirst) {
  Scheduler s;
  std::vector<std::string> order;
  s.spawn("slow", [&] { order.push_back("slow"); }, 100);
  s.spawn("urgent", [&] { order.push_back("urgent"); }, 5);
  s.spawn("medium", [&] { order.push_back("medium"); }, 20);
  s.run();
  EXPECT_EQ(order, (std::vector<std::string>{"urgent", "medium", "slow"}));
}

TEST(Scheduler, UrgentThreadKeepsCpuWhenYielding) {
  Scheduler s;
  std::vector<std::string> order;
  s.spawn("low", [&] { order.push_back("low"); }, 50);
  s.spawn("high", [&] {
    for (int i = 0; i < 3; ++i) {
      order.push_back("high");
      s.yield();
    }
  }, 10);
  s.run();
  EXPECT_EQ(order, (std::vector<std::string>{"high", "high", "high", "low"}));
}

TEST(Scheduler, EqualPrioritiesRoundRobin) {
  auto order = run_order(1, false);
  std::vector<std::string> expected;
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < 6; ++i) expected.push_back("t" + std::to_string(i));
  EXPECT_EQ(order, expected);
}

TEST(Scheduler, WithoutExploreTheSeedDoesNotChangeTheOrder) {
  EXPECT_EQ(run_order(1, false), run_order(999, false));
}

TEST(Scheduler, ExploreModeSameSeedSameOrder) {
  EXPECT_EQ(run_order(42, true), run_order(42, true));
}

TEST(Scheduler, ExploreModeDifferentSeedDifferentOrder) {
  auto a = run_order(1, true);
  int differing = 0;
  for (std::uint64_t seed = 2; seed < 6; ++seed) differing += run_order(seed, true) != a;
  EXPECT_GE(differing, 3);
}

TEST(Scheduler, ExploreModeNeverReordersDifferentPriorities) {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    Scheduler s(SchedulerOptions{.seed = seed, .explore = true});
    std::vector<int> order;
    s.spawn("p3", [&] { order.push_back(3); }, 30);
    s.spawn("p1", [&] { order.push_back(1); }, 10);
    s.spawn("p2", [&] { order.push_back(2); }, 20);
    s.run();
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  }
}

TEST(Scheduler, SameSeedSameDecisionHash) {
  auto hash_of = [](std::uint64_t seed) {
    Scheduler s(SchedulerOptions{.seed = seed, .explore = true});
    for (int i = 0; i < 4; ++i)
      s.spawn("w" + std::to_string(i), [&s, i] {
        for (int k = 0; k < 4; ++k) {
          s.sleep_for((i + 1) * kMs);
          s.yield();
        }
      });
    s.run();
    return std::make_pair(s.decisions().hash(), s.decisions().count());
  };
  EXPECT_EQ(hash_of(7), hash_of(7));
  EXPECT_NE(hash_of(7).first, hash_of(8).first);
}

TEST(Scheduler, FirstDivergenceIsFound) {
  auto log_of = [](std::uint64_t seed) {
    auto s = std::make_unique<Scheduler>(SchedulerOptions{.seed = seed, .explore = true, .keep_decisions = true});
    for (int i = 0; i < 5; ++i) s->spawn("w", [p = s.get()] { p->yield(); p->yield(); });
    s->run();
    return s->decisions();
  };
  DecisionLog a = log_of(3), b = log_of(3), c = log_of(4);
  EXPECT_FALSE(DecisionLog::first_divergence(a, b).has_value());
  auto d = DecisionLog::first_divergence(a, c);
  ASSERT_TRUE(d.has_value());
  EXPECT_NE(a.entries()[*d], c.entries()[*d]);
  for (std::size_t i = 0; i < *d; ++i) EXPECT_EQ(a.entries()[i], c.entries()[i]);
}

TEST(Scheduler, HandoffRunsThePartnerBeforeOtherReadyThreads) {
  Scheduler s;
  Mailbox box(1);
  std::vector<std::string> order;
  Thread* server = nullptr;
  server = &s.spawn("server", [&] {
    s.block(&box, WaitKind::Idle);
    order.push_back("server");
  });
  s.spawn("client", [&] {
    s.spawn("bystander", [&] { order.push_back("bystander"); });
    order.push_back("client");
    s.handoff(*server, &box);
    order.push_back("client-again");
  });
  EXPECT_EQ(s.run(), RunResult::Deadlock);  // client waits on a mailbox nobody answers
  EXPECT_EQ(order, (std::vector<std::string>{"client", "server", "bystander"}));
}

TEST(Scheduler, DonationRaisesAndRestoresPriority) {
  Scheduler s;
  Thread& server = s.create("server", [] {}, 100);
  Thread& client = s.create("client", [] {}, 5);
  s.donate(client, server);
  EXPECT_EQ(server.effective_priority(), 5u);
  EXPECT_EQ(server.base_priority(), 100u);
  s.undonate(client, server);
  EXPECT_EQ(server.effective_priority(), 100u);
  s.kill(server);
  s.kill(client);
}

TEST(Scheduler, DonationIsTransitive) {
  Scheduler s;
  Thread& a = s.create("a", [] {}, 3);
  Thread& b = s.create("b", [] {}, 50);
  Thread& c = s.create("c", [] {}, 90);
  s.donate(b, c);  // b already waits on c
  s.donate(a, b);  // then a calls b
  EXPECT_EQ(c.effective_priority(), 3u);
  s.undonate(a, b);
  EXPECT_EQ(c.effective_priority(), 50u);
  for (Thread* t : {&a, &b, &c}) s.kill(*t);
}

TEST(Scheduler, DonatedPriorityReordersTheReadyQueue) {
  Scheduler s;
  std::vector<std::string> order;
  Thread& mid = s.spawn("mid", [&] { order.push_back("mid"); }, 50);
  Thread& low = s.spawn("low", [&] { order.push_back("low"); }, 90);
  Thread& donor = s.create("donor", [] {}, 1);
  s.donate(donor, low);
  s.run();
  EXPECT_EQ(order, (std::vector<std::string>{"low", "mid"}));
  (void)mid;
  s.kill(donor);
}

TEST(Scheduler, SchedContextSetsDeadlinePriority) {
  Scheduler s;
  Thread& t = s.create("svc", [] {});
  SchedContext sc{.budget = 10 * kMs, .period = 20 * kMs};
  s.bind_sched_context(t, &sc);
  EXPECT_EQ(t.base_priority(), 20u);
  s.kill(t);
}

TEST(Scheduler, ChargeWithinBudgetTakesThatLong) {
  Scheduler s;
  SchedContext sc{.budget = 10 * kMs, .period = 100 * kMs};
  VTime done = 0;
  Thread& t = s.create("worker", [&] {
    s.charge(4 * kMs);
    done = s.now();
  });
  s.bind_sched_context(t, &sc);
  s.start(t);
  s.run();
  EXPECT_EQ(done, 4 * kMs);
}

TEST(Scheduler, ChargeOverBudgetIsThrottledUntilReplenishment) {
  Scheduler s;
  SchedContext sc{.budget = 10 * kMs, .period = 100 * kMs};
  VTime done = 0;
  Thread& t = s.create("hog", [&] {
    s.charge(25 * kMs);  // 10 now, 10 in the next period, 5 in the one after
    done = s.now();
  });
  s.bind_sched_context(t, &sc);
  s.start(t);
  s.run();
  EXPECT_EQ(done, 205 * kMs);
}

TEST(Scheduler, BlockWithDeadlineTimesOut) {
  Scheduler s;
  Mailbox box(3);
  WakeReason why = WakeReason::None;
  VTime at = 0;
  s.spawn("waiter", [&] {
    why = s.block(&box, WaitKind::Dependent, 7 * kMs);
    at = s.now();
  });
  s.run();
  EXPECT_EQ(why, WakeReason::TimedOut);
  EXPECT_EQ(at, 7 * kMs);
}

TEST(Scheduler, WakeBeforeDeadlineCancelsTheTimeout) {
  Scheduler s;
  Mailbox box(3);
  WakeReason why = WakeReason::None;
  Thread& w = s.spawn("waiter", [&] { why = s.block(&box, WaitKind::Dependent, 50 * kMs); });
  s.spawn("waker", [&] {
    s.sleep_for(2 * kMs);
    s.wake(w);
  });
  s.run();
  EXPECT_EQ(why, WakeReason::Woken);
  EXPECT_EQ(s.now(), 2 * kMs);  // the 50 ms timer was cancelled: no jump to it
  EXPECT_FALSE(s.clock().has_pending());
}

TEST(Scheduler, DeadlockReportNamesTheBlockedThreadsAndTheChain) {
  std::ostringstream out;
  log::set_output(&out);
  Scheduler s;
  Mailbox a(10), b(11);
  Thread& alice = s.spawn("alice", [&] { s.block(&a); });
  Thread& bob = s.spawn("bob", [&] { s.block(&b); });
  a.owner = &bob;
  b.owner = &alice;
  EXPECT_EQ(s.run(), RunResult::Deadlock);
  std::string report = s.deadlock_report();
  log::set_output_stderr();
  EXPECT_NE(report.find("alice -> waits on mailbox #10 -> woken by bob -> waits on mailbox #11 -> woken by alice (cycle)"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("bob -> waits on mailbox #11"), std::string::npos) << report;
  EXPECT_NE(out.str().find("deadlock at t="), std::string::npos);
}

TEST(Scheduler, IdleServersAreNotADeadlock) {
  Scheduler s;
  Mailbox box(1);
  s.spawn("server", [&] { s.block(&box, WaitKind::Idle); });
  EXPECT_EQ(s.run(), RunResult::Idle);
  EXPECT_EQ(s.blocked_threads(false).size(), 1u);
}

TEST(Scheduler, RunStopsAtTheTimeLimit) {
  Scheduler s;
  int ticks = 0;
  s.spawn("ticker", [&] {
    for (;;) {
      s.sleep_for(kMs);
      ++ticks;
    }
  });
  EXPECT_EQ(s.run(RunLimits{.until = 10 * kMs + 500 * kUs}), RunResult::TimeLimit);
  EXPECT_EQ(ticks, 10);
  EXPECT_EQ(s.now(), 10 * kMs + 500 * kUs);
}

TEST(Scheduler, LivelockIsDetected) {
  Scheduler s;
  s.spawn("spinner", [&] { for (;;) s.yield(); });
  EXPECT_EQ(s.run(RunLimits{.until = std::nullopt, .max_decisions_at_one_instant = 1000}), RunResult::Livelock);
}

TEST(Scheduler, StopFromAThreadEndsRun) {
  Scheduler s;
  int after = 0;
  s.spawn("stopper", [&] {
    s.stop();
    s.yield();
    ++after;
  });
  EXPECT_EQ(s.run(), RunResult::Stopped);
  EXPECT_EQ(after, 0);
  EXPECT_EQ(s.run(), RunResult::Idle);  // resuming finishes the thread
  EXPECT_EQ(after, 1);
}

TEST(Scheduler, BlockingOutsideAThreadIsAnError) {
  Scheduler s;
  Mailbox box(1);
  EXPECT_THROW(s.block(&box), std::logic_error);
  EXPECT_THROW(s.yield(), std::logic_error);
}

namespace {

// Two schedulers alive in one host process (two simulated worlds side by
// side, run one after the other, then interleaved run calls): each runs
// its own threads to the end.
TEST(Scheduler, TwoSchedulersAliveAtOnceEachRunTheirThreads) {
  Scheduler a(SchedulerOptions{.seed = 1});
  Scheduler b(SchedulerOptions{.seed = 2});
  std::vector<std::string> seen;
  a.spawn("a1", [&] {
    seen.push_back("a1");
    a.yield();
    seen.push_back("a1'");
  });
  b.spawn("b1", [&] {
    seen.push_back("b1");
    b.yield();
    seen.push_back("b1'");
  });
  EXPECT_EQ(a.run(), RunResult::Idle);
  EXPECT_EQ(b.run(), RunResult::Idle);
  EXPECT_EQ(seen, (std::vector<std::string>{"a1", "a1'", "b1", "b1'"}));
}

}  // namespace

namespace {

// Worlds need not end in the order they began: destroying the newer
// scheduler first, then the older one, still unwinds the older one's
// blocked thread (it is killed from the host with its own host fiber).
TEST(Scheduler, SchedulersMayBeDestroyedInAnyOrder) {
  struct Unwound {
    bool* flag;
    ~Unwound() { *flag = true; }
  };
  Mailbox box(1);
  bool a_unwound = false, b_unwound = false;
  auto a = std::make_unique<Scheduler>(SchedulerOptions{.seed = 1});
  a->spawn("a-waiter", [&] {
    Unwound u{&a_unwound};
    a->block(&box, WaitKind::Idle);
  });
  EXPECT_EQ(a->run(), RunResult::Idle);
  auto b = std::make_unique<Scheduler>(SchedulerOptions{.seed = 2});
  b->spawn("b-waiter", [&] {
    Unwound u{&b_unwound};
    b->block(&box, WaitKind::Idle);
  });
  EXPECT_EQ(b->run(), RunResult::Idle);
  b.reset();
  EXPECT_TRUE(b_unwound);
  a.reset();
  EXPECT_TRUE(a_unwound);
}

}  // namespace
