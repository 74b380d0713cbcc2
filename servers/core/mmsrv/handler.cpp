#include "core/mmsrv/handler.h"

#include "proto/mmsrv_server.h"

namespace mmsrv {

using namespace uapi;
using namespace uapi::mmsrv;
using namespace proto::mmsrv;

namespace {

constexpr uint64_t kCaller = 0;  // a badge field naming the caller

// The fault messages the kernel sends mmsrv as the pager (label 2 = VM
// fault, MR0 addr, MR1 error code, MR2 pc, MR3 1 = instruction fetch; the
// other fault labels) are not MM_* labels: no .idl layout, read by hand.
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

// The handlers of the generated dispatch (uapi/proto/mmsrv.idl).
struct Service {
  Memory& mem;

  // The badge a badge field names: 0 = the caller; another badge only for
  // privileged callers.
  uint64_t named(uint64_t badge_field, const proto::Call& call, uint64_t* badge) const {
    *badge = badge_field == kCaller ? call.badge() : badge_field;
    return *badge == call.badge() || mem.privileged(call.badge()) ? TRONA_OK : TRONA_INSUFFICIENT_RIGHTS;
  }
  // f(client index) once the badge field names a registered client; the
  // refusal (INSUFFICIENT_RIGHTS, NOT_FOUND) otherwise.
  template <class F>
  uint64_t on(uint64_t badge_field, const proto::Call& call, F f) const {
    uint64_t badge = 0;
    if (uint64_t st = named(badge_field, call, &badge); st != TRONA_OK) return st;
    int c = mem.find_client(badge);
    return c < 0 ? TRONA_NOT_FOUND : f(c);
  }

  uint64_t mm_register(const MmRegister::In& in, MmRegister::Reply&, proto::Call& call) {
    uint64_t badge = 0;
    if (uint64_t st = named(in.badge, call, &badge); st != TRONA_OK) return st;
    if (in.vspace == lib::kNoCap) return TRONA_INVALID_CAPABILITY;
    return mem.register_client(badge, in.heap_base, in.mmap_base, in.pid, in.quota_pages, in.vspace);
  }

  uint64_t mm_deregister(const MmDeregister::In& in, MmDeregister::Reply&, proto::Call& call) {
    return on(in.badge, call, [&](int c) { return mem.deregister(c); });
  }

  uint64_t mm_brk(const MmBrk::In& in, MmBrk::Reply& out, proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.brk(c, in.new_break, &out.now); });
  }

