// Runs a built-in scenario the way `saltysim run` does, optionally with an
// Inspection attached, and keeps what the trace tests compare: the
// decision hash and the kernels' own per-label call counters.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "kernel_model/kernel.h"
#include "scenarios/builtin_scenarios.h"
#include "sim/host/inspect/inspection.h"
#include "sim/runtime/sched/scheduler.h"

namespace tracetest {

struct ScenarioRun {
  sim::RunResult result = sim::RunResult::Idle;
  std::uint64_t hash = 0;
  std::uint64_t decisions = 0;
  std::map<std::uint64_t, std::uint64_t> delivered;  // label -> calls, summed over the kernels
  std::unique_ptr<sim::inspect::Inspection> inspection;
};

inline ScenarioRun run_scenario(const std::string& name, const std::optional<sim::inspect::InspectOptions>& o,
                                std::ostream* trace_out = nullptr, std::uint64_t seed = 1) {
  ScenarioRun r;
  const sim::BuiltinScenario* sc = sim::find_builtin_scenario(name);
  if (!sc) throw std::runtime_error("no scenario " + name);
  if (o)
    r.inspection = trace_out ? std::make_unique<sim::inspect::Inspection>(*o, *trace_out)
                             : std::make_unique<sim::inspect::Inspection>(*o);
  std::vector<std::shared_ptr<void>> owned;
  sim::Scheduler s(sim::SchedulerOptions{.seed = seed});
  std::vector<kmodel::Kernel*> kernels;
  auto observe = r.inspection ? r.inspection->on_kernel() : nullptr;
  if (r.inspection) r.inspection->watch(s);
  sc->setup(sim::ScenarioContext{.sched = s, .pacer = nullptr, .seed = seed, .owned = &owned,
                                 .on_kernel = [&](kmodel::Kernel& k, const std::string& m) {
                                   kernels.push_back(&k);
                                   if (observe) observe(k, m);
                                 }});
  r.result = s.run();
  if (r.inspection) r.inspection->finish(s.now());
  for (kmodel::Kernel* k : kernels)
    for (auto [label, n] : k->calls_delivered()) r.delivered[label] += n;
  r.hash = s.decisions().hash();
  r.decisions = s.decisions().count();
  s.kill_all();
  owned.clear();
  return r;
}

}  // namespace tracetest
