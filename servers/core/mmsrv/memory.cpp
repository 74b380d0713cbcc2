#include "core/mmsrv/memory.h"

#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace mmsrv {

using namespace uapi;

namespace {

constexpr uint64_t kProtMask = static_cast<uint64_t>(kPROT_READ | kPROT_WRITE | kPROT_EXEC);
constexpr uint64_t kUntypedLast = SLOT_BOOTSTRAP_PRIVATE_BASE - 1;  // 16..31

constexpr uint64_t page_down(uint64_t v) { return v & ~(kPage - 1); }
constexpr bool aligned(uint64_t v) { return (v & (kPage - 1)) == 0; }
// Rounds up; false on overflow past the user half.
bool page_up(uint64_t v, uint64_t* out) {
  if (v > kUserVaLimit) return false;
  *out = (v + kPage - 1) & ~(kPage - 1);
  return true;
}
bool valid_prot(uint64_t prot) {
  if (prot & ~kProtMask) return false;
  return !((prot & kPROT_WRITE) && (prot & kPROT_EXEC));  // W^X (the kernel refuses W+X)
}
uint64_t self_cnode(uint64_t label, uint64_t a0, uint64_t a1 = 0, uint64_t a2 = 0) {
  return trona::invoke(SLOT_SELF_CNODE, label, a0, a1, a2).error;
}

}  // namespace

Memory::Memory(const Layout& layout) : layout_(layout) {}

uint64_t Memory::init() {
  uint64_t st = TRONA_OUT_OF_MEMORY;
  for (uint64_t s = layout_.untyped_first; s <= kUntypedLast; s = s == layout_.untyped_first ? SLOT_UNTYPED_BASE : s + 1) {
    st = trona::invoke(s, UNTYPED_RETYPE, OBJ_FRAME, 12, layout_.zero_frame_slot).error;
    if (st == TRONA_OK) break;
  }
  if (st != TRONA_OK) return st;
  return trona::invoke(SLOT_SELF_VSPACE, VSPACE_MAP, layout_.zero_frame_slot, layout_.zero_va, VSPACE_USER).error;
}

// --- frames -------------------------------------------------------------------

uint64_t Memory::alloc_frame(uint16_t* out) {
  for (size_t i = 0; i < kMaxFrames; ++i) {
    if (frames_[i].state != Frame::Idle) continue;
    // A reused frame is zeroed by copying the zero page into it.
    if (trona::invoke(SLOT_SELF_VSPACE, VSPACE_COPY_PAGE, layout_.zero_va, frame_slot(uint16_t(i))).error != TRONA_OK)
      continue;
    frames_[i] = {Frame::Used, 0};
    *out = uint16_t(i);
    return TRONA_OK;
  }
  for (size_t i = 0; i < kMaxFrames; ++i) {
    if (frames_[i].state != Frame::Empty) continue;
    // Untypeds: slot 7, then 16..31; the last one that worked first.
    static constexpr size_t kSources = 1 + (kUntypedLast - SLOT_UNTYPED_BASE + 1);
    for (size_t k = 0; k < kSources; ++k) {
      size_t idx = (untyped_cursor_ + k) % kSources;
      uint64_t slot = idx == 0 ? layout_.untyped_first : SLOT_UNTYPED_BASE + idx - 1;
      if (trona::invoke(slot, UNTYPED_RETYPE, OBJ_FRAME, 12, frame_slot(uint16_t(i))).error == TRONA_OK) {
        untyped_cursor_ = idx;
        frames_[i] = {Frame::Used, 0};
        *out = uint16_t(i);
        return TRONA_OK;
      }
    }
    return TRONA_OUT_OF_MEMORY;
  }
  return TRONA_OUT_OF_MEMORY;
}

void Memory::unref_frame(uint16_t f) {
  if (frames_[f].refs > 0) --frames_[f].refs;
  if (frames_[f].refs == 0) frames_[f].state = Frame::Idle;  // cap kept for reuse
}

// --- clients --------------------------------------------------------------------

int Memory::find_client(uint64_t badge) const {
  for (size_t i = 0; i < kMaxClients; ++i)
    if (clients_[i].used && clients_[i].badge == badge) return int(i);
  return -1;
}

