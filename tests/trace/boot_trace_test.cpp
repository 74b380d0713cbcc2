// The boot scenario's trace: valid JSON, well formed (trace_check.h), one
// server-side slice per call the kernel delivered (by label), and a run
// that is the same with and without the trace.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/trace/scenario_run.h"
#include "tests/trace/trace_check.h"

namespace {

using sim::inspect::InspectOptions;
using tracetest::run_scenario;

InspectOptions everything() {
  InspectOptions o;
  o.trace_sched = true;
  o.stats = true;
  return o;
}

TEST(BootTrace, ParsesAndIsWellFormed) {
  std::ostringstream trace;
  auto r = run_scenario("boot", everything(), &trace);
  ASSERT_EQ(r.result, sim::RunResult::Idle);
  jmini::Value doc = jmini::parse(trace.str());
  auto problems = tracecheck::problems(doc);
  for (auto& p : problems) ADD_FAILURE() << p;
  EXPECT_GT(doc.array().size(), 100u);
  EXPECT_EQ(r.inspection->trace()->events_written(), doc.array().size());
}

TEST(BootTrace, ServerSlicesPerLabelEqualTheKernelsCounters) {
  std::ostringstream trace;
  auto r = run_scenario("boot", InspectOptions{}, &trace);
  jmini::Value doc = jmini::parse(trace.str());
  std::map<std::uint64_t, std::uint64_t> served;
  std::uint64_t callers = 0;
  for (const auto& e : doc.array()) {
    if (e["ph"].str() != "X") continue;
    const std::string& cat = e["cat"].str();
    if (cat == "ipc.serve") ++served[static_cast<std::uint64_t>(e["args"]["label"].num())];
    if (cat == "ipc" && e["args"]["server"].str() != "(not received)") ++callers;
  }
  ASSERT_FALSE(r.delivered.empty());
  EXPECT_EQ(served, r.delivered);
  std::uint64_t total = 0;
  for (auto& [l, n] : r.delivered) total += n;
  EXPECT_EQ(callers, total);  // each delivered call also has its caller's slice
}

TEST(BootTrace, NamesCallsFromTheLabelTables) {
  std::ostringstream trace;
  run_scenario("boot", InspectOptions{}, &trace);
  jmini::Value doc = jmini::parse(trace.str());
  std::set<std::string> names;
  bool open_replied_ok = false;
  for (const auto& e : doc.array()) {
    if (e["ph"].str() != "X" || e["cat"].str() != "ipc") continue;
    names.insert(e["name"].str());
    if (e["name"].str() == "VFS_POSIX_OPEN" && e["args"]["status_name"].str() == "TRONA_OK") open_replied_ok = true;
  }
  for (const char* n : {"VFS_POSIX_OPEN", "VFS_WRITE", "VFS_PREAD", "PM_SPAWN", "MM_REGISTER", "RES_ADOPT_UNTYPED"})
    EXPECT_TRUE(names.count(n)) << n;
  EXPECT_TRUE(open_replied_ok);
}

TEST(BootTrace, TracingDoesNotChangeTheRun) {
  auto plain = run_scenario("boot", std::nullopt);
  std::ostringstream trace;
  auto traced = run_scenario("boot", everything(), &trace);
  EXPECT_EQ(plain.hash, traced.hash);
  EXPECT_EQ(plain.decisions, traced.decisions);
  auto plain_demo = run_scenario("machine-demo", std::nullopt);
  std::ostringstream trace2;
  auto traced_demo = run_scenario("machine-demo", everything(), &trace2);
  EXPECT_EQ(plain_demo.hash, traced_demo.hash);
  EXPECT_TRUE(tracecheck::problems(jmini::parse(trace2.str())).empty());
}

TEST(BootTrace, SchedulerDecisionsOnlyOnRequest) {
  auto count_sched = [](bool sched) {
    std::ostringstream trace;
    InspectOptions o;
    o.trace_sched = sched;
    auto r = run_scenario("boot", o, &trace);
    std::uint64_t n = 0;
    jmini::Value doc = jmini::parse(trace.str());
    for (const auto& e : doc.array())
      if (e.has("cat") && e["cat"].str() == "sched") ++n;
    return std::pair{n, r.decisions};
  };
  EXPECT_EQ(count_sched(false).first, 0u);
  auto [n, decisions] = count_sched(true);
  EXPECT_EQ(n, decisions);  // every decision, once
}

TEST(BootTrace, FilterKeepsOnlyWhatInvolvesTheNamedProcesses) {
  std::ostringstream trace;
  InspectOptions o;
  o.trace_filter = "vfs";
  run_scenario("boot", o, &trace);
  jmini::Value doc = jmini::parse(trace.str());
  EXPECT_TRUE(tracecheck::problems(doc).empty());
  std::map<double, std::string> process;  // pid -> name
  for (const auto& e : doc.array())
    if (e["ph"].str() == "M" && e["name"].str() == "process_name") process[e["pid"].num()] = e["args"]["name"].str();
  std::size_t slices = 0;
  for (const auto& e : doc.array()) {
    if (e["ph"].str() != "X") continue;
    ++slices;
    bool vfs_side = e["cat"].str() == "ipc" ? (e["args"]["family"].str() == "vfs" || process[e["pid"].num()] == "m0: vfs")
                                            : (process[e["pid"].num()] == "m0: vfs" ||
                                               e["args"]["caller"].str().rfind("vfs", 0) == 0);
    EXPECT_TRUE(vfs_side) << e["name"].str();
  }
  EXPECT_GT(slices, 0u);
  for (auto& [pid, name] : process) EXPECT_NE(name, "m0: namesrv");  // never talks to the VFS
}

TEST(BootTrace, SizeBoundClosesTheTraceValidly) {
  std::ostringstream trace;
  sim::inspect::TraceWriter w(trace, {}, 8192);
  sim::inspect::RunObserver obs;
  obs.add_sink(&w);
  // Attach by hand: a stand-in for Inspection with a byte-sized bound.
  const sim::BuiltinScenario* sc = sim::find_builtin_scenario("boot");
  std::vector<std::shared_ptr<void>> owned;
  sim::Scheduler s(sim::SchedulerOptions{.seed = 1});
  sc->setup(sim::ScenarioContext{.sched = s, .pacer = nullptr, .seed = 1, .owned = &owned,
                                 .on_kernel = [&](kmodel::Kernel& k, const std::string& m) { obs.attach(k, m); }});
  s.run();
  obs.finish(s.now());
  s.kill_all();
  owned.clear();
  EXPECT_TRUE(w.truncated());
  EXPECT_GT(w.events_dropped(), 0u);
  EXPECT_LE(trace.str().size(), 8192u);
  jmini::Value doc = jmini::parse(trace.str());
  EXPECT_TRUE(tracecheck::problems(doc).empty());
  EXPECT_EQ(doc.array().back()["name"].str(), "trace truncated: size bound reached");
  EXPECT_EQ(w.events_written(), doc.array().size());
}

}  // namespace
