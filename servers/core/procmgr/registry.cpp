// procmgr/registry.cpp — listing (pids, process info, exe path, the
// pending saved-reply waiters) and what init hands over at boot (service
// definitions, providers, personality providers).
#include "core/procmgr/internal.h"
#include "lib/inline_string.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

namespace {

// PM_DUMP_PENDING (euid 0 only): MR0 how many entries to skip → MR0 count
// (<= 10), MR1 entries left after these, then per entry MR kind (1 PM_WAIT,
// 2 PM_THREAD_JOIN), the waiting pid, what it waits for (the PM_WAIT pid
// word / the joined tid). Entries in table order: waits, then joins.
uint64_t dump_pending(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  if (!is_root(me)) return TRONA_INVALID_OPERATION;
  constexpr size_t kMax = (uapi::kMaxMessageRegisters - 2) / 3;
  uint64_t entries[kMax][3];
  size_t n = 0, seen = 0;
  const uint64_t skip = rq.get(0);
  auto add = [&](uint64_t kind, uint64_t pid, uint64_t what) {
    if (seen++ < skip || n == kMax) return;
    entries[n][0] = kind, entries[n][1] = pid, entries[n][2] = what;
    ++n;
  };
  for (const Proc& p : pm.procs)
    if (alive(p) && p.waiting) add(1, p.pid, p.wait_pid);
  for (const Thread& t : pm.threads)
    if (t.state != ThreadState::kFree && t.joined) add(2, t.pid, t.tid);
  rp->push(n);
  rp->push(seen > skip + n ? seen - skip - n : 0);
  for (size_t i = 0; i < n; ++i)
    for (uint64_t w : entries[i]) rp->push(w);
  return TRONA_OK;
}

// PM_REGISTER_PERSONALITY_PROVIDER (init only): MR0 subsystem id (POSIX 0,
// WIN32 1, STARNITE 2), cap[0] the provider's endpoint, kept at procmgr
// slot kPersonalitySlotBase + id; one per subsystem (ALREADY_EXISTS).
uint64_t register_personality(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  if (me.pid != 1) return TRONA_INVALID_OPERATION;
  uint64_t id = rq.get(0);
  if (id >= kSubsystems) return TRONA_INVALID_ARGUMENT;
  if (rq.cap_count == 0) return TRONA_INVALID_CAPABILITY;
  if (pm.personality[id]) return TRONA_ALREADY_EXISTS;
  pm.personality[id] = true;
  rp->keep_cap_at = kPersonalitySlotBase + id;
  return TRONA_OK;
}

}  // namespace