uint64_t Memory::register_client(uint64_t badge, uint64_t heap_base, uint64_t mmap_base, uint64_t pid,
                                 uint64_t quota_pages, uint64_t vspace_cap_slot, uint64_t* keep_at) {
  if (!aligned(heap_base) || !aligned(mmap_base) || heap_base >= kUserVaLimit || mmap_base >= kUserVaLimit)
    return TRONA_INVALID_ARGUMENT;
  if (find_client(badge) >= 0) return TRONA_ALREADY_EXISTS;
  int c = -1;
  for (size_t i = 0; i < kMaxClients && c < 0; ++i)
    if (!clients_[i].used) c = int(i);
  if (c < 0) return TRONA_OUT_OF_MEMORY;
  int heap = new_region(c, RegionKind::Heap, heap_base, heap_base, kPROT_READ | kPROT_WRITE);
  if (heap < 0) return TRONA_OUT_OF_MEMORY;
  self_cnode(CNODE_DELETE, vspace_slot(c));
  uint64_t st = self_cnode(CNODE_MOVE, vspace_slot(c), SLOT_SELF_CNODE, vspace_cap_slot);
  if (st != TRONA_OK) {
    regions_[heap] = Region();
    return st;
  }
  *keep_at = vspace_slot(c);
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
  self_cnode(CNODE_DELETE, vspace_slot(c));
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
  regions_[n].shm = regions_[r].shm;
  regions_[n].shared = regions_[r].shared;
  regions_[n].shm_first = regions_[r].shm_first + (va - regions_[r].start) / kPage;
  regions_[r].end = va;
  return TRONA_OK;
}

// --- pages ----------------------------------------------------------------------

int Memory::find_page(int c, uint64_t va) const {
  for (size_t i = 0; i < kMaxPages; ++i)
    if (pages_[i].used && pages_[i].client == c && pages_[i].va == va) return int(i);
  return -1;
}

void Memory::drop_page(int p, bool unmap) {
  Page& pg = pages_[p];
  if (unmap && pg.mapped) trona::invoke(vspace_slot(pg.client), VSPACE_UNMAP, pg.va);
  unref_frame(pg.frame);
  Client& cl = clients_[pg.client];
  if (cl.resident_pages) --cl.resident_pages;
  pg = Page();
}

void Memory::drop_pages(int c, uint64_t start, uint64_t end) {
  for (size_t p = 0; p < kMaxPages; ++p)
    if (pages_[p].used && pages_[p].client == c && pages_[p].va >= start && pages_[p].va < end) drop_page(int(p), true);
}

uint64_t Memory::vm_flags(int c, int region, uint16_t frame) const {
  (void)c;
  const Region& r = regions_[region];
  uint64_t f = VSPACE_USER;
  if (r.prot & kPROT_WRITE) f |= VSPACE_WRITABLE;
  if (r.prot & kPROT_EXEC) f |= VSPACE_EXECUTABLE;
  if (!r.shared && frames_[frame].refs > 1) f |= VSPACE_COW;  // still shared with a fork relative
  return f;
}

uint64_t Memory::resolve(int c, int region, uint64_t va, bool write, bool exec) {
  Region& r = regions_[region];
  if (r.kind == RegionKind::Window || r.prot == kPROT_NONE) return TRONA_INSUFFICIENT_RIGHTS;
  if ((write && !(r.prot & kPROT_WRITE)) || (exec && !(r.prot & kPROT_EXEC))) return TRONA_INSUFFICIENT_RIGHTS;
  const uint64_t vs = vspace_slot(c);
  int p = find_page(c, va);
  if (p < 0) {  // first touch: a zeroed frame (or the SHM segment's page)
    uint16_t f = kNoFrame;
    if (r.kind == RegionKind::Shm) {
      Shm& s = shm_[r.shm];
      uint64_t idx = r.shm_first + (va - r.start) / kPage;
      if (idx >= s.pages) return TRONA_BAD_ADDRESS;  // past a shrunk segment
      if (s.frame[idx] == kNoFrame) {
        uint64_t st = alloc_frame(&f);
        if (st != TRONA_OK) return st;
        s.frame[idx] = f;
        ref_frame(f);  // the segment's reference
      }
      f = s.frame[idx];
    } else {
      uint64_t st = alloc_frame(&f);
      if (st != TRONA_OK) return st;
    }
    for (size_t i = 0; i < kMaxPages && p < 0; ++i)
      if (!pages_[i].used) p = int(i);
    if (p < 0) {
      if (frames_[f].refs == 0) unref_frame(f);
      return TRONA_OUT_OF_MEMORY;
    }
    ref_frame(f);
    uint64_t st = trona::invoke(vs, VSPACE_MAP, frame_slot(f), va, vm_flags(c, region, f)).error;
    if (st != TRONA_OK) {
      unref_frame(f);
      return st;
    }
    pages_[p] = {true, true, uint8_t(c), f, va};
    ++clients_[c].resident_pages;
    return TRONA_OK;
  }
  Page& pg = pages_[p];
  if (!pg.mapped) {  // kept through PROT_NONE
    uint64_t st = trona::invoke(vs, VSPACE_MAP, frame_slot(pg.frame), va, vm_flags(c, region, pg.frame)).error;
    if (st != TRONA_OK) return st;
    pg.mapped = true;
    return TRONA_OK;
  }
  if (!write) return TRONA_OK;  // spurious (another thread resolved it)
  // A write to a present page of a writable region: copy-on-write.
  uint64_t flags = vm_flags(c, region, pg.frame) & ~VSPACE_COW;
  if (r.shared || frames_[pg.frame].refs == 1)  // last user: take the frame over
    return trona::invoke(vs, VSPACE_COW_RESOLVE, va, frame_slot(pg.frame), flags).error;
  uint16_t nf = kNoFrame;
  uint64_t st = alloc_frame(&nf);
  if (st != TRONA_OK) return st;
  ref_frame(nf);
  st = trona::invoke(vs, VSPACE_COW_RESOLVE, va, frame_slot(nf), flags).error;  // the kernel copies
  if (st != TRONA_OK) {
    unref_frame(nf);
    return st;
  }
  unref_frame(pg.frame);
  pg.frame = nf;
  ++clients_[c].cow_copies;
  return TRONA_OK;
}

