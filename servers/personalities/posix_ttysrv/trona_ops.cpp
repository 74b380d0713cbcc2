// posix_ttysrv::TronaOps (personalities/posix_ttysrv/trona_ops.h).
#include "personalities/posix_ttysrv/trona_ops.h"

#include "trona/clients/device_clients.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/termios.h"

namespace posix_ttysrv {

void TronaOps::console_raw() {
  uapi::Termios t = uapi::termios::default_termios();
  t.c_iflag = 0;
  t.c_oflag = 0;
  t.c_lflag = 0;
  trona::ConsoleClient().tcsetattr(uapi::termios::kTCSANOW, t);
}

int TronaOps::ids_of(uint64_t badge, uint64_t* pgid, uint64_t* sid) {
  trona::ProcmgrClient pm;
  if (int e = pm.getpgid_by_badge(badge, pgid); e != 0) return e;
  return pm.getsid_by_badge(badge, sid);
}

int TronaOps::sid_of_pid(uint64_t pid, uint64_t* sid) { return trona::ProcmgrClient().getsid(pid, sid); }

void TronaOps::kill_pgrp(uint64_t pgrp, int sig) { trona::ProcmgrClient().kill_pgrp(pgrp, sig); }

void TronaOps::console_write(const char* data, size_t n) {
  size_t written = 0;
  trona::ConsoleClient().write(data, n, &written);  // no console: the output has nowhere to go
}

uint64_t TronaOps::monotonic_ns() { return trona::clock_gettime(uapi::kClockMonotonic).value; }

}  // namespace posix_ttysrv
