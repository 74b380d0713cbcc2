// What tracing costs: wall time of the boot scenario with `--trace` (all
// events and scheduler decisions, written to a file) against the same run
// without, median of alternating repetitions. Goal: trace_overhead_ratio
// <= 1.5. Then, in rounds of their own, what the capability recorder with
// the post-mortem's IPC rings costs (caps_overhead_ratio).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "bench/bench_common.h"
#include "scenarios/builtin_scenarios.h"
#include "sim/host/inspect/inspection.h"
#include "sim/runtime/log/log.h"

namespace {

// One boot run; returns wall seconds.
double boot_once(const std::optional<sim::inspect::InspectOptions>& o) {
  auto t0 = bench::Clock::now();
  std::unique_ptr<sim::inspect::Inspection> ins;
  if (o) ins = std::make_unique<sim::inspect::Inspection>(*o);
  {
    std::vector<std::shared_ptr<void>> owned;
    sim::Scheduler s(sim::SchedulerOptions{.seed = 1});
    if (ins) ins->watch(s);
    sim::find_builtin_scenario("boot")->setup(sim::ScenarioContext{
        .sched = s, .pacer = nullptr, .seed = 1, .owned = &owned,
        .on_kernel = ins ? ins->on_kernel() : nullptr});
    s.run();
    if (ins) ins->finish(s.now());
    s.kill_all();
    owned.clear();
  }
  ins.reset();  // closes and flushes the file: part of the cost
  return std::chrono::duration<double>(bench::Clock::now() - t0).count();
}

}  // namespace

int main() {
  sim::log::configure("warn");
  auto path = std::filesystem::temp_directory_path() / "saltysim_bench_trace.json";
  sim::inspect::InspectOptions o;
  o.trace_path = path.string();
  o.trace_sched = true;
  constexpr int kRounds = 21;
  std::vector<double> plain, traced;
  boot_once(std::nullopt);  // warm-up (page cache, allocator)
  boot_once(o);
  for (int i = 0; i < kRounds; ++i) {
    plain.push_back(boot_once(std::nullopt));
    traced.push_back(boot_once(o));
  }
  double p = bench::median(plain), t = bench::median(traced);
  // The recorder and the rings, apart from the trace's file writing.
  sim::inspect::InspectOptions c;
  c.caps = true;
  c.post_mortem = true;
  std::vector<double> plain2, recorded;
  for (int i = 0; i < kRounds; ++i) {
    plain2.push_back(boot_once(std::nullopt));
    recorded.push_back(boot_once(c));
  }
  double p2 = bench::median(plain2), r = bench::median(recorded);
  std::uintmax_t bytes = std::filesystem::file_size(path);
  std::filesystem::remove(path);
  std::printf("boot_wall_ms = %.3f\n", p * 1e3);
  std::printf("boot_traced_wall_ms = %.3f\n", t * 1e3);
  std::printf("trace_bytes = %ju\n", bytes);
  std::printf("trace_overhead_ratio = %.3f\n", t / p);
  std::printf("caps_overhead_ratio = %.3f\n", r / p2);
  return 0;
}
