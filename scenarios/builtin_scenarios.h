// Scenarios built into the binary. Until the scenario language exists,
// `saltysim run` runs one of these; "default" is the simulated system as
// far as it exists.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/runtime/sched/scheduler.h"

namespace kmodel {
class Kernel;
}

namespace sim {

class RealtimePacer;

// What a scenario's set-up gets from the runner.
struct ScenarioContext {
  Scheduler& sched;
  RealtimePacer* pacer = nullptr;  // non-null in real-time mode (--realtime); outlives the scheduler
  std::uint64_t seed = 0;
  // Objects the scenario owns for the run (machines, kernels). The runner
  // ends every simulated thread first, then drops these, then the
  // scheduler; thread bodies may therefore hold plain pointers to them.
  std::vector<std::shared_ptr<void>>* owned = nullptr;
  // Told of every kernel the scenario builds (with its machine's name),
  // before any of its threads runs: host-side observers (trace, stats)
  // attach here. They watch and must not act on the run. May be empty.
  std::function<void(kmodel::Kernel&, const std::string& machine)> on_kernel;
  // Kernels built with the old lenient VSpace rules (--lenient-vm,
  // kmodel::KernelOptions::lenient_vm).
  bool lenient_vm = false;
};

struct BuiltinScenario {
  std::string name;
  std::string summary;
  // Sets up threads (and what they use) on the scheduler; the runner then
  // calls run(). What the threads' bodies own lives until the scheduler
  // is destroyed.
  std::function<void(const ScenarioContext&)> setup;
};

const std::vector<BuiltinScenario>& builtin_scenarios();
const BuiltinScenario* find_builtin_scenario(const std::string& name);

}  // namespace sim
