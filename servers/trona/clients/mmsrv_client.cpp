#include "trona/clients/mmsrv_client.h"

#include "trona/core/client.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace uapi::mmsrv;

namespace {

constexpr size_t kDumpRecords = 6;

int simple(uint64_t ep, uint64_t label, const uint64_t* mrs, size_t n, ClientReply* rp, bool idempotent = false) {
  ClientRequest rq(label);
  for (size_t i = 0; i < n; ++i) rq.push(mrs[i]);
  rq.idempotent = idempotent;
  return server_call(ep, rq, rp);
}

// A call whose reply MR0 is an address (*addr_out, when asked for).
int address_call(uint64_t ep, uint64_t label, const uint64_t* mrs, size_t n, uint64_t* addr_out) {
  ClientReply rp;
  int e = simple(ep, label, mrs, n, &rp);
  if (e == 0 && addr_out) *addr_out = rp.get(0);
  return e;
}

}  // namespace

int MmsrvClient::register_client(uint64_t badge, uint64_t heap_base, uint64_t mmap_base, uint64_t pid,
                                 uint64_t vspace_slot, uint64_t quota_pages) const {
  ClientRequest rq(MM_REGISTER);
  rq.push(badge);
  rq.push(heap_base);
  rq.push(mmap_base);
  rq.push(pid);
  rq.push(quota_pages);
  rq.push_cap(vspace_slot);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

int MmsrvClient::deregister(uint64_t badge) const {
  ClientReply rp;
  const uint64_t m[] = {badge};
  return simple(ep_, MM_DEREGISTER, m, 1, &rp);
}

int MmsrvClient::brk(uint64_t new_break, uint64_t* now) const {
  ClientReply rp;
  const uint64_t m[] = {new_break};
  int e = simple(ep_, MM_BRK, m, 1, &rp, true);  // absolute: safe to resend
  if (e == 0 && now) *now = rp.get(0);
  return e;
}

int MmsrvClient::sbrk(int64_t increment, uint64_t* previous) const {
  ClientReply rp;
  const uint64_t m[] = {static_cast<uint64_t>(increment)};
  int e = simple(ep_, MM_SBRK, m, 1, &rp);
  if (e == 0 && previous) *previous = rp.get(0);
  return e;
}

int MmsrvClient::mmap(uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t* addr_out) const {
  ClientReply rp;
  const uint64_t m[] = {addr, length, prot, flags};
  int e = simple(ep_, MM_MMAP, m, 4, &rp);
  if (e == 0 && addr_out) *addr_out = rp.get(0);
  return e;
}

int MmsrvClient::munmap(uint64_t addr, uint64_t length) const {
  ClientReply rp;
  const uint64_t m[] = {addr, length};
  return simple(ep_, MM_MUNMAP, m, 2, &rp, true);
}

int MmsrvClient::mprotect(uint64_t addr, uint64_t length, uint64_t prot) const {
  ClientReply rp;
  const uint64_t m[] = {addr, length, prot};
  return simple(ep_, MM_MPROTECT, m, 3, &rp, true);
}

int MmsrvClient::map_batch(const MmMapRequest* requests, size_t count, uint64_t* out) const {
  ClientRequest rq(MM_MAP_BATCH);
  rq.push(count);
  for (size_t i = 0; i < count; ++i) {
    if (requests[i].prot > 0xFFFFFFFF || requests[i].flags > 0xFFFFFFFF) return uapi::kEINVAL;
    if (!rq.push(requests[i].addr) || !rq.push(requests[i].length) ||
        !rq.push(requests[i].prot | requests[i].flags << 32))
      return uapi::kEINVAL;
  }
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0 && out)
    for (size_t i = 0; i < count; ++i) out[i] = rp.get(i);
  return e;
}

int MmsrvClient::map_window(uint64_t length, uint64_t addr, uint64_t* addr_out) const {
  ClientReply rp;
  const uint64_t m[] = {length, addr};
  int e = simple(ep_, MM_MAP_WINDOW, m, 2, &rp);
  if (e == 0 && addr_out) *addr_out = rp.get(0);
  return e;
}

int MmsrvClient::unmap_window(uint64_t addr) const {
  ClientReply rp;
  const uint64_t m[] = {addr};
  return simple(ep_, MM_UNMAP_WINDOW, m, 1, &rp);
}

int MmsrvClient::shm_create(uint64_t shm_id, uint64_t pages) const {
  ClientReply rp;
  const uint64_t m[] = {shm_id, pages};
  return simple(ep_, MM_SHM_CREATE, m, 2, &rp);
}

int MmsrvClient::shm_map(uint64_t shm_id, uint64_t target, uint64_t addr, uint64_t prot, uint64_t* addr_out) const {
  ClientReply rp;
  const uint64_t m[] = {shm_id, target, addr, prot};
  int e = simple(ep_, MM_SHM_MAP, m, 4, &rp);
  if (e == 0 && addr_out) *addr_out = rp.get(0);
  return e;
}

int MmsrvClient::shm_unmap(uint64_t shm_id, uint64_t target, uint64_t addr) const {
  ClientReply rp;
  const uint64_t m[] = {shm_id, target, addr};
  return simple(ep_, MM_SHM_UNMAP, m, 3, &rp);
}

int MmsrvClient::shm_destroy(uint64_t shm_id) const {
  ClientReply rp;
  const uint64_t m[] = {shm_id};
  return simple(ep_, MM_SHM_DESTROY, m, 1, &rp);
}

