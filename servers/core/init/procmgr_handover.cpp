// init/procmgr_handover.cpp — see procmgr_handover.h.
#include "core/init/procmgr_handover.h"

#include "core/init/init_support.h"
#include "trona/core/debug_put.h"
#include "lib/format.h"
#include "trona/clients/procmgr_client.h"
#include "uapi/procmgr.h"

namespace init {

namespace {

bool is_procmgr(const PlannedService& ps) { return ps.unit->name.str().equals(kProcmgrName); }

// The PM_SPAWN policy word a definition carries (what procmgr would use to
// spawn it: readiness, CNode bits, memory).
uint64_t definition_policy(const Unit& u) {
  return uapi::procmgr::spawn_policy(
      u.type == ServiceType::kNotify ? uapi::procmgr::kSpawnReadinessNotify : uapi::procmgr::kSpawnReadinessImmediate,
      u.cnode_bits, u.memory_kb > 0xFFFF ? 0 : u.memory_kb);
}

}  // namespace

int register_direct_child(Boot& b, size_t index) {
  const PlannedService& ps = b.plan.services[index];
  uint64_t pid = 0;
  int e = trona::ProcmgrClient(kInitProcmgrSlot).register_process(ps.badge, ps.window_base + kWinCNode, &pid);
  if (e != 0) {
    log_status("cannot register with procmgr: ", ps.unit->name.str(), static_cast<uint64_t>(e));
    return e;
  }
  b.run[index].pid = pid;
  return 0;
}

void hand_over_to_procmgr(Boot& b) {
  const BootPlan& plan = b.plan;
  trona::ProcmgrClient pm(kInitProcmgrSlot);
  for (size_t i = 0; i < plan.pre_procmgr_count; ++i)
    if (!is_procmgr(plan.services[i]) && b.run[i].started && b.run[i].pid == 0) register_direct_child(b, i);
  uint64_t defs = 0, providers = 0;
  for (size_t i = 0; i < plan.services.size(); ++i) {
    const PlannedService& ps = plan.services[i];
    const Unit& u = *ps.unit;
    if (int e = pm.register_service_def(definition_policy(u), u.name.str(), u.binary.str()); e == 0) ++defs;
    else log_status("cannot register the definition of ", u.name.str(), static_cast<uint64_t>(e));
    if (!ps.pre_procmgr || is_procmgr(ps)) continue;
    if (int e = pm.register_provider(u.name.str(), ps.endpoint_slot); e == 0) ++providers;
    else log_status("cannot register the provider ", u.name.str(), static_cast<uint64_t>(e));
  }
  char buf[128];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: registered with procmgr: ").dec(defs).put(defs == 1 ? " service definition, " : " service definitions, ");
  f.dec(providers).put(providers == 1 ? " provider\n" : " providers\n");
  lib::debug_put(f.str());
}

}  // namespace init
