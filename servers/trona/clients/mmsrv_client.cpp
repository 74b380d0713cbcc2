#include "trona/clients/mmsrv_client.h"

#include "proto/mmsrv_client.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace uapi::mmsrv;
using namespace proto::mmsrv;

namespace {

// A call whose reply is one address (*addr_out, when asked for).
template <class L>
int address_call(uint64_t ep, const typename L::Request& m, uint64_t* addr_out) {
  typename L::Reply out;
  int e = call(ep, m, &out);
  if (e == 0 && addr_out) *addr_out = out.addr;
  return e;
}

}  // namespace

int MmsrvClient::register_client(uint64_t badge, uint64_t heap_base, uint64_t mmap_base, uint64_t pid,
                                 uint64_t vspace_slot, uint64_t quota_pages) const {
  return call(ep_, MmRegister::Request{.badge = badge, .heap_base = heap_base, .mmap_base = mmap_base, .pid = pid,
                                       .quota_pages = quota_pages, .vspace = vspace_slot});
}

int MmsrvClient::deregister(uint64_t badge) const { return call(ep_, MmDeregister::Request{.badge = badge}); }

int MmsrvClient::brk(uint64_t new_break, uint64_t* now) const {
  MmBrk::Reply out;
  int e = call(ep_, MmBrk::Request{.new_break = new_break}, &out);  // absolute: idempotent
  if (e == 0 && now) *now = out.now;
  return e;
}

int MmsrvClient::sbrk(int64_t increment, uint64_t* previous) const {
  MmSbrk::Reply out;
  int e = call(ep_, MmSbrk::Request{.increment = increment}, &out);
  if (e == 0 && previous) *previous = out.previous;
  return e;
}

int MmsrvClient::mmap(uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t* addr_out) const {
  return address_call<MmMmap>(ep_, {.addr = addr, .length = length, .prot = prot, .flags = flags}, addr_out);
}

int MmsrvClient::munmap(uint64_t addr, uint64_t length) const {
  return call(ep_, MmMunmap::Request{.addr = addr, .length = length});
}

int MmsrvClient::mprotect(uint64_t addr, uint64_t length, uint64_t prot) const {
  return call(ep_, MmMprotect::Request{.addr = addr, .length = length, .prot = prot});
}

int MmsrvClient::map_batch(const MmMapRequest* requests, size_t count, uint64_t* out) const {
  MmMapBatch::Request m{.n = count};
  if (count > sizeof m.entries / sizeof m.entries[0] / 3) return uapi::kEINVAL;  // does not fit one message
  for (size_t i = 0; i < count; ++i) {
    if (requests[i].prot > 0xFFFFFFFF || requests[i].flags > 0xFFFFFFFF) return uapi::kEINVAL;
    m.entries[m.entries_count++] = requests[i].addr;
    m.entries[m.entries_count++] = requests[i].length;
    m.entries[m.entries_count++] = requests[i].prot | requests[i].flags << 32;
  }
  MmMapBatch::Reply r;
  int e = call(ep_, m, &r);
  if (e == 0 && out)
    for (size_t i = 0; i < count; ++i) out[i] = r.addrs[i];
  return e;
}

int MmsrvClient::map_window(uint64_t length, uint64_t addr, uint64_t* addr_out) const {
  return address_call<MmMapWindow>(ep_, {.length = length, .addr = addr}, addr_out);
}

int MmsrvClient::unmap_window(uint64_t addr) const { return call(ep_, MmUnmapWindow::Request{.addr = addr}); }

int MmsrvClient::shm_create(uint64_t shm_id, uint64_t pages) const {
  return call(ep_, MmShmCreate::Request{.shm_id = shm_id, .pages = pages});
}

int MmsrvClient::shm_map(uint64_t shm_id, uint64_t target, uint64_t addr, uint64_t prot, uint64_t* addr_out) const {
  return address_call<MmShmMap>(ep_, {.shm_id = shm_id, .target = target, .addr = addr, .prot = prot}, addr_out);
}

int MmsrvClient::shm_unmap(uint64_t shm_id, uint64_t target, uint64_t addr) const {
  return call(ep_, MmShmUnmap::Request{.shm_id = shm_id, .target = target, .addr = addr});
}

int MmsrvClient::file_mmap(uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t offset,
                           uint64_t backing, uint64_t* addr_out) const {
  return address_call<MmFileMmap>(
      ep_, {.addr = addr, .length = length, .prot = prot, .flags = flags, .offset = offset, .backing = backing},
      addr_out);
}

namespace {
template <class Reply>
MmFileRange range_of(const Reply& r) {
  return {r.backing, r.offset, r.length, r.shared};
}
}  // namespace

int MmsrvClient::file_range(uint64_t addr, uint64_t length, MmFileRange* out) const {
  int e = 0;
  if (length == 0) {
    MmSyncFileBacking::Reply r;
    if ((e = call(ep_, MmSyncFileBacking::Request{.addr = addr}, &r)) == 0) *out = range_of(r);
  } else {
    MmSyncMmapWrite::Reply r;
    if ((e = call(ep_, MmSyncMmapWrite::Request{.addr = addr, .length = length}, &r)) == 0) *out = range_of(r);
  }
  return e;
}

