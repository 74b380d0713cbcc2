#include "core/mmsrv/handler.h"

#include "uapi/mmsrv.h"

namespace mmsrv {

using namespace uapi;
using namespace uapi::mmsrv;

namespace {

constexpr size_t kMaxBatch = 10;        // MM_MAP_BATCH entries (1 + 3n MRs <= 32)
constexpr size_t kRecordsPerReply = 6;  // MM_DUMP_PENDING (2 + 5n MRs <= 32)

// MR `i` names a client: 0 = the caller; another badge only for privileged callers.
uint64_t target_client(const Memory& mem, const lib::Request& rq, uint64_t badge_mr, int* c) {
  uint64_t badge = badge_mr == 0 ? rq.badge : badge_mr;
  if (badge != rq.badge && !mem.privileged(rq.badge)) return TRONA_INSUFFICIENT_RIGHTS;
  *c = mem.find_client(badge);
  return *c < 0 ? TRONA_NOT_FOUND : TRONA_OK;
}

void vm_fault(Memory& mem, const lib::Request& rq, lib::Reply* rp) {
  int c = mem.find_client(rq.badge);
  // OK resumes the thread (empty reply); any other label leaves it stopped
  // and the fault is queued for the observer (SIGSEGV).
  rp->status(mem.fault(c, rq.badge, rq.get(0), rq.get(1), rq.get(2), rq.get(3) != 0));
}

void other_fault(Memory& mem, const lib::Request& rq, lib::Reply* rp) {
  // Not a page fault: nothing to resolve, report it (code = label << 48 | MR1).
  mem.report(mem.find_client(rq.badge), rq.badge, rq.get(0), rq.get(2), rq.get(1) | rq.label << 48);
  rp->status(TRONA_INVALID_OPERATION);
}

void map_batch(Memory& mem, int c, const lib::Request& rq, lib::Reply* rp) {
  uint64_t n = rq.get(0);
  if (n == 0 || n > kMaxBatch || rq.length < 1 + 3 * n) return rp->status(TRONA_INVALID_ARGUMENT);
  uint64_t va[kMaxBatch] = {};
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t pf = rq.get(3 + 3 * i);
    uint64_t st = mem.mmap(c, rq.get(1 + 3 * i), rq.get(2 + 3 * i), pf & 0xFFFFFFFF, pf >> 32, &va[i]);
    if (st != TRONA_OK) {  // all or nothing
      for (uint64_t j = 0; j < i; ++j) mem.munmap(c, va[j], rq.get(2 + 3 * j));
      return rp->status(st);
    }
  }
  for (uint64_t i = 0; i < n; ++i) rp->push(va[i]);
}

void dump_pending(Memory& mem, lib::Reply* rp) {
  uint64_t n = 0;
  FaultRecord recs[kRecordsPerReply];
  while (n < kRecordsPerReply && mem.pop_fault(&recs[n])) ++n;
  rp->push(n);
  rp->push(mem.pending_faults());
  for (uint64_t i = 0; i < n; ++i) {
    rp->push(recs[i].pid);
    rp->push(recs[i].badge);
    rp->push(recs[i].addr);
    rp->push(recs[i].pc);
    rp->push(recs[i].code);
  }
}

// MM_COPY_FROM_CLIENT_REGION / MM_ALLOC_PRIVATE_COPY_FROM_CLIENT_REGION:
// MR0 source badge, MR1 source addr, MR2 destination badge, MR3
// destination addr, MR4 length (, MR5 prot); badges 0 = the caller.
void copy_region(Memory& mem, const lib::Request& rq, lib::Reply* rp) {
  int src = -1, dst = -1;
  uint64_t st = target_client(mem, rq, rq.get(0), &src);
  if (st == TRONA_OK) st = target_client(mem, rq, rq.get(2), &dst);
  if (st != TRONA_OK) return rp->status(st);
  if (rq.label == MM_COPY_FROM_CLIENT_REGION)
    return rp->status(mem.copy_region(src, rq.get(1), dst, rq.get(3), rq.get(4)));
  uint64_t out = 0;
  st = mem.alloc_private_copy(src, rq.get(1), dst, rq.get(3), rq.get(4), rq.get(5), &out);
  rp->status(st);
  if (st == TRONA_OK) rp->push(out);
}

}  // namespace