  uint64_t mm_sbrk(const MmSbrk::In& in, MmSbrk::Reply& out, proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.sbrk(c, in.increment, &out.previous); });
  }

  uint64_t mm_mmap(const MmMmap::In& in, MmMmap::Reply& out, proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.mmap(c, in.addr, in.length, in.prot, in.flags, &out.addr); });
  }

  uint64_t mm_munmap(const MmMunmap::In& in, MmMunmap::Reply&, proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.munmap(c, in.addr, in.length); });
  }

  uint64_t mm_mprotect(const MmMprotect::In& in, MmMprotect::Reply&, proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.mprotect(c, in.addr, in.length, in.prot); });
  }

  // n entries of 3 words (addr, length, prot | flags << 32); all or nothing.
  uint64_t mm_map_batch(const MmMapBatch::In& in, MmMapBatch::Reply& out, proto::Call& call) {
    return on(kCaller, call, [&](int c) -> uint64_t {
      const uint64_t n = in.n;
      if (n == 0 || n > kMaxMapBatch || in.entries_count < 3 * n) return TRONA_INVALID_ARGUMENT;
      const uint64_t* e = in.entries;
      for (uint64_t i = 0; i < n; ++i) {
        uint64_t st = mem.mmap(c, e[3 * i], e[3 * i + 1], e[3 * i + 2] & 0xFFFFFFFF, e[3 * i + 2] >> 32, &out.addrs[i]);
        if (st != TRONA_OK) {
          for (uint64_t j = 0; j < i; ++j) mem.munmap(c, out.addrs[j], e[3 * j + 1]);
          return st;
        }
      }
      out.addrs_count = n;
      return TRONA_OK;
    });
  }

  uint64_t mm_map_window(const MmMapWindow::In& in, MmMapWindow::Reply& out, proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.map_window(c, in.addr, in.length, &out.addr); });
  }

  uint64_t mm_unmap_window(const MmUnmapWindow::In& in, MmUnmapWindow::Reply&, proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.unmap_window(c, in.addr); });
  }

  uint64_t mm_shm_create(const MmShmCreate::In& in, MmShmCreate::Reply&, proto::Call&) {
    return mem.shm_create(in.shm_id, in.pages);
  }

  uint64_t mm_shm_map(const MmShmMap::In& in, MmShmMap::Reply& out, proto::Call& call) {
    return on(in.target, call, [&](int c) { return mem.shm_map(c, in.shm_id, in.addr, in.prot, &out.addr); });
  }

  uint64_t mm_shm_unmap(const MmShmUnmap::In& in, MmShmUnmap::Reply&, proto::Call& call) {
    return on(in.target, call, [&](int c) { return mem.shm_unmap(c, in.shm_id, in.addr); });
  }

  uint64_t mm_fork_regions(const MmForkRegions::In& in, MmForkRegions::Reply&, proto::Call& call) {
    return on(in.parent, call, [&](int c) -> uint64_t {  // procmgr forks for a client
      if (in.child_vspace == lib::kNoCap) return TRONA_INVALID_CAPABILITY;
      if (in.child_badge == 0) return TRONA_INVALID_ARGUMENT;
      return mem.fork_regions(c, in.child_badge, in.child_pid, in.child_vspace);
    });
  }

  uint64_t mm_shm_destroy(const MmShmDestroy::In& in, MmShmDestroy::Reply&, proto::Call&) {
    return mem.shm_destroy(in.shm_id);
  }

  uint64_t mm_shm_resize(const MmShmResize::In& in, MmShmResize::Reply&, proto::Call&) {
    return mem.shm_resize(in.shm_id, in.pages);
  }

  uint64_t mm_get_client_stats(const MmGetClientStats::In& in, MmGetClientStats::Reply& out, proto::Call& call) {
    return on(in.badge, call, [&](int c) {
      Stats s = mem.stats(c);
      out = MmGetClientStats::Reply{s.resident_pages, s.reserved_pages, s.brk,    s.regions,
                                    s.quota_pages,    s.pid,            s.faults, s.cow_copies};
      return TRONA_OK;
    });
  }

  uint64_t mm_register_shared_region(const MmRegisterSharedRegion::In& in, MmRegisterSharedRegion::Reply&,
                                     proto::Call& call) {
    return on(kCaller, call, [&](int c) {  // only its own memory
      return mem.register_shared_region(c, in.object_id, in.addr, in.length);
    });
  }

  uint64_t mm_map_object_region(const MmMapObjectRegion::In& in, MmMapObjectRegion::Reply& out, proto::Call& call) {
    return on(in.target, call, [&](int c) { return mem.shm_map(c, in.object_id, in.addr, in.prot, &out.addr); });
  }

  uint64_t mm_file_mmap(const MmFileMmap::In& in, MmFileMmap::Reply& out, proto::Call& call) {
    return on(kCaller, call, [&](int c) {
      return mem.file_mmap(c, in.addr, in.length, in.prot, in.flags, in.offset, in.backing, &out.addr);
    });
  }

  template <class Reply>
  static uint64_t range_reply(uint64_t st, const FileRange& r, Reply& out) {
    if (st == TRONA_OK) out = Reply{r.backing, r.offset, r.length, r.shared};
    return st;
  }

  uint64_t mm_sync_file_backing(const MmSyncFileBacking::In& in, MmSyncFileBacking::Reply& out, proto::Call& call) {
    return on(kCaller, call, [&](int c) {
      FileRange r;
      return range_reply(mem.file_range(c, in.addr, 0, &r), r, out);
    });
  }

  uint64_t mm_sync_mmap_write(const MmSyncMmapWrite::In& in, MmSyncMmapWrite::Reply& out, proto::Call& call) {
    return on(kCaller, call, [&](int c) -> uint64_t {
      if (in.length == 0) return TRONA_INVALID_ARGUMENT;
      FileRange r;
      return range_reply(mem.file_range(c, in.addr, in.length, &r), r, out);
    });
  }

  uint64_t mm_pager_request(const MmPagerRequest::In& in, MmPagerRequest::Reply&, proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.prefault(c, in.addr, in.write); });
  }

  uint64_t mm_pager_write_request(const MmPagerWriteRequest::In& in, MmPagerWriteRequest::Reply&,
                                  proto::Call& call) {
    return on(kCaller, call, [&](int c) { return mem.prefault(c, in.addr, true); });
  }

  uint64_t mm_dump_pending(const MmDumpPending::In&, MmDumpPending::Reply& out, proto::Call& call) {
    if (!mem.privileged(call.badge())) return TRONA_INSUFFICIENT_RIGHTS;
    FaultRecord r;
    while (out.n < kDumpRecordsPerReply && mem.pop_fault(&r)) {
      const uint64_t v[] = {r.pid, r.badge, r.addr, r.pc, r.code};
      for (uint64_t x : v) out.records[out.records_count++] = x;
      ++out.n;
    }
    out.remaining = mem.pending_faults();
    return TRONA_OK;
  }

  uint64_t mm_register_pager_ep(const MmRegisterPagerEp::In& in, MmRegisterPagerEp::Reply&, proto::Call& call) {
    if (!mem.privileged(call.badge())) return TRONA_INSUFFICIENT_RIGHTS;
    if (in.kind != 0) return TRONA_INVALID_ARGUMENT;  // only kind 0 (fault observer) so far
    if (in.notification == lib::kNoCap) return TRONA_INVALID_CAPABILITY;
    return mem.register_observer(in.notification);  // signals reports from before
  }

  uint64_t mm_alloc_private_region(const MmAllocPrivateRegion::In& in, MmAllocPrivateRegion::Reply& out,
                                   proto::Call& call) {
    return on(in.target, call, [&](int c) {  // procmgr builds a child
      return mem.alloc_private_region(c, in.addr, in.length, in.prot, &out.addr);
    });
  }

  uint64_t mm_alloc_private_window(const MmAllocPrivateWindow::In& in, MmAllocPrivateWindow::Reply& out,
                                   proto::Call& call) {
    return on(in.target, call, [&](int c) { return mem.alloc_private_window(c, in.addr, in.length, &out.addr); });
  }

  // init hands mmsrv only its untypeds and its endpoint: it can see
  // neither the initrd nor the boot info, so there is nothing to copy.
  uint64_t mm_alloc_initrd_copy(const MmAllocInitrdCopy::In&, MmAllocInitrdCopy::Reply&, proto::Call& call) {
    return mem.privileged(call.badge()) ? TRONA_NOT_FOUND : TRONA_INSUFFICIENT_RIGHTS;
  }

  uint64_t mm_alloc_bootinfo_copy(const MmAllocBootinfoCopy::In&, MmAllocBootinfoCopy::Reply&, proto::Call& call) {
    return mem.privileged(call.badge()) ? TRONA_NOT_FOUND : TRONA_INSUFFICIENT_RIGHTS;
  }

  uint64_t mm_copy_from_client_region(const MmCopyFromClientRegion::In& in, MmCopyFromClientRegion::Reply&,
                                      proto::Call& call) {
    return on(in.src, call, [&](int src) {
      return on(in.dst, call, [&](int dst) { return mem.copy_region(src, in.src_addr, dst, in.dst_addr, in.length); });
    });
  }

  uint64_t mm_alloc_private_copy_from_client_region(const MmAllocPrivateCopyFromClientRegion::In& in,
                                                     MmAllocPrivateCopyFromClientRegion::Reply& out,
                                                     proto::Call& call) {
    return on(in.src, call, [&](int src) {
      return on(in.dst, call, [&](int dst) {
        return mem.alloc_private_copy(src, in.src_addr, dst, in.dst_addr, in.length, in.prot, &out.addr);
      });
    });
  }
};

}  // namespace

void handle(Memory& mem, const lib::Request& rq, lib::Reply* rp) {
  *rp = lib::Reply();
  switch (rq.label) {
    case FAULT_VM: return vm_fault(mem, rq, rp);
    case FAULT_NULL:
    case FAULT_CAP:
    case FAULT_UNKNOWN_SYSCALL:
    case FAULT_USER_EXCEPTION: return other_fault(mem, rq, rp);
    default: break;
  }
  // MM_BRK's own failures carry the unchanged break (error=shape in the
  // .idl); a caller that is no client is refused with an empty reply, a
  // shape the generated dispatch cannot give an error=shape label.
  if (rq.label == MM_BRK && mem.find_client(rq.badge) < 0) return rp->status(TRONA_NOT_FOUND);
  Service s{mem};
  proto::mmsrv::dispatch(s, rq, rp);  // 0x94, 0x95, 0x97 (no format): INVALID_OPERATION
}

}  // namespace mmsrv
