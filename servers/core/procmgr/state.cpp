#include "core/procmgr/state.h"

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

namespace {

// The entry `index` names for `key`, or nullptr (stale keys of released
// entries stay in the index until the entry is reused: checked here).
template <class Match>
Proc* lookup(ProcTable& procs, const lib::KeyIndex<kProcIndexSlots>& index, uint64_t key, Match match) {
  uint32_t i = 0;
  if (!index.find(key, &i) || i >= procs.high_water()) return nullptr;
  Proc& p = procs[i];
  return p.state != ProcState::kFree && match(p) ? &p : nullptr;
}

// Drops `key` from `index` if it still names entry `i`.
void forget(lib::KeyIndex<kProcIndexSlots>& index, uint64_t key, uint32_t i) {
  uint32_t at = 0;
  if (index.find(key, &at) && at == i) index.erase(key);
}

}  // namespace

Proc* Procmgr::by_pid(uint64_t pid) {
  return lookup(procs, store.pids, pid, [pid](const Proc& p) { return p.pid == pid; });
}

Proc* Procmgr::by_badge(uint64_t badge) {
  return lookup(procs, store.badges, badge, [badge](const Proc& p) { return p.badge == badge; });
}

Proc* Procmgr::alloc(uint64_t pid, uint64_t badge) {
  while (procs.used_ > 0 && procs[procs.used_ - 1].state == ProcState::kFree) --procs.used_;
  size_t i = 0;
  while (i < procs.used_ && procs[i].state != ProcState::kFree) ++i;
  if (i == kMaxProcesses) return nullptr;
  if (i / kWindowsPerCNode >= window_blocks) {
    if (ops.add_window_block(window_blocks) != uapi::TRONA_OK) return nullptr;
    ++window_blocks;
  }
  Proc& p = procs[i];
  const auto at = static_cast<uint32_t>(i);
  forget(store.pids, p.pid, at);  // the previous occupant's keys (zero bytes: none)
  forget(store.badges, p.badge, at);
  if (!store.pids.put(pid, at) || !store.badges.put(badge, at)) {
    forget(store.pids, pid, at);
    return nullptr;
  }
  if (i == procs.used_) ++procs.used_;
  p = Proc();
  p.state = ProcState::kRunning;
  p.pid = pid;
  p.badge = badge;
  p.rlimits[uapi::kRLIMIT_STACK] = {8u << 20, kRlimInfinity};
  p.rlimits[uapi::kRLIMIT_NOFILE] = {1024, 4096};
  p.rlimits[uapi::kRLIMIT_CORE] = {0, kRlimInfinity};
  return &p;
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
