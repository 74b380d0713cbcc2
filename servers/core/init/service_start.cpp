// init/service_start.cpp — see service_start.h.
#include "core/init/service_start.h"

#include "core/init/init_support.h"
#include "core/init/procmgr_handover.h"
#include "core/init/service_readiness.h"
#include "core/init/service_spawn.h"
#include "trona/clients/procmgr_client.h"

namespace init {

StartOutcome start_service(Boot& b, size_t index, uint64_t* error) {
  const BootPlan& plan = b.plan;
  const PlannedService& ps = plan.services[index];
  ServiceRun& run = b.run[index];
  run.pid = 0;
  run.failed = false;
  if (ps.pre_procmgr) destroy_direct(plan, index);  // a restart: the old child's objects go (at boot: nothing)
  if (uint64_t st = make_readiness(plan, index); st != uapi::TRONA_OK) {
    *error = st;
    return StartOutcome::kSpawnFailed;
  }
  if (ps.pre_procmgr) {
    uint64_t st = spawn_direct(plan, index, b.initrd);
    // Registered before it runs: even an immediate exit reaches init's PM_WAIT.
    if (st == uapi::TRONA_OK && b.procmgr_up) register_direct_child(b, index);
    if (st == uapi::TRONA_OK) st = resume_direct(plan, index);
    if (st != uapi::TRONA_OK) {
      *error = st;
      return StartOutcome::kSpawnFailed;
    }
  } else if (int e = spawn_via_procmgr(plan, index, &run.pid); e != 0) {
    *error = static_cast<uint64_t>(e);
    return StartOutcome::kSpawnFailed;
  }
  run.started = true;
  log_line("started ", ps.unit->name.str());
  int status = 0;
  switch (wait_ready(*ps.unit, readiness_slot(plan, index), run.pid, &status)) {
    case Readiness::kReady:
      // procmgr hands what init started to the processes it builds later
      // (the VFS: every process's SLOT_VFS_EP). A restart finds it there.
      if (!ps.pre_procmgr) trona::ProcmgrClient(kInitProcmgrSlot).register_provider(ps.unit->name.str(), ps.endpoint_slot);
      return StartOutcome::kReady;
    case Readiness::kExited: run.pid = 0; break;  // reaped by wait_ready
    case Readiness::kTimedOut: break;             // left running; the monitor sees its end
  }
  run.failed = true;
  return StartOutcome::kNotReady;
}

}  // namespace init
