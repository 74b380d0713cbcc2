// Scenarios on the runtime alone (no machine, no kernel model):
// runtime-demo, a pipeline of simulated threads, and
// selftest-nondeterminism, which --check-determinism must catch.
#pragma once

#include "scenarios/builtin_scenarios.h"

namespace sim::scenarios {
void runtime_demo(const ScenarioContext& ctx);
void nondeterministic_selftest(const ScenarioContext& ctx);
}