int MmsrvClient::shm_destroy(uint64_t shm_id) const { return call(ep_, MmShmDestroy::Request{.shm_id = shm_id}); }

int MmsrvClient::shm_resize(uint64_t shm_id, uint64_t pages) const {
  return call(ep_, MmShmResize::Request{.shm_id = shm_id, .pages = pages});
}

int MmsrvClient::fork_regions(uint64_t child_badge, uint64_t child_pid, uint64_t child_vspace_slot,
                              uint64_t parent_badge) const {
  return call(ep_, MmForkRegions::Request{.child_badge = child_badge, .child_pid = child_pid,
                                          .parent = parent_badge, .child_vspace = child_vspace_slot});
}

int MmsrvClient::stats(uint64_t badge, MmStats* out) const {
  MmGetClientStats::Reply r;
  int e = call(ep_, MmGetClientStats::Request{.badge = badge}, &r);
  if (e == 0 && out)
    *out = MmStats{r.resident_pages, r.reserved_pages, r.brk, r.regions, r.quota_pages, r.pid, r.faults, r.cow_copies};
  return e;
}

int MmsrvClient::pager_request(uint64_t addr, bool write) const {
  return call(ep_, MmPagerRequest::Request{.addr = addr, .write = write});
}

int MmsrvClient::register_shared_region(uint64_t object_id, uint64_t addr, uint64_t length) const {
  return call(ep_, MmRegisterSharedRegion::Request{.object_id = object_id, .addr = addr, .length = length});
}

int MmsrvClient::map_object_region(uint64_t object_id, uint64_t target, uint64_t addr, uint64_t prot,
                                   uint64_t* addr_out) const {
  return address_call<MmMapObjectRegion>(ep_, {.object_id = object_id, .target = target, .addr = addr, .prot = prot},
                                         addr_out);
}

int MmsrvClient::pager_write_request(uint64_t addr) const {
  return call(ep_, MmPagerWriteRequest::Request{.addr = addr});
}

int MmsrvClient::alloc_private_region(uint64_t target, uint64_t addr, uint64_t length, uint64_t prot,
                                      uint64_t* addr_out) const {
  return address_call<MmAllocPrivateRegion>(ep_, {.target = target, .addr = addr, .length = length, .prot = prot},
                                            addr_out);
}

int MmsrvClient::alloc_private_window(uint64_t target, uint64_t addr, uint64_t length, uint64_t* addr_out) const {
  return address_call<MmAllocPrivateWindow>(ep_, {.target = target, .addr = addr, .length = length}, addr_out);
}

int MmsrvClient::copy_from_client_region(uint64_t src, uint64_t src_addr, uint64_t dst, uint64_t dst_addr,
                                         uint64_t length) const {
  return call(ep_, MmCopyFromClientRegion::Request{.src = src, .src_addr = src_addr, .dst = dst, .dst_addr = dst_addr,
                                                   .length = length});
}

int MmsrvClient::alloc_private_copy_from_client_region(uint64_t src, uint64_t src_addr, uint64_t dst,
                                                       uint64_t dst_addr, uint64_t length, uint64_t prot,
                                                       uint64_t* addr_out) const {
  return address_call<MmAllocPrivateCopyFromClientRegion>(
      ep_, {.src = src, .src_addr = src_addr, .dst = dst, .dst_addr = dst_addr, .length = length, .prot = prot},
      addr_out);
}

int MmsrvClient::alloc_initrd_copy(uint64_t target, uint64_t addr) const {
  return call(ep_, MmAllocInitrdCopy::Request{.target = target, .addr = addr});
}

int MmsrvClient::alloc_bootinfo_copy(uint64_t target, uint64_t addr) const {
  return call(ep_, MmAllocBootinfoCopy::Request{.target = target, .addr = addr});
}

int MmsrvClient::register_fault_observer(uint64_t notification_slot) const {
  return call(ep_, MmRegisterPagerEp::Request{.kind = 0, .notification = notification_slot});  // kind 0: fault observer
}

int MmsrvClient::dump_pending(MmFaultReport* out, size_t max, size_t* count, size_t* remaining) const {
  if (max < kDumpRecordsPerReply) return uapi::kEINVAL;  // the server pops up to 6
  MmDumpPending::Reply r;
  int e = call(ep_, MmDumpPending::Request{}, &r);
  if (e != 0) return e;
  size_t n = r.n > kDumpRecordsPerReply ? kDumpRecordsPerReply : static_cast<size_t>(r.n);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t* v = &r.records[5 * i];
    out[i] = MmFaultReport{v[0], v[1], v[2], v[3], v[4]};
  }
  if (count) *count = n;
  if (remaining) *remaining = static_cast<size_t>(r.remaining);
  return 0;
}

}  // namespace trona
