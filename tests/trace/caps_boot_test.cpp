// The capability recorder on the boot scenario: the record saved and
// loaded again answers sensibly (init, which made procmgr's endpoint, can
// reach it directly; so can every server procmgr started, through the
// badged cap it minted them), and the recorder, the post-mortem rings and
// the trace together leave the run as it was (same decision hash).
#include <gtest/gtest.h>

#include <sstream>

#include "sim/host/cli/caps_command.h"
#include "sim/host/inspect/caps_query.h"
#include "tests/trace/scenario_run.h"

namespace {

namespace ic = sim::inspect::caps;
using sim::inspect::InspectOptions;
using tracetest::run_scenario;

InspectOptions caps_on() {
  InspectOptions o;
  o.caps = true;
  o.post_mortem = true;
  o.command = "saltysim run boot --seed 1";
  return o;
}

TEST(CapsBoot, RecordLoadsAndProcmgrIsReachableByInit) {
  auto run = run_scenario("boot", caps_on());
  ASSERT_NE(run.inspection->caps_record(), nullptr);
  std::ostringstream saved;
  run.inspection->caps_record()->save(saved);
  std::istringstream in(saved.str());
  ic::Record r = ic::Record::load(in);
  EXPECT_EQ(r.command, "saltysim run boot --seed 1");
  EXPECT_GT(r.caps.size(), 100u);
  EXPECT_GT(r.ipcs.size(), 10u);

  auto eps = ic::find_endpoints(r, "procmgr", r.end);
  ASSERT_FALSE(eps.empty());
  auto init = ic::find_processes(r, "init");
  ASSERT_EQ(init.size(), 1u);
  bool init_direct = false, vfs_direct = false;
  for (auto ep : eps)
    for (const ic::Reach& x : ic::reach(r, ep, r.end)) {
      if (x.pid == init[0] && x.direct()) init_direct = true;
      if (r.process(x.pid)->name == "vfs" && x.direct()) vfs_direct = true;
    }
  EXPECT_TRUE(init_direct);
  EXPECT_TRUE(vfs_direct);

  // vfs's cap to procmgr was minted (badged) from the one init gave procmgr.
  std::ostringstream out, err;
  ASSERT_EQ(sim::caps_query(r, sim::split_words("reach procmgr"), out, err), 0) << err.str();
  EXPECT_NE(out.str().find("served by procmgr"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("direct  init: cap"), std::string::npos) << out.str();
  int vfs_cap = 0;
  for (auto ep : eps)
    for (const ic::Reach& x : ic::reach(r, ep, r.end))
      if (r.process(x.pid)->name == "vfs" && x.direct()) vfs_cap = x.cap;
  auto path = ic::derivation_path(r, vfs_cap);
  ASSERT_GE(path.size(), 2u);
  EXPECT_EQ(r.cap(path.back())->how, ic::How::Mint);
  bool via_init = false;
  for (int id : path) via_init = via_init || r.holder(*r.cap(id), r.cap(id)->t_made) == init[0];
  EXPECT_TRUE(via_init);
}

TEST(CapsBoot, RecorderAndPostMortemDoNotChangeTheRun) {
  auto plain = run_scenario("boot", std::nullopt);
  InspectOptions all = caps_on();
  all.stats = true;
  std::ostringstream trace;
  auto watched = run_scenario("boot", all, &trace);
  EXPECT_EQ(plain.hash, watched.hash);
  EXPECT_EQ(plain.decisions, watched.decisions);
  auto recorded = run_scenario("boot", caps_on());
  EXPECT_EQ(plain.hash, recorded.hash);
}

}  // namespace
