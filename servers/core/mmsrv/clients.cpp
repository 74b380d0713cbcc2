// mmsrv/clients.cpp — clients (MM_REGISTER / MM_DEREGISTER), their quota of
// reserved pages, MM_GET_CLIENT_STATS and the fault observer.
#include "core/mmsrv/internal.h"

namespace mmsrv {

using namespace uapi;
using namespace detail;

// --- clients --------------------------------------------------------------------

int Memory::find_client(uint64_t badge) const {
  for (size_t i = 0; i < kMaxClients; ++i)
    if (clients_[i].used && clients_[i].badge == badge) return int(i);
  return -1;
}

uint64_t Memory::register_client(uint64_t badge, uint64_t heap_base, uint64_t mmap_base, uint64_t pid,
                                 uint64_t quota_pages, uint64_t vspace_cap_slot) {
  if (!aligned(heap_base) || !aligned(mmap_base) || heap_base >= kUserVaLimit || mmap_base >= kUserVaLimit)
    return TRONA_INVALID_ARGUMENT;
  if (find_client(badge) >= 0) return TRONA_ALREADY_EXISTS;
  int c = -1;
  for (size_t i = 0; i < kMaxClients && c < 0; ++i)
    if (!clients_[i].used) c = int(i);
  if (c < 0) return TRONA_OUT_OF_MEMORY;
  int heap = new_region(c, RegionKind::Heap, heap_base, heap_base, kPROT_READ | kPROT_WRITE);
  if (heap < 0) return TRONA_OUT_OF_MEMORY;
  uint64_t st = ops_.adopt_vspace(c, vspace_cap_slot);
  if (st != TRONA_OK) {
    regions_[heap] = Region();
    return st;
  }
  Client& cl = clients_[c];
  cl = Client();
  cl.used = true;
  cl.badge = badge;
  cl.pid = pid;
  cl.heap_base = heap_base;
  cl.brk = heap_base;
  cl.mmap_base = mmap_base;
  cl.quota_pages = quota_pages;
  return TRONA_OK;
}

uint64_t Memory::deregister(int c) {
  for (size_t p = 0; p < kMaxPages; ++p)
    if (pages_[p].used && pages_[p].client == c) drop_page(int(p), true);
  for (Region& r : regions_)
    if (r.kind != RegionKind::None && r.client == c) r = Region();
  ops_.drop_vspace(c);
  clients_[c] = Client();
  return TRONA_OK;
}

uint64_t Memory::reserve(int c, uint64_t pages) {
  Client& cl = clients_[c];
  if (cl.quota_pages != 0 && (pages > cl.quota_pages || cl.reserved_pages > cl.quota_pages - pages))
    return TRONA_OUT_OF_MEMORY;
  cl.reserved_pages += pages;
  return TRONA_OK;
}

void Memory::release_reservation(int c, uint64_t pages) {
  Client& cl = clients_[c];
  cl.reserved_pages = pages > cl.reserved_pages ? 0 : cl.reserved_pages - pages;
}

Stats Memory::stats(int c) const {
  const Client& cl = clients_[c];
  uint64_t n = 0;
  for (const Region& r : regions_)
    if (r.kind != RegionKind::None && r.client == c && r.end > r.start) ++n;
  return {cl.resident_pages, cl.reserved_pages, cl.brk, n, cl.quota_pages, cl.pid, cl.faults, cl.cow_copies};
}

// --- the fault observer ---------------------------------------------------------

uint64_t Memory::register_observer(uint64_t from_slot) {
  uint64_t st = ops_.adopt_observer(from_slot);
  observer_ = st == TRONA_OK;
  if (observer_ && fault_count_ != 0) ops_.signal_observer();  // reports from before
  return st;
}

}  // namespace mmsrv
