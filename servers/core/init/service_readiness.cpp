// init/service_readiness.cpp — see service_readiness.h.
#include "core/init/service_readiness.h"

#include "core/init/init_support.h"
#include "trona/core/debug_put.h"
#include "lib/format.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace init {

namespace {

uint64_t now_ns() { return trona::clock_gettime(uapi::kClockMonotonic).value; }

// `10s`, `250ms` or `1500us`: the largest unit that divides the duration.
void put_duration(lib::Formatter& f, uint64_t ns) {
  if (ns % 1'000'000'000 == 0) f.dec(ns / 1'000'000'000).put("s");
  else if (ns % 1'000'000 == 0) f.dec(ns / 1'000'000).put("ms");
  else f.dec(ns / 1'000).put("us");
}

void log_not_ready(lib::Str name, uint64_t timeout_ns) {
  char buf[128];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: ").put(name).put(" not ready after ");
  put_duration(f, timeout_ns);
  f.put('\n');
  lib::debug_put(f.str());
}

}  // namespace

uint64_t readiness_timeout_ns(const Unit& u) {
  return u.timeout_us == kTimeoutAuto ? kDefaultReadinessTimeoutNs : u.timeout_us * 1000;
}

Readiness wait_ready(const Unit& u, uint64_t ntfn_slot, uint64_t pid, int* status) {
  if (u.type != ServiceType::kNotify) return Readiness::kReady;
  const lib::Str name = u.name.str();
  const uint64_t timeout = readiness_timeout_ns(u);
  const uint64_t start = now_ns();
  trona::ProcmgrClient pm(kInitProcmgrSlot);
  // The child was just resumed: let it run first (a server that is ready
  // at once then costs no virtual time), then poll on virtual time.
  trona::yield();
  for (;;) {
    trona::SysResult r = trona::poll(ntfn_slot);
    if (r.ok() && r.value != 0) {
      log_line(name, " ready");
      return Readiness::kReady;
    }
    if (pid != 0) {
      uint64_t child = 0;
      if (pm.wait(static_cast<int32_t>(pid), uapi::kWNOHANG, status, &child) == 0 && child == pid) {
        log_exit(name, " exited before it was ready", *status);
        return Readiness::kExited;
      }
    }
    const uint64_t waited = now_ns() - start;
    if (waited >= timeout) {
      log_not_ready(name, timeout);
      return Readiness::kTimedOut;
    }
    trona::nanosleep(timeout - waited < kReadinessPollNs ? timeout - waited : kReadinessPollNs);
  }
}

}  // namespace init
