// One simulated PC with the kernel model on it, owned by the scenario
// runner (ScenarioContext::owned): every thread ends before it goes, so
// thread bodies hold the plain pointer this returns — no ownership cycle
// through kernel-owned thread bodies.
#pragma once

#include <memory>

#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "scenarios/builtin_scenarios.h"

namespace sim::scenarios {

struct MachineWorld {
  std::unique_ptr<hw::Machine> machine;
  std::unique_ptr<kmodel::Kernel> kernel;
};

inline MachineWorld* make_machine_world(const ScenarioContext& ctx, hw::MachineConfig cfg) {
  auto owned = std::make_shared<MachineWorld>();
  ctx.owned->push_back(owned);
  owned->machine = std::make_unique<hw::Machine>(ctx.sched.clock(), ctx.sched.seeds(), std::move(cfg));
  owned->kernel = std::make_unique<kmodel::Kernel>(ctx.sched, owned->machine.get(),
                                                   kmodel::KernelOptions{.lenient_vm = ctx.lenient_vm});
  if (ctx.on_kernel) ctx.on_kernel(*owned->kernel, owned->machine->name());
  return owned.get();
}

}  // namespace sim::scenarios