uint64_t handle_registry(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  (void)pm, (void)me, (void)rq, (void)rp;
  switch (rq.label) {
    case PM_LIST_PIDS: {
      // MR0 cursor: pids greater than it. Reply MR0 count, MR1 next cursor
      // (0 = done), MR2.. pids ascending.
      constexpr size_t kMax = uapi::kMaxMessageRegisters - 2;
      uint64_t cursor = rq.get(0);
      uint64_t pids[kMax];
      size_t n = 0;
      bool more = false;
      uint64_t last = cursor;
      for (;;) {
        uint64_t best = 0;
        for (Proc& q : pm.procs)
          if (q.state != ProcState::kFree && q.pid > last && (best == 0 || q.pid < best)) best = q.pid;
        if (best == 0) break;
        if (n == kMax) {
          more = true;
          break;
        }
        pids[n++] = best;
        last = best;
      }
      rp->push(n);
      rp->push(more ? last : 0);
      for (size_t i = 0; i < n; ++i) rp->push(pids[i]);
      return TRONA_OK;
    }
    case PM_GET_PROC_INFO: {
      Proc* t = self_or(pm, me, rq.get(0));
      if (t == nullptr) return TRONA_NOT_FOUND;
      uint64_t state = t->state == ProcState::kZombie ? 1 : t->stopped ? 3 : t->suspended ? 2 : 0;
      const uint64_t words[] = {t->pid,        t->ppid,       t->pgid,  t->sid,   t->creds.ruid,
                                t->creds.euid, t->creds.rgid, t->creds.egid, state, t->pending_signals,
                                t->umask};
      for (uint64_t w : words) rp->push(w);
      push_inline(rp, t->path, t->path_len);
      return TRONA_OK;
    }
    case PM_GET_EXE_PATH: {
      Proc* t = self_or(pm, me, rq.get(0));
      if (t == nullptr) return TRONA_NOT_FOUND;
      push_inline(rp, t->path, t->path_len);
      return TRONA_OK;
    }
    case PM_REGISTER_SERVICE_DEFS: {
      // MR0 policy word, MR1 name (inline), then the binary (inline).
      if (me.pid != 1) return TRONA_INVALID_OPERATION;
      char name[32], bin[48];
      size_t nl = 0, bl = 0;
      if (lib::unpack_inline(rq.mr, rq.length, 1, name, sizeof name, &nl) != lib::UnpackError::kOk || nl == 0)
        return TRONA_INVALID_ARGUMENT;
      size_t k = 2 + lib::inline_words(nl);
      if (lib::unpack_inline(rq.mr, rq.length, k, bin, sizeof bin, &bl) != lib::UnpackError::kOk || bl == 0)
        return TRONA_INVALID_ARGUMENT;
      ServiceDef* slot = nullptr;
      for (ServiceDef& d : pm.defs) {
        if (d.used && lib::Str(d.name, d.name_len).equals(lib::Str(name, nl))) return TRONA_ALREADY_EXISTS;
        if (!d.used && slot == nullptr) slot = &d;
      }
      if (slot == nullptr) return TRONA_OUT_OF_MEMORY;
      *slot = ServiceDef();
      slot->used = true;
      slot->policy = rq.get(0);
      slot->name_len = nl;
      slot->binary_len = bl;
      for (size_t i = 0; i < nl; ++i) slot->name[i] = name[i];
      for (size_t i = 0; i < bl; ++i) slot->binary[i] = bin[i];
      return TRONA_OK;
    }
    case PM_REGISTER_PROVIDER: {
      if (me.pid != 1) return TRONA_INVALID_OPERATION;
      char name[32];
      size_t nl = 0;
      if (lib::unpack_inline(rq.mr, rq.length, 0, name, sizeof name, &nl) != lib::UnpackError::kOk || nl == 0)
        return TRONA_INVALID_ARGUMENT;
      if (rq.cap_count == 0) return TRONA_INVALID_CAPABILITY;
      Provider* slot = nullptr;
      size_t i = 0, free_i = 0;
      for (Provider& pv : pm.providers) {
        if (pv.used && lib::Str(pv.name, pv.name_len).equals(lib::Str(name, nl))) return TRONA_ALREADY_EXISTS;
        if (!pv.used && slot == nullptr) {
          slot = &pv;
          free_i = i;
        }
        ++i;
      }
      if (slot == nullptr) return TRONA_OUT_OF_MEMORY;
      *slot = Provider();
      slot->used = true;
      slot->name_len = nl;
      for (size_t j = 0; j < nl; ++j) slot->name[j] = name[j];
      slot->slot = kProviderSlotBase + free_i;
      rp->keep_cap_at = slot->slot;
      return TRONA_OK;
    }
    case PM_DUMP_PENDING: return dump_pending(pm, me, rq, rp);
    case PM_REGISTER_PERSONALITY_PROVIDER: return register_personality(pm, me, rq, rp);
    default: return kNotMine;
  }
}

void read_bytes(const lib::Request& rq, size_t first, size_t len, char* out) {
  for (size_t i = 0; i < len; ++i) out[i] = static_cast<char>(rq.get(first + i / 8) >> (8 * (i % 8)));
}

void push_inline(lib::Reply* rp, const char* s, size_t len) {
  rp->push(len);
  for (size_t w = 0; w < lib::inline_words(len); ++w) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && 8 * w + i < len; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(s[8 * w + i])) << (8 * i);
    rp->push(v);
  }
}

}  // namespace procmgr::detail