void handle(Memory& mem, const lib::Request& rq, lib::Reply* rp) {
  rp->status(TRONA_OK);
  switch (rq.label) {
    case FAULT_VM: return vm_fault(mem, rq, rp);
    case FAULT_NULL:
    case FAULT_CAP:
    case FAULT_UNKNOWN_SYSCALL:
    case FAULT_USER_EXCEPTION: return other_fault(mem, rq, rp);
    case MM_REGISTER: {
      uint64_t badge = rq.get(0) == 0 ? rq.badge : rq.get(0);
      if (badge != rq.badge && !mem.privileged(rq.badge)) return rp->status(TRONA_INSUFFICIENT_RIGHTS);
      if (rq.cap_slot == lib::kNoCap) return rp->status(TRONA_INVALID_CAPABILITY);
      return rp->status(mem.register_client(badge, rq.get(1), rq.get(2), rq.get(3), rq.get(4), rq.cap_slot));
    }
    case MM_SHM_CREATE: return rp->status(mem.shm_create(rq.get(0), rq.get(1)));
    case MM_SHM_DESTROY: return rp->status(mem.shm_destroy(rq.get(0)));
    case MM_SHM_RESIZE: return rp->status(mem.shm_resize(rq.get(0), rq.get(1)));
    case MM_REGISTER_PAGER_EP: {
      if (!mem.privileged(rq.badge)) return rp->status(TRONA_INSUFFICIENT_RIGHTS);
      if (rq.get(0) != 0) return rp->status(TRONA_INVALID_ARGUMENT);  // only kind 0 (fault observer) so far
      if (rq.cap_slot == lib::kNoCap) return rp->status(TRONA_INVALID_CAPABILITY);
      return rp->status(mem.register_observer(rq.cap_slot));  // signals reports from before
    }
    case MM_DUMP_PENDING:
      if (!mem.privileged(rq.badge)) return rp->status(TRONA_INSUFFICIENT_RIGHTS);
      return dump_pending(mem, rp);
    case MM_COPY_FROM_CLIENT_REGION:
    case MM_ALLOC_PRIVATE_COPY_FROM_CLIENT_REGION: return copy_region(mem, rq, rp);
    case MM_ALLOC_INITRD_COPY:
    case MM_ALLOC_BOOTINFO_COPY:
      // init hands mmsrv only its untypeds and its endpoint: it can see
      // neither the initrd nor the boot info, so there is nothing to copy.
      if (!mem.privileged(rq.badge)) return rp->status(TRONA_INSUFFICIENT_RIGHTS);
      return rp->status(TRONA_NOT_FOUND);
    default: break;
  }
  int c = -1;
  uint64_t st = TRONA_OK;
  switch (rq.label) {
    case MM_DEREGISTER:
    case MM_GET_CLIENT_STATS: st = target_client(mem, rq, rq.get(0), &c); break;
    case MM_SHM_MAP:
    case MM_MAP_OBJECT_REGION:
    case MM_SHM_UNMAP: st = target_client(mem, rq, rq.get(1), &c); break;
    case MM_REGISTER_SHARED_REGION: st = target_client(mem, rq, 0, &c); break;  // only its own memory
    case MM_BRK:
    case MM_SBRK:
    case MM_MMAP:
    case MM_MUNMAP:
    case MM_MPROTECT:
    case MM_MAP_BATCH:
    case MM_MAP_WINDOW:
    case MM_UNMAP_WINDOW:
    case MM_PAGER_REQUEST:
    case MM_PAGER_WRITE_REQUEST: st = target_client(mem, rq, 0, &c); break;
    case MM_FORK_REGIONS: st = target_client(mem, rq, rq.get(2), &c); break;  // procmgr forks for a client
    case MM_ALLOC_PRIVATE_REGION:
    case MM_ALLOC_PRIVATE_WINDOW: st = target_client(mem, rq, rq.get(0), &c); break;  // procmgr builds a child
    default: return rp->status(TRONA_INVALID_OPERATION);  // file backing: waits for the VFS
  }
  if (st != TRONA_OK) return rp->status(st);
  uint64_t out = 0;
  switch (rq.label) {
    case MM_DEREGISTER: st = mem.deregister(c); break;
    case MM_GET_CLIENT_STATS: {
      Stats s = mem.stats(c);
      const uint64_t v[] = {s.resident_pages, s.reserved_pages, s.brk,    s.regions,
                            s.quota_pages,    s.pid,            s.faults, s.cow_copies};
      for (uint64_t x : v) rp->push(x);
      return;
    }
    case MM_BRK: st = mem.brk(c, rq.get(0), &out); break;
    case MM_SBRK: st = mem.sbrk(c, static_cast<int64_t>(rq.get(0)), &out); break;
    case MM_MMAP: st = mem.mmap(c, rq.get(0), rq.get(1), rq.get(2), rq.get(3), &out); break;
    case MM_MUNMAP: st = mem.munmap(c, rq.get(0), rq.get(1)); break;
    case MM_MPROTECT: st = mem.mprotect(c, rq.get(0), rq.get(1), rq.get(2)); break;
    case MM_MAP_BATCH: return map_batch(mem, c, rq, rp);
    case MM_MAP_WINDOW: st = mem.map_window(c, rq.get(1), rq.get(0), &out); break;
    case MM_UNMAP_WINDOW: st = mem.unmap_window(c, rq.get(0)); break;
    case MM_SHM_MAP:
    case MM_MAP_OBJECT_REGION: st = mem.shm_map(c, rq.get(0), rq.get(2), rq.get(3), &out); break;
    case MM_REGISTER_SHARED_REGION: st = mem.register_shared_region(c, rq.get(0), rq.get(1), rq.get(2)); break;
    case MM_SHM_UNMAP: st = mem.shm_unmap(c, rq.get(0), rq.get(2)); break;
    case MM_PAGER_REQUEST: st = mem.prefault(c, rq.get(0), rq.get(1) != 0); break;
    case MM_PAGER_WRITE_REQUEST: st = mem.prefault(c, rq.get(0), true); break;
    case MM_ALLOC_PRIVATE_REGION: st = mem.alloc_private_region(c, rq.get(1), rq.get(2), rq.get(3), &out); break;
    case MM_ALLOC_PRIVATE_WINDOW: st = mem.alloc_private_window(c, rq.get(1), rq.get(2), &out); break;
    case MM_FORK_REGIONS: {
      if (rq.cap_slot == lib::kNoCap) return rp->status(TRONA_INVALID_CAPABILITY);
      if (rq.get(0) == 0) return rp->status(TRONA_INVALID_ARGUMENT);
      st = mem.fork_regions(c, rq.get(0), rq.get(1), rq.cap_slot);
      break;
    }
    default: st = TRONA_INVALID_OPERATION; break;
  }
  rp->status(st);
  if (st != TRONA_OK && rq.label == MM_BRK) rp->push(out);  // brk: the break stays where it was
  if (st == TRONA_OK && (rq.label == MM_BRK || rq.label == MM_SBRK || rq.label == MM_MMAP ||
                         rq.label == MM_MAP_WINDOW || rq.label == MM_SHM_MAP || rq.label == MM_ALLOC_PRIVATE_REGION ||
                         rq.label == MM_ALLOC_PRIVATE_WINDOW || rq.label == MM_MAP_OBJECT_REGION))
    rp->push(out);
}

}  // namespace mmsrv