int MmsrvClient::shm_resize(uint64_t shm_id, uint64_t pages) const {
  ClientReply rp;
  const uint64_t m[] = {shm_id, pages};
  return simple(ep_, MM_SHM_RESIZE, m, 2, &rp, true);
}

int MmsrvClient::fork_regions(uint64_t child_badge, uint64_t child_pid, uint64_t child_vspace_slot,
                              uint64_t parent_badge) const {
  ClientRequest rq(MM_FORK_REGIONS);
  rq.push(child_badge);
  rq.push(child_pid);
  rq.push(parent_badge);
  rq.push_cap(child_vspace_slot);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

int MmsrvClient::stats(uint64_t badge, MmStats* out) const {
  ClientReply rp;
  const uint64_t m[] = {badge};
  int e = simple(ep_, MM_GET_CLIENT_STATS, m, 1, &rp, true);
  if (e == 0 && out)
    *out = MmStats{rp.get(0), rp.get(1), rp.get(2), rp.get(3), rp.get(4), rp.get(5), rp.get(6), rp.get(7)};
  return e;
}

int MmsrvClient::pager_request(uint64_t addr, bool write) const {
  ClientReply rp;
  const uint64_t m[] = {addr, write ? uint64_t{1} : uint64_t{0}};
  return simple(ep_, MM_PAGER_REQUEST, m, 2, &rp, true);
}

int MmsrvClient::register_shared_region(uint64_t object_id, uint64_t addr, uint64_t length) const {
  ClientReply rp;
  const uint64_t m[] = {object_id, addr, length};
  return simple(ep_, MM_REGISTER_SHARED_REGION, m, 3, &rp);
}

int MmsrvClient::map_object_region(uint64_t object_id, uint64_t target, uint64_t addr, uint64_t prot,
                                   uint64_t* addr_out) const {
  const uint64_t m[] = {object_id, target, addr, prot};
  return address_call(ep_, MM_MAP_OBJECT_REGION, m, 4, addr_out);
}

int MmsrvClient::pager_write_request(uint64_t addr) const {
  ClientReply rp;
  const uint64_t m[] = {addr};
  return simple(ep_, MM_PAGER_WRITE_REQUEST, m, 1, &rp, true);
}

int MmsrvClient::alloc_private_region(uint64_t target, uint64_t addr, uint64_t length, uint64_t prot,
                                      uint64_t* addr_out) const {
  const uint64_t m[] = {target, addr, length, prot};
  return address_call(ep_, MM_ALLOC_PRIVATE_REGION, m, 4, addr_out);
}

int MmsrvClient::alloc_private_window(uint64_t target, uint64_t addr, uint64_t length, uint64_t* addr_out) const {
  const uint64_t m[] = {target, addr, length};
  return address_call(ep_, MM_ALLOC_PRIVATE_WINDOW, m, 3, addr_out);
}

int MmsrvClient::copy_from_client_region(uint64_t src, uint64_t src_addr, uint64_t dst, uint64_t dst_addr,
                                         uint64_t length) const {
  ClientReply rp;
  const uint64_t m[] = {src, src_addr, dst, dst_addr, length};
  return simple(ep_, MM_COPY_FROM_CLIENT_REGION, m, 5, &rp, true);  // same bytes again: safe to resend
}

int MmsrvClient::alloc_private_copy_from_client_region(uint64_t src, uint64_t src_addr, uint64_t dst,
                                                       uint64_t dst_addr, uint64_t length, uint64_t prot,
                                                       uint64_t* addr_out) const {
  const uint64_t m[] = {src, src_addr, dst, dst_addr, length, prot};
  return address_call(ep_, MM_ALLOC_PRIVATE_COPY_FROM_CLIENT_REGION, m, 6, addr_out);
}

int MmsrvClient::alloc_initrd_copy(uint64_t target, uint64_t addr) const {
  ClientReply rp;
  const uint64_t m[] = {target, addr};
  return simple(ep_, MM_ALLOC_INITRD_COPY, m, 2, &rp);
}

int MmsrvClient::alloc_bootinfo_copy(uint64_t target, uint64_t addr) const {
  ClientReply rp;
  const uint64_t m[] = {target, addr};
  return simple(ep_, MM_ALLOC_BOOTINFO_COPY, m, 2, &rp);
}

int MmsrvClient::register_fault_observer(uint64_t notification_slot) const {
  ClientRequest rq(MM_REGISTER_PAGER_EP);
  rq.push(0);  // kind 0: fault observer
  rq.push_cap(notification_slot);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

int MmsrvClient::dump_pending(MmFaultReport* out, size_t max, size_t* count, size_t* remaining) const {
  if (max < kDumpRecords) return uapi::kEINVAL;  // the server pops up to 6
  ClientReply rp;
  int e = simple(ep_, MM_DUMP_PENDING, nullptr, 0, &rp);
  if (e != 0) return e;
  size_t n = static_cast<size_t>(rp.get(0));
  if (n > kDumpRecords) n = kDumpRecords;
  for (size_t i = 0; i < n; ++i)
    out[i] = MmFaultReport{rp.get(2 + 5 * i), rp.get(3 + 5 * i), rp.get(4 + 5 * i), rp.get(5 + 5 * i),
                           rp.get(6 + 5 * i)};
  if (count) *count = n;
  if (remaining) *remaining = static_cast<size_t>(rp.get(1));
  return 0;
}

}  // namespace trona
