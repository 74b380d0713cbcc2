#include "procmgr/state.h"

namespace procmgr {

void Procmgr::add_init() {
  Proc* p = alloc(1, kInitBadge);
  if (p == nullptr) return;
  p->ppid = 0;
  p->pgid = 1;
  p->sid = 1;
  const char name[] = "init";
  for (size_t i = 0; i + 1 < sizeof name; ++i) p->path[i] = name[i];
  p->path_len = sizeof name - 1;
}

Proc* Procmgr::by_pid(uint64_t pid) {
  if (pid == 0) return nullptr;
  for (Proc& p : procs)
    if (p.state != ProcState::kFree && p.pid == pid) return &p;
  return nullptr;
}

Proc* Procmgr::by_badge(uint64_t badge) {
  for (Proc& p : procs)
    if (p.state != ProcState::kFree && p.badge == badge) return &p;
  return nullptr;
}

Proc* Procmgr::alloc(uint64_t pid, uint64_t badge) {
  for (Proc& p : procs) {
    if (p.state != ProcState::kFree) continue;
    p = Proc();
    p.state = ProcState::kRunning;
    p.pid = pid;
    p.badge = badge;
    p.rlimits[uapi::kRLIMIT_STACK] = {8u << 20, kRlimInfinity};
    p.rlimits[uapi::kRLIMIT_NOFILE] = {1024, 4096};
    p.rlimits[uapi::kRLIMIT_CORE] = {0, kRlimInfinity};
    return &p;
  }
  return nullptr;
}

uint64_t Procmgr::new_pid() {
  for (int tries = 0; tries < 32768; ++tries) {
    uint64_t pid = next_pid++;
    if (next_pid >= 32768) next_pid = 2;
    if (by_pid(pid) == nullptr) return pid;
  }
  return 0;
}

}  // namespace procmgr
