// procmgr/registry.cpp — listing (pids, process info, exe path, the
// pending saved-reply waiters) and what init hands over at boot (service
// definitions, providers, personality providers).
#include "core/procmgr/internal.h"
#include "lib/inline_string.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

namespace {

// `p`'s exe path into a reply string.
void put_path(const Proc& p, char* buf, size_t* len) {
  for (size_t i = 0; i < p.path_len; ++i) buf[i] = p.path[i];
  *len = p.path_len;
}

}  // namespace

uint64_t Service::pm_list_pids(const PmListPids::In& in, PmListPids::Reply& out, proto::Call&) {
  constexpr size_t kMax = uapi::kMaxMessageRegisters - 2;
  size_t n = 0;
  bool more = false;
  uint64_t last = in.cursor;
  for (;;) {
    uint64_t best = 0;
    for (Proc& q : pm.procs)
      if (q.state != ProcState::kFree && q.pid > last && (best == 0 || q.pid < best)) best = q.pid;
    if (best == 0) break;
    if (n == kMax) {
      more = true;
      break;
    }
    out.pids[n++] = best;
    last = best;
  }
  out.count = out.pids_count = n;
  out.next = more ? last : 0;
  return TRONA_OK;
}

uint64_t Service::pm_get_proc_info(const PmGetProcInfo::In& in, PmGetProcInfo::Reply& out, proto::Call&) {
  Proc* t = self_or(pm, me, in.pid);
  if (t == nullptr) return TRONA_NOT_FOUND;
  out.pid = t->pid;
  out.ppid = t->ppid;
  out.pgid = t->pgid;
  out.sid = t->sid;
  out.uid = t->creds.ruid;
  out.euid = t->creds.euid;
  out.gid = t->creds.rgid;
  out.egid = t->creds.egid;
  out.state = t->state == ProcState::kZombie ? 1 : t->stopped ? 3 : t->suspended ? 2 : 0;
  out.pending = t->pending_signals;
  out.umask = t->umask;
  put_path(*t, out.path_buf, &out.path_len);
  return TRONA_OK;
}

uint64_t Service::pm_get_exe_path(const PmGetExePath::In& in, PmGetExePath::Reply& out, proto::Call&) {
  Proc* t = self_or(pm, me, in.pid);
  if (t == nullptr) return TRONA_NOT_FOUND;
  put_path(*t, out.path_buf, &out.path_len);
  return TRONA_OK;
}

// init only (handle() refused others); one definition per message.
uint64_t Service::pm_register_service_defs(const PmRegisterServiceDefs::In& in, PmRegisterServiceDefs::Reply&,
                                           proto::Call&) {
  if (in.name.empty() || in.binary.empty()) return TRONA_INVALID_ARGUMENT;
  ServiceDef* slot = nullptr;
  for (ServiceDef& d : pm.defs) {
    if (d.used && lib::Str(d.name, d.name_len).equals(in.name)) return TRONA_ALREADY_EXISTS;
    if (!d.used && slot == nullptr) slot = &d;
  }
  if (slot == nullptr) return TRONA_OUT_OF_MEMORY;
  *slot = ServiceDef();
  slot->used = true;
  slot->policy = in.policy;
  slot->name_len = in.name.size;
  slot->binary_len = in.binary.size;
  for (size_t i = 0; i < in.name.size; ++i) slot->name[i] = in.name[i];
  for (size_t i = 0; i < in.binary.size; ++i) slot->binary[i] = in.binary[i];
  return TRONA_OK;
}

// init only (handle() refused others); the name is checked before the cap.
uint64_t Service::pm_register_provider(const PmRegisterProvider::In& in, PmRegisterProvider::Reply&,
                                       proto::Call& call) {
  if (in.name.empty()) return TRONA_INVALID_ARGUMENT;
  if (in.endpoint == lib::kNoCap) return TRONA_INVALID_CAPABILITY;
  Provider* slot = nullptr;
  size_t i = 0, free_i = 0;
  for (Provider& pv : pm.providers) {
    if (pv.used && lib::Str(pv.name, pv.name_len).equals(in.name)) return TRONA_ALREADY_EXISTS;
    if (!pv.used && slot == nullptr) {
      slot = &pv;
      free_i = i;
    }
    ++i;
  }
  if (slot == nullptr) return TRONA_OUT_OF_MEMORY;
  *slot = Provider();
  slot->used = true;
  slot->name_len = in.name.size;
  for (size_t j = 0; j < in.name.size; ++j) slot->name[j] = in.name[j];
  slot->slot = kProviderSlotBase + free_i;
  call.keep_cap(slot->slot);
  return TRONA_OK;
}

// Entries in table order: waits, then joins; three words each.
uint64_t Service::pm_dump_pending(const PmDumpPending::In& in, PmDumpPending::Reply& out, proto::Call&) {
  if (!is_root(me)) return TRONA_INVALID_OPERATION;
  constexpr size_t kMax = (uapi::kMaxMessageRegisters - 2) / 3;
  size_t n = 0, seen = 0;
  const uint64_t skip = in.skip;
  auto add = [&](uint64_t kind, uint64_t pid, uint64_t what) {
    if (seen++ < skip || n == kMax) return;
    out.entries[3 * n] = kind, out.entries[3 * n + 1] = pid, out.entries[3 * n + 2] = what;
    ++n;
  };
  for (const Proc& p : pm.procs)
    if (alive(p) && p.waiting) add(1, p.pid, p.wait_pid);
  for (const Thread& t : pm.threads)
    if (t.state != ThreadState::kFree && t.joined) add(2, t.pid, t.tid);
  out.count = n;
  out.left = seen > skip + n ? seen - skip - n : 0;
  out.entries_count = 3 * n;
  return TRONA_OK;
}

// init only (handle() refused others); the id is checked before the cap.
uint64_t Service::pm_register_personality_provider(const PmRegisterPersonalityProvider::In& in,
                                                   PmRegisterPersonalityProvider::Reply&, proto::Call& call) {
  const uint64_t id = in.subsystem;
  if (id >= kSubsystems) return TRONA_INVALID_ARGUMENT;
  if (in.endpoint == lib::kNoCap) return TRONA_INVALID_CAPABILITY;
  if (pm.personality[id]) return TRONA_ALREADY_EXISTS;
  pm.personality[id] = true;
  call.keep_cap(kPersonalitySlotBase + id);
  return TRONA_OK;
}

}  // namespace procmgr::detail
