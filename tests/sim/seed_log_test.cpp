// Seed streams and logging.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "sim/runtime/log/log.h"
#include "sim/runtime/sched/scheduler.h"
#include "sim/runtime/seed/seed.h"

using namespace sim;

TEST(Seed, SameSeedSameStream) {
  SeedSource a(5), b(5);
  Rng x = a.stream("blk"), y = b.stream("blk");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(x.next(), y.next());
}

TEST(Seed, StreamsAreIndependentOfOtherComponents) {
  SeedSource src(5);
  Rng lone = src.stream("net");
  std::vector<std::uint64_t> expected;
  for (int i = 0; i < 10; ++i) expected.push_back(lone.next());
  // Adding a component and drawing from it does not change "net".
  Rng other = src.stream("blk");
  for (int i = 0; i < 1000; ++i) other.next();
  Rng net = src.stream("net");
  for (int i = 0; i < 10; ++i) EXPECT_EQ(net.next(), expected[i]);
}

TEST(Seed, DifferentComponentsAndSeedsDiffer) {
  SeedSource s1(1), s2(2);
  EXPECT_NE(s1.stream("a").next(), s1.stream("b").next());
  EXPECT_NE(s1.stream("a").next(), s2.stream("a").next());
}

TEST(Seed, BelowStaysInRangeAndCoversIt) {
  Rng r(9);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    auto v = r.below(7);
    ASSERT_LT(v, 7u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(r.below(0), 0u);
}

namespace {
std::string run_and_log(std::uint64_t seed) {
  std::ostringstream out;
  log::set_output(&out);
  {
    Scheduler s(SchedulerOptions{.seed = seed, .explore = true});
    auto vfs = log::get("vfs");
    for (int i = 0; i < 3; ++i)
      s.spawn("worker" + std::to_string(i), [&, i] {
        s.sleep_for((i + 1) * kMs);
        vfs->info("step {}", i);
        s.yield();
        vfs->info("done {}", i);
      });
    s.run();
  }
  log::set_output_stderr();
  return out.str();
}
}  // namespace

TEST(Log, LinesCarryVirtualTimeComponentAndThread) {
  std::string text = run_and_log(1);
  EXPECT_NE(text.find("[   0.001000000] info  vfs [worker0] step 0"), std::string::npos) << text;
}

TEST(Log, SameSeedGivesByteIdenticalLogs) {
  EXPECT_EQ(run_and_log(11), run_and_log(11));
}

TEST(Log, PerComponentLevels) {
  std::ostringstream out;
  log::set_output(&out);
  log::configure("warn,blkx=trace");
  log::get("blkx")->trace("visible");
  log::get("vfsx")->info("hidden");
  log::get("vfsx")->warn("shown");
  log::reset_levels();
  log::get("blkx")->trace("hidden again");
  log::set_output_stderr();
  std::string text = out.str();
  EXPECT_NE(text.find("visible"), std::string::npos);
  EXPECT_NE(text.find("shown"), std::string::npos);
  EXPECT_EQ(text.find("hidden"), std::string::npos) << text;
}

TEST(Log, BadSpecIsRejectedWithoutChangingLevels) {
  log::configure("info");
  EXPECT_THROW(log::configure("vfs=loud"), std::invalid_argument);
  EXPECT_THROW(log::configure("=debug"), std::invalid_argument);
  EXPECT_THROW(log::configure("blk=debug,verbose"), std::invalid_argument);
  EXPECT_EQ(log::get("vfs")->level(), spdlog::level::info);
  EXPECT_EQ(log::get("blk")->level(), spdlog::level::info);
}
