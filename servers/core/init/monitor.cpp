// init/monitor.cpp — see monitor.h.
//
// init blocks in PM_WAIT: procmgr saves its reply cap and goes back to
// Recv, and the kernel model counts a caller whose reply was saved as an
// idle wait — so a healthy system whose only threads are servers in Recv
// and init in PM_WAIT ends "idle", not "deadlock" (kernel_model/README.md).
#include "core/init/monitor.h"

#include "core/init/init_support.h"
#include "core/init/service_start.h"
#include "trona/clients/procmgr_client.h"
#include "uapi/linux_numbers.h"

namespace init {

namespace {

// Service i ended with `status`: log it and restart it as Restart= says.
void service_ended(Boot& b, size_t i, int status) {
  const Unit& u = *b.plan.services[i].unit;
  const lib::Str name = u.name.str();
  ServiceRun& run = b.run[i];
  log_exit("service exited: ", name, status);
  run.pid = 0;
  if (!wants_restart(u, status)) return;
  if (run.restarts >= kMaxRestarts) {
    log_line("restart limit reached, left down: ", name);
    return;
  }
  ++run.restarts;
  uint64_t error = 0;
  if (start_service(b, i, &error) == StartOutcome::kSpawnFailed) {
    log_status("cannot restart ", name, error);
    return;
  }
  log_line("restarted ", name);
}

}  // namespace

bool wants_restart(const Unit& u, int status) {
  if (u.restart == RestartPolicy::kAlways) return true;
  return u.restart == RestartPolicy::kOnFailure && status != 0;
}

int monitor(Boot& b, lib::Str first, uint64_t first_pid) {
  trona::ProcmgrClient pm(kInitProcmgrSlot);
  for (;;) {
    int status = 0;
    uint64_t child = 0;
    int e = pm.wait(-1, 0, &status, &child);
    if (e == uapi::kECHILD) {
      log_line("no children left");
      return 0;
    }
    if (e != 0) {
      log_status("cannot wait for children", "", static_cast<uint64_t>(e));
      return 1;
    }
    if (child == first_pid) {
      log_exit("exited: ", first, status);
      continue;
    }
    for (size_t i = 0; i < b.plan.services.size(); ++i) {
      if (b.run[i].pid != child) continue;
      service_ended(b, i, status);
      break;
    }
    // Anything else is an orphan procmgr gave to init: reaped, nothing to do.
  }
}

}  // namespace init