// --- faults -------------------------------------------------------------------

void Memory::record(uint64_t pid, uint64_t badge, uint64_t addr, uint64_t pc, uint64_t code) {
  if (fault_count_ == kMaxFaultRecords) {  // drop the oldest
    fault_head_ = (fault_head_ + 1) % kMaxFaultRecords;
    --fault_count_;
  }
  faults_[(fault_head_ + fault_count_) % kMaxFaultRecords] = {pid, badge, addr, pc, code};
  ++fault_count_;
  if (observer_) trona::signal(layout_.observer_slot, 1);
}

bool Memory::pop_fault(FaultRecord* out) {
  if (fault_count_ == 0) return false;
  *out = faults_[fault_head_];
  fault_head_ = (fault_head_ + 1) % kMaxFaultRecords;
  --fault_count_;
  return true;
}

uint64_t Memory::fault(int c, uint64_t badge, uint64_t addr, uint64_t code, uint64_t pc, bool exec) {
  if (c < 0) {
    record(0, badge, addr, pc, code | kSegvUnknownClient << 32);
    return TRONA_NOT_FOUND;
  }
  int r = addr < kUserVaLimit ? find_region(c, addr) : -1;
  uint64_t st = r < 0 ? TRONA_BAD_ADDRESS : resolve(c, r, page_down(addr), (code & kPfWrite) != 0, exec);
  if (st == TRONA_OK) {
    ++clients_[c].faults;
    return st;
  }
  uint64_t reason = st == TRONA_INSUFFICIENT_RIGHTS ? kSegvAccErr
                    : st == TRONA_OUT_OF_MEMORY     ? kSegvNoMemory
                                                    : kSegvMapErr;
  record(clients_[c].pid, badge, addr, pc, code | reason << 32);
  return st;
}

