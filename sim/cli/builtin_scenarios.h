// Scenarios built into the binary. Until the scenario language exists,
// `saltysim run` runs one of these; "default" is the simulated system as
// far as it exists.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/sched/scheduler.h"

namespace sim {

struct BuiltinScenario {
  std::string name;
  std::string summary;
  // Sets up threads on the scheduler; the runner then calls run().
  std::function<void(Scheduler&)> setup;
};

const std::vector<BuiltinScenario>& builtin_scenarios();
const BuiltinScenario* find_builtin_scenario(const std::string& name);

}  // namespace sim
