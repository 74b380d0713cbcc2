// mmsrv/regions.cpp — a client's address-space layout: regions (brk heap,
// anonymous mmap, windows) found, placed and split; brk/sbrk, mmap, munmap,
// mprotect, windows and procmgr's fixed placements (MM_ALLOC_PRIVATE_*).
// Pages of a region are pages.cpp's.
#include "core/mmsrv/internal.h"
#include "uapi/linux_numbers.h"

namespace mmsrv {

using namespace uapi;
using namespace detail;

// --- regions ------------------------------------------------------------------

int Memory::find_region(int c, uint64_t va) const {
  for (size_t i = 0; i < kMaxRegions; ++i) {
    const Region& r = regions_[i];
    if (r.kind != RegionKind::None && r.client == c && r.start <= va && va < r.end) return int(i);
  }
  return -1;
}

bool Memory::range_free(int c, uint64_t start, uint64_t end) const {
  for (const Region& r : regions_)
    if (r.kind != RegionKind::None && r.client == c && r.start < end && start < r.end) return false;
  return true;
}

uint64_t Memory::check_fixed(int c, uint64_t addr, uint64_t len) const {
  if (!aligned(addr)) return TRONA_INVALID_ARGUMENT;
  if (addr >= kUserVaLimit || len > kUserVaLimit - addr) return TRONA_BAD_ADDRESS;
  return range_free(c, addr, addr + len) ? TRONA_OK : TRONA_ALREADY_EXISTS;
}

uint64_t Memory::find_gap(int c, uint64_t hint, uint64_t length, uint64_t* out) const {
  uint64_t cand = hint ? page_down(hint) : clients_[c].mmap_base;
  for (size_t round = 0; round <= kMaxRegions + 1; ++round) {
    if (length > kUserVaLimit || cand > kUserVaLimit - length) return TRONA_OUT_OF_MEMORY;
    bool moved = false;
    for (const Region& r : regions_) {
      if (r.kind != RegionKind::None && r.client == c && r.start < cand + length && cand < r.end) {
        cand = r.end;
        moved = true;
      }
    }
    if (!moved) {
      *out = cand;
      return TRONA_OK;
    }
  }
  return TRONA_OUT_OF_MEMORY;
}

int Memory::new_region(int c, RegionKind kind, uint64_t start, uint64_t end, uint32_t prot) {
  for (size_t i = 0; i < kMaxRegions; ++i) {
    if (regions_[i].kind != RegionKind::None) continue;
    regions_[i] = Region();
    regions_[i].kind = kind;
    regions_[i].client = uint8_t(c);
    regions_[i].start = start;
    regions_[i].end = end;
    regions_[i].prot = prot;
    return int(i);
  }
  return -1;
}

uint64_t Memory::split_at(int c, uint64_t va) {
  int r = find_region(c, va);
  if (r < 0 || regions_[r].start == va) return TRONA_OK;
  int n = new_region(c, regions_[r].kind, va, regions_[r].end, regions_[r].prot);
  if (n < 0) return TRONA_OUT_OF_MEMORY;
  regions_[n] = regions_[r];  // the same kind of memory (segment, sharing, file) from va on
  regions_[n].start = va;
  regions_[n].shm_first = regions_[r].shm_first + (va - regions_[r].start) / kPage;
  regions_[r].end = va;
  return TRONA_OK;
}


// --- brk / mmap -------------------------------------------------------------------

uint64_t Memory::brk(int c, uint64_t new_brk, uint64_t* now) {
  Client& cl = clients_[c];
  *now = cl.brk;
  if (new_brk == 0) return TRONA_OK;  // query
  uint64_t old_end = 0, new_end = 0;
  if (new_brk < cl.heap_base || !page_up(new_brk, &new_end) || !page_up(cl.brk, &old_end))
    return TRONA_OUT_OF_MEMORY;
  if (new_end > old_end) {
    if (!range_free(c, old_end, new_end)) return TRONA_OUT_OF_MEMORY;
    uint64_t st = reserve(c, (new_end - old_end) / kPage);
    if (st != TRONA_OK) return st;
    int top = -1;
    for (size_t i = 0; i < kMaxRegions; ++i)
      if (regions_[i].kind == RegionKind::Heap && regions_[i].client == c &&
          (top < 0 || regions_[i].end > regions_[top].end))
        top = int(i);
    if (top >= 0 && regions_[top].end == old_end && regions_[top].prot == (kPROT_READ | kPROT_WRITE)) {
      regions_[top].end = new_end;
    } else if (new_region(c, RegionKind::Heap, old_end, new_end, kPROT_READ | kPROT_WRITE) < 0) {
      release_reservation(c, (new_end - old_end) / kPage);
      return TRONA_OUT_OF_MEMORY;
    }
  } else if (new_end < old_end) {
    drop_pages(c, new_end, old_end);
    for (Region& r : regions_) {
      if (r.kind != RegionKind::Heap || r.client != c) continue;
      if (r.start >= new_end) {
        if (r.start == cl.heap_base) r.end = r.start;  // keep the (empty) base region
        else r = Region();
      } else if (r.end > new_end) {
        r.end = new_end;
      }
    }
    release_reservation(c, (old_end - new_end) / kPage);
  }
  cl.brk = new_brk;
  *now = new_brk;
  return TRONA_OK;
}

uint64_t Memory::sbrk(int c, int64_t increment, uint64_t* previous) {
  uint64_t old = clients_[c].brk;
  *previous = old;
  if (increment == 0) return TRONA_OK;
  uint64_t target = increment > 0 ? old + uint64_t(increment) : old - (uint64_t(0) - uint64_t(increment));
  if ((increment > 0 && target < old) || (increment < 0 && target > old)) return TRONA_OUT_OF_MEMORY;
  if (target == 0) return TRONA_OUT_OF_MEMORY;
  uint64_t now = 0;
  return brk(c, target, &now);
}

uint64_t Memory::mmap(int c, uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t* out) {
  uint64_t len = 0;
  if (length == 0 || !page_up(length, &len) || !valid_prot(prot)) return TRONA_INVALID_ARGUMENT;
  if (!(flags & kMAP_ANONYMOUS)) return TRONA_INVALID_ARGUMENT;  // files: MM_FILE_MMAP
  bool shared = (flags & kMAP_SHARED) != 0;
  if (shared == ((flags & kMAP_PRIVATE) != 0)) return TRONA_INVALID_ARGUMENT;
  uint64_t start = 0;
  if (flags & kMAP_FIXED) {
    uint64_t st = check_fixed(c, addr, len);
    if (st != TRONA_OK) return st;
    start = addr;
  } else {
    if (addr >= kUserVaLimit) return TRONA_BAD_ADDRESS;
    uint64_t st = find_gap(c, addr, len, &start);
    if (st != TRONA_OK) return st;
  }
  uint64_t st = reserve(c, len / kPage);
  if (st != TRONA_OK) return st;
  int r = new_region(c, RegionKind::Anon, start, start + len, uint32_t(prot));
  if (r < 0) {
    release_reservation(c, len / kPage);
    return TRONA_OUT_OF_MEMORY;
  }
  regions_[r].shared = shared;
  *out = start;
  return TRONA_OK;
}

uint64_t Memory::munmap(int c, uint64_t addr, uint64_t length) {
  uint64_t len = 0;
  if (!aligned(addr) || length == 0 || !page_up(length, &len)) return TRONA_INVALID_ARGUMENT;
  if (addr >= kUserVaLimit || len > kUserVaLimit - addr) return TRONA_BAD_ADDRESS;
  uint64_t end = addr + len;
  uint64_t st = split_at(c, addr);
  if (st == TRONA_OK) st = split_at(c, end);
  if (st != TRONA_OK) return st;
  for (Region& r : regions_) {
    if (r.client != c || (r.kind != RegionKind::Anon && r.kind != RegionKind::Shm)) continue;
    if (r.start < addr || r.end > end) continue;
    drop_pages(c, r.start, r.end);
    release_reservation(c, (r.end - r.start) / kPage);
    r = Region();
  }
  return TRONA_OK;
}

uint64_t Memory::mprotect(int c, uint64_t addr, uint64_t length, uint64_t prot) {
  uint64_t len = 0;
  if (!aligned(addr) || length == 0 || !page_up(length, &len) || !valid_prot(prot)) return TRONA_INVALID_ARGUMENT;
  if (addr >= kUserVaLimit || len > kUserVaLimit - addr) return TRONA_BAD_ADDRESS;
  uint64_t end = addr + len;
  // The whole range must be covered by regions (Linux: ENOMEM otherwise).
  for (uint64_t va = addr; va < end;) {
    int r = find_region(c, va);
    if (r < 0 || regions_[r].kind == RegionKind::Window) return TRONA_OUT_OF_MEMORY;
    va = regions_[r].end;
  }
  uint64_t st = split_at(c, addr);
  if (st == TRONA_OK) st = split_at(c, end);
  if (st != TRONA_OK) return st;
  for (size_t i = 0; i < kMaxRegions; ++i)
    if (regions_[i].kind != RegionKind::None && regions_[i].client == c && regions_[i].start >= addr &&
        regions_[i].end <= end)
      regions_[i].prot = uint32_t(prot);
  for (Page& pg : pages_) {
    if (!pg.used || pg.client != c || pg.va < addr || pg.va >= end || !pg.mapped) continue;
    if (prot == kPROT_NONE) {
      ops_.unmap_page(c, pg.va);
      pg.mapped = false;
    } else {
      int r = find_region(c, pg.va);
      ops_.protect_page(c, pg.va, vm_flags(c, r, pg.frame) & ~VSPACE_COW);  // COW stays COW
    }
  }
  return TRONA_OK;
}

uint64_t Memory::map_window(int c, uint64_t addr, uint64_t length, uint64_t* out) {
  uint64_t len = 0, start = 0;
  if (length == 0 || !page_up(length, &len)) return TRONA_INVALID_ARGUMENT;
  if (addr >= kUserVaLimit) return TRONA_BAD_ADDRESS;
  uint64_t st = find_gap(c, addr, len, &start);
  if (st != TRONA_OK) return st;
  if (new_region(c, RegionKind::Window, start, start + len, kPROT_NONE) < 0) return TRONA_OUT_OF_MEMORY;
  *out = start;
  return TRONA_OK;
}

uint64_t Memory::unmap_window(int c, uint64_t addr) {
  for (Region& r : regions_)
    if (r.kind == RegionKind::Window && r.client == c && r.start == addr) {
      r = Region();
      return TRONA_OK;
    }
  return TRONA_NOT_FOUND;
}

uint64_t Memory::alloc_private_region(int c, uint64_t addr, uint64_t length, uint64_t prot, uint64_t* out) {
  if (addr == 0) return TRONA_INVALID_ARGUMENT;  // always a fixed placement
  return mmap(c, addr, length, prot, kMAP_PRIVATE | kMAP_ANONYMOUS | kMAP_FIXED, out);
}

uint64_t Memory::alloc_private_window(int c, uint64_t addr, uint64_t length, uint64_t* out) {
  uint64_t len = 0;
  if (addr == 0 || length == 0 || !page_up(length, &len)) return TRONA_INVALID_ARGUMENT;
  uint64_t st = check_fixed(c, addr, len);
  if (st != TRONA_OK) return st;
  if (new_region(c, RegionKind::Window, addr, addr + len, kPROT_NONE) < 0) return TRONA_OUT_OF_MEMORY;
  *out = addr;
  return TRONA_OK;
}

}  // namespace mmsrv
