// mmsrv/files.cpp — file mappings: MM_FILE_MMAP maps a range of the SHM
// segment that holds a file's bytes (the VFS keeps a mapped file's bytes in
// one, VFS_BACKEND_RESOLVE_BACKING names it), shared or copy-on-write
// private; MM_SYNC_FILE_BACKING / MM_SYNC_MMAP_WRITE say which file range
// a mapping (or part of one) stands for, so msync/munmap can ask the VFS to
// write it back (VFS_BACKEND_PAGER_WRITE). mmsrv never calls the VFS
// itself: see README.md, "File mappings".
#include "core/mmsrv/internal.h"

namespace mmsrv {

using namespace uapi;
using namespace detail;

uint64_t Memory::file_mmap(int c, uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t offset,
                           uint64_t backing, uint64_t* out) {
  uint64_t len = 0;
  if (length == 0 || !page_up(length, &len) || !valid_prot(prot) || !aligned(offset)) return TRONA_INVALID_ARGUMENT;
  if (flags & kMAP_ANONYMOUS) return TRONA_INVALID_ARGUMENT;  // anonymous: MM_MMAP (other bits are ignored, as there)
  const bool shared = (flags & kMAP_SHARED) != 0;
  if (shared == ((flags & kMAP_PRIVATE) != 0)) return TRONA_INVALID_ARGUMENT;
  int s = find_shm(shm_, backing);
  if (s < 0) return TRONA_NOT_FOUND;
  const uint64_t first = offset / kPage, pages = len / kPage;
  if (first > shm_[s].pages || pages > shm_[s].pages - first) return TRONA_INVALID_ARGUMENT;  // past what can back it
  uint64_t start = addr;
  if (flags & kMAP_FIXED) {
    if (uint64_t st = check_fixed(c, addr, len); st != TRONA_OK) return st;
  } else {
    if (addr >= kUserVaLimit) return TRONA_BAD_ADDRESS;
    if (uint64_t st = find_gap(c, page_down(addr), len, &start); st != TRONA_OK) return st;
  }
  uint64_t st = map_segment(c, s, start, first, pages, prot, shared, out);
  if (st == TRONA_OK) regions_[find_region(c, start)].file = true;
  return st;
}

uint64_t Memory::file_range(int c, uint64_t addr, uint64_t length, FileRange* out) const {
  if (length != 0 && !aligned(addr)) return TRONA_INVALID_ARGUMENT;
  if (addr >= kUserVaLimit) return TRONA_BAD_ADDRESS;
  int r = find_region(c, addr);
  if (r < 0) return TRONA_NOT_FOUND;
  const Region& reg = regions_[r];
  if (!reg.file) {  // other memory: nothing to write back
    *out = FileRange();
    return TRONA_OK;
  }
  uint64_t len = 0;
  if (length == 0) {  // the whole mapping `addr` lies in
    addr = reg.start;
    len = reg.end - reg.start;
  } else if (!page_up(length, &len) || len > reg.end - addr) {
    return TRONA_NOT_FOUND;  // a file mapping's range must lie in it
  }
  out->backing = shm_[reg.shm].id;
  out->offset = (reg.shm_first + (addr - reg.start) / kPage) * kPage;
  out->length = len;
  out->shared = reg.shared;
  return TRONA_OK;
}

}  // namespace mmsrv
