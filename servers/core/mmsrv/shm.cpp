// mmsrv/shm.cpp — SHM segments (MM_SHM_CREATE / MAP / UNMAP / DESTROY /
// RESIZE) and shared regions (MM_REGISTER_SHARED_REGION; MM_MAP_OBJECT_REGION
// maps them like MM_SHM_MAP).
#include "core/mmsrv/internal.h"

namespace mmsrv {

using namespace uapi;
using namespace detail;

// --- SHM ---------------------------------------------------------------------------

int detail::find_shm(const Shm* shm, uint64_t id) {
  for (size_t i = 0; i < kMaxShm; ++i)
    if (shm[i].used && shm[i].id == id) return int(i);
  return -1;
}

uint64_t Memory::shm_create(uint64_t id, uint64_t pages) {
  if (pages == 0 || pages > kMaxShmPages) return TRONA_INVALID_ARGUMENT;
  if (find_shm(shm_, id) >= 0) return TRONA_ALREADY_EXISTS;
  for (Shm& s : shm_) {
    if (s.used) continue;
    s.used = true;
    s.id = id;
    s.pages = pages;
    for (uint16_t& f : s.frame) f = kNoFrame;
    return TRONA_OK;
  }
  return TRONA_OUT_OF_MEMORY;
}

uint64_t Memory::shm_map(int c, uint64_t id, uint64_t addr, uint64_t prot, uint64_t* out) {
  int s = find_shm(shm_, id);
  if (s < 0) return TRONA_NOT_FOUND;
  if (!valid_prot(prot)) return TRONA_INVALID_ARGUMENT;
  uint64_t len = shm_[s].pages * kPage, start = 0;
  uint64_t st = addr != 0 ? check_fixed(c, addr, len) : find_gap(c, 0, len, &start);
  if (st != TRONA_OK) return st;
  if (addr != 0) start = addr;
  return map_segment(c, s, start, 0, shm_[s].pages, prot, true, out);
}

uint64_t Memory::map_segment(int c, int s, uint64_t start, uint64_t first, uint64_t pages, uint64_t prot, bool shared,
                             uint64_t* out) {
  uint64_t st = reserve(c, pages);
  if (st != TRONA_OK) return st;
  int r = new_region(c, RegionKind::Shm, start, start + pages * kPage, uint32_t(prot));
  if (r < 0) {
    release_reservation(c, pages);
    return TRONA_OUT_OF_MEMORY;
  }
  regions_[r].shm = uint8_t(s);
  regions_[r].shm_first = first;
  regions_[r].shared = shared;
  *out = start;
  return TRONA_OK;
}

uint64_t Memory::shm_unmap(int c, uint64_t id, uint64_t addr) {
  int s = find_shm(shm_, id);
  if (s < 0) return TRONA_NOT_FOUND;
  uint64_t end = addr + shm_[s].pages * kPage;
  bool any = false;
  for (Region& r : regions_) {
    if (r.kind != RegionKind::Shm || r.client != c || r.shm != s) continue;
    if (addr != 0 && (r.start < addr || r.start >= end)) continue;
    drop_pages(c, r.start, r.end);
    release_reservation(c, (r.end - r.start) / kPage);
    r = Region();
    any = true;
  }
  return any ? TRONA_OK : TRONA_NOT_FOUND;
}

uint64_t Memory::shm_destroy(uint64_t id) {
  int s = find_shm(shm_, id);
  if (s < 0) return TRONA_NOT_FOUND;
  for (const Region& r : regions_)
    if (r.kind == RegionKind::Shm && r.shm == s) return TRONA_BUSY;
  for (uint16_t& f : shm_[s].frame)
    if (f != kNoFrame) unref_frame(f);
  shm_[s] = Shm();
  return TRONA_OK;
}

uint64_t Memory::shm_resize(uint64_t id, uint64_t pages) {
  int s = find_shm(shm_, id);
  if (s < 0) return TRONA_NOT_FOUND;
  if (pages == 0 || pages > kMaxShmPages) return TRONA_INVALID_ARGUMENT;
  if (pages < shm_[s].pages) {
    for (const Region& r : regions_)
      if (r.kind == RegionKind::Shm && r.shm == s && r.shm_first + (r.end - r.start) / kPage > pages)
        return TRONA_BUSY;  // a mapping still covers the tail
    for (uint64_t i = pages; i < shm_[s].pages; ++i)
      if (shm_[s].frame[i] != kNoFrame) {
        unref_frame(shm_[s].frame[i]);
        shm_[s].frame[i] = kNoFrame;
      }
  }
  shm_[s].pages = pages;
  return TRONA_OK;
}

uint64_t Memory::register_shared_region(int c, uint64_t id, uint64_t addr, uint64_t length) {
  uint64_t len = 0;
  if (!aligned(addr) || length == 0 || !page_up(length, &len)) return TRONA_INVALID_ARGUMENT;
  if (addr >= kUserVaLimit || len > kUserVaLimit - addr) return TRONA_BAD_ADDRESS;
  int r = find_region(c, addr);
  if (r < 0) return TRONA_BAD_ADDRESS;
  Region& reg = regions_[r];
  // One whole anonymous region: its bounds become the segment's.
  if (reg.kind != RegionKind::Anon || reg.start != addr || reg.end != addr + len) return TRONA_INVALID_ARGUMENT;
  if (len / kPage > kMaxShmPages) return TRONA_INVALID_ARGUMENT;
  if (find_shm(shm_, id) >= 0) return TRONA_ALREADY_EXISTS;
  for (const Page& pg : pages_)  // a page still copy-on-write with a fork relative cannot be shared
    if (pg.used && pg.client == c && pg.va >= addr && pg.va < addr + len && !reg.shared && frames_[pg.frame].refs > 1)
      return TRONA_BUSY;
  uint64_t st = shm_create(id, len / kPage);
  if (st != TRONA_OK) return st;
  int s = find_shm(shm_, id);
  for (const Page& pg : pages_)
    if (pg.used && pg.client == c && pg.va >= addr && pg.va < addr + len) {
      shm_[s].frame[(pg.va - addr) / kPage] = pg.frame;
      ref_frame(pg.frame);  // the segment's reference
    }
  reg.kind = RegionKind::Shm;
  reg.shm = uint8_t(s);
  reg.shm_first = 0;
  reg.shared = true;
  return TRONA_OK;
}

}  // namespace mmsrv
