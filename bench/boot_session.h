// Shared by bench_boot and bench_scenarios: one default boot (the built-in
// `boot`: getty on COM1) on a fresh scheduler, a typist at COM1 going
// through `steps`, and the run stopped as soon as the last step's text
// came. True when it came (within 60 s of virtual time).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "scenarios/builtin/boot.h"
#include "scenarios/builtin/console_session.h"
#include "scenarios/builtin/machine_world.h"
#include "sim/runtime/sched/scheduler.h"

namespace bench {

inline bool boot_and_type(std::uint64_t seed, std::vector<sim::scenarios::ConsoleStep> steps) {
  using namespace sim;
  Scheduler s(SchedulerOptions{.seed = seed});
  std::vector<std::shared_ptr<void>> owned;  // goes after every thread has ended
  bool reached = false;
  ScenarioContext ctx{.sched = s, .pacer = nullptr, .seed = seed, .owned = &owned, .on_kernel = nullptr};
  scenarios::MachineWorld* w = scenarios::boot_world(ctx);
  scenarios::run_console_session(ctx, *w->machine, std::move(steps),
                                 {.print_transcript = false, .on_done = [&] {
                                    reached = true;
                                    s.stop();
                                  }});
  s.run(RunLimits{.until = 60 * kSec});
  s.kill_all();
  owned.clear();
  return reached;
}

}  // namespace bench
