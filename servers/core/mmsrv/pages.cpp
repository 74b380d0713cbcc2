// mmsrv/pages.cpp — frames (reference counts, reuse), page records (client,
// VA) -> frame, demand paging and fault resolution (first touch,
// PROT_NONE pages, copy-on-write breaks), the queue of refused faults, and
// page copies between clients (MM_COPY_FROM_CLIENT_REGION and
// MM_ALLOC_PRIVATE_COPY_FROM_CLIENT_REGION).
#include "core/mmsrv/internal.h"

namespace mmsrv {

using namespace uapi;
using namespace detail;

// --- frames -------------------------------------------------------------------

uint64_t Memory::alloc_frame(uint16_t* out) {
  for (size_t i = 0; i < kMaxFrames; ++i) {
    if (frames_[i].state != Frame::Idle) continue;
    // A reused frame is zeroed by copying the zero page into it.
    if (ops_.zero_frame(uint16_t(i)) != TRONA_OK) continue;
    frames_[i] = {Frame::Used, 0};
    *out = uint16_t(i);
    return TRONA_OK;
  }
  for (size_t i = 0; i < kMaxFrames; ++i) {
    if (frames_[i].state != Frame::Empty) continue;
    if (ops_.retype_frame(uint16_t(i)) != TRONA_OK) return TRONA_OUT_OF_MEMORY;  // no untyped has room
    frames_[i] = {Frame::Used, 0};
    *out = uint16_t(i);
    return TRONA_OK;
  }
  return TRONA_OUT_OF_MEMORY;
}

void Memory::unref_frame(uint16_t f) {
  if (frames_[f].refs > 0) --frames_[f].refs;
  if (frames_[f].refs == 0) frames_[f].state = Frame::Idle;  // cap kept for reuse
}


// --- pages ----------------------------------------------------------------------

int Memory::find_page(int c, uint64_t va) const {
  for (size_t i = 0; i < kMaxPages; ++i)
    if (pages_[i].used && pages_[i].client == c && pages_[i].va == va) return int(i);
  return -1;
}

void Memory::drop_page(int p, bool unmap) {
  Page& pg = pages_[p];
  if (unmap && pg.mapped) ops_.unmap_page(pg.client, pg.va);
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
    uint64_t st = ops_.map_page(c, va, f, vm_flags(c, region, f));
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
    uint64_t st = ops_.map_page(c, va, pg.frame, vm_flags(c, region, pg.frame));
    if (st != TRONA_OK) return st;
    pg.mapped = true;
    return TRONA_OK;
  }
  if (!write) return TRONA_OK;  // spurious (another thread resolved it)
  // A write to a present page of a writable region: copy-on-write.
  uint64_t flags = vm_flags(c, region, pg.frame) & ~VSPACE_COW;
  if (r.shared || frames_[pg.frame].refs == 1)  // last user: take the frame over
    return ops_.cow_resolve(c, va, pg.frame, flags);
  uint16_t nf = kNoFrame;
  uint64_t st = alloc_frame(&nf);
  if (st != TRONA_OK) return st;
  ref_frame(nf);
  st = ops_.cow_resolve(c, va, nf, flags);  // the kernel copies
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
  if (observer_) ops_.signal_observer();
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
    st = ops_.copy_page(src, src_addr + off, pages_[p].frame);
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

}  // namespace mmsrv