uint64_t Memory::prefault(int c, uint64_t addr, bool write) {
  int r = addr < kUserVaLimit ? find_region(c, addr) : -1;
  if (r < 0) return TRONA_BAD_ADDRESS;
  return resolve(c, r, page_down(addr), write, false);
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
  const uint64_t vs = vspace_slot(c);
  for (Page& pg : pages_) {
    if (!pg.used || pg.client != c || pg.va < addr || pg.va >= end || !pg.mapped) continue;
    if (prot == kPROT_NONE) {
      trona::invoke(vs, VSPACE_UNMAP, pg.va);
      pg.mapped = false;
    } else {
      int r = find_region(c, pg.va);
      trona::invoke(vs, VSPACE_PROTECT, pg.va, vm_flags(c, r, pg.frame) & ~VSPACE_COW);  // COW stays COW
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

// --- copies between clients ------------------------------------------------------

uint64_t Memory::check_copy(int src, uint64_t src_addr, int dst, uint64_t dst_addr, uint64_t length,
                            uint64_t* len) const {
  if (!aligned(src_addr) || !aligned(dst_addr) || length == 0 || !page_up(length, len)) return TRONA_INVALID_ARGUMENT;
  if (src_addr >= kUserVaLimit || *len > kUserVaLimit - src_addr || dst_addr >= kUserVaLimit ||
      *len > kUserVaLimit - dst_addr)
    return TRONA_BAD_ADDRESS;
  if (src == dst && src_addr < dst_addr + *len && dst_addr < src_addr + *len) return TRONA_INVALID_ARGUMENT;
  return TRONA_OK;
}

uint64_t Memory::copy_pages(int src, uint64_t src_addr, int dst, uint64_t dst_addr, uint64_t len, bool as_write) {
  for (uint64_t off = 0; off < len; off += kPage) {
    uint64_t st = prefault(src, src_addr + off, false);
    if (st != TRONA_OK) return st;
    int r = find_region(dst, dst_addr + off);
    if (r < 0) return TRONA_BAD_ADDRESS;
    st = resolve(dst, r, dst_addr + off, as_write, false);
    if (st != TRONA_OK) return st;
    int p = find_page(dst, dst_addr + off);
    if (p < 0) return TRONA_BAD_ADDRESS;
    st = trona::invoke(vspace_slot(src), VSPACE_COPY_PAGE, src_addr + off, frame_slot(pages_[p].frame)).error;
    if (st != TRONA_OK) return st;
  }
  return TRONA_OK;
}

uint64_t Memory::copy_region(int src, uint64_t src_addr, int dst, uint64_t dst_addr, uint64_t length) {
  uint64_t len = 0;
  uint64_t st = check_copy(src, src_addr, dst, dst_addr, length, &len);
  return st != TRONA_OK ? st : copy_pages(src, src_addr, dst, dst_addr, len, true);
}

uint64_t Memory::alloc_private_copy(int src, uint64_t src_addr, int dst, uint64_t dst_addr, uint64_t length,
                                    uint64_t prot, uint64_t* out) {
  uint64_t len = 0;
  uint64_t st = check_copy(src, src_addr, dst, dst_addr, length, &len);
  if (st == TRONA_OK && prot == kPROT_NONE) st = TRONA_INVALID_ARGUMENT;  // nothing could be backed
  if (st == TRONA_OK) st = alloc_private_region(dst, dst_addr, len, prot, out);
  if (st != TRONA_OK) return st;
  // A fresh private region has no pages yet: first touches give private
  // zeroed frames whatever the protection, so no write access is needed.
  st = copy_pages(src, src_addr, dst, dst_addr, len, false);
  if (st != TRONA_OK) munmap(dst, dst_addr, len);
  return st;
}

// --- SHM ---------------------------------------------------------------------------

namespace {
int find_shm(const Shm* shm, uint64_t id) {
  for (size_t i = 0; i < kMaxShm; ++i)
    if (shm[i].used && shm[i].id == id) return int(i);
  return -1;
}
}  // namespace

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
  if (addr != 0) {
    uint64_t st = check_fixed(c, addr, len);
    if (st != TRONA_OK) return st;
    start = addr;
  } else {
    uint64_t st = find_gap(c, 0, len, &start);
    if (st != TRONA_OK) return st;
  }
  uint64_t st = reserve(c, shm_[s].pages);
  if (st != TRONA_OK) return st;
  int r = new_region(c, RegionKind::Shm, start, start + len, uint32_t(prot));
  if (r < 0) {
    release_reservation(c, shm_[s].pages);
    return TRONA_OUT_OF_MEMORY;
  }
  regions_[r].shm = uint8_t(s);
  regions_[r].shared = true;
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

// --- fork ----------------------------------------------------------------------------

uint64_t Memory::fork_regions(int parent, uint64_t child_badge, uint64_t child_pid, uint64_t vspace_cap_slot,
                              uint64_t* keep_at) {
  const Client& pc = clients_[parent];
  uint64_t st = register_client(child_badge, pc.heap_base, pc.mmap_base, child_pid, pc.quota_pages, vspace_cap_slot,
                                keep_at);
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
  const uint64_t pvs = vspace_slot(parent), cvs = vspace_slot(child);
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
        st = trona::invoke(cvs, VSPACE_MAP, frame_slot(pg.frame), pg.va, vm_flags(parent, r, pg.frame)).error;
      else
        st = trona::invoke(pvs, VSPACE_CLONE_COW_PAGE, pg.va, cvs, pg.va).error;
      mapped = st == TRONA_OK;  // if not, the child maps it on its first touch
    }
    pages_[q] = {true, mapped, uint8_t(child), pg.frame, pg.va};
    ++cc.resident_pages;
  }
  return TRONA_OK;
}

}  // namespace mmsrv
