// mmsrv/fork.cpp — MM_FORK_REGIONS: a new client with copies of the
// parent's regions; private pages copy-on-write in both, shared ones shared.
#include "core/mmsrv/internal.h"

namespace mmsrv {

using namespace uapi;
using namespace detail;

// --- fork ----------------------------------------------------------------------------

uint64_t Memory::fork_regions(int parent, uint64_t child_badge, uint64_t child_pid, uint64_t vspace_cap_slot) {
  const Client& pc = clients_[parent];
  uint64_t st = register_client(child_badge, pc.heap_base, pc.mmap_base, child_pid, pc.quota_pages, vspace_cap_slot);
  if (st != TRONA_OK) return st;
  int child = find_client(child_badge);
  Client& cc = clients_[child];
  cc.brk = pc.brk;
  cc.reserved_pages = pc.reserved_pages;
  // Regions: the child's empty heap base region is replaced by copies of all of the parent's.
  for (Region& r : regions_)
    if (r.kind != RegionKind::None && r.client == child) r = Region();
  for (size_t i = 0; i < kMaxRegions; ++i) {
    if (regions_[i].kind == RegionKind::None || regions_[i].client != parent) continue;
    int n = new_region(child, regions_[i].kind, regions_[i].start, regions_[i].end, regions_[i].prot);
    if (n < 0) {
      deregister(child);
      return TRONA_OUT_OF_MEMORY;
    }
    Region copy = regions_[i];
    copy.client = uint8_t(child);
    regions_[n] = copy;
  }
  // Pages: private ones become copy-on-write in both, shared ones are shared.
  for (size_t i = 0; i < kMaxPages; ++i) {
    if (!pages_[i].used || pages_[i].client != parent) continue;
    int q = -1;
    for (size_t j = 0; j < kMaxPages && q < 0; ++j)
      if (!pages_[j].used) q = int(j);
    if (q < 0) {
      deregister(child);
      return TRONA_OUT_OF_MEMORY;
    }
    const Page pg = pages_[i];
    int r = find_region(parent, pg.va);
    ref_frame(pg.frame);
    bool mapped = false;
    if (pg.mapped && r >= 0) {
      if (regions_[r].shared)
        st = ops_.map_page(child, pg.va, pg.frame, vm_flags(parent, r, pg.frame));
      else
        st = ops_.clone_cow(parent, pg.va, child);
      mapped = st == TRONA_OK;  // if not, the child maps it on its first touch
    }
    pages_[q] = {true, mapped, uint8_t(child), pg.frame, pg.va};
    ++cc.resident_pages;
  }
  return TRONA_OK;
}

}  // namespace mmsrv
