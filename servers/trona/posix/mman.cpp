// trona/posix/mman.h: anonymous mappings through mmsrv, SHM mappings through
// the VFS's answer (the segment) and mmsrv's MM_SHM_MAP; a small table of
// the process's SHM mappings so munmap knows which kind it has.
#include "trona/posix/mman.h"

#include "trona/clients/mmsrv_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/core/memory.h"
#include "trona/core/process_local.h"
#include "trona/posix/file.h"
#include "trona/posix/errno.h"
#include "trona/posix/file_internal.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

constexpr size_t kMaxShmMaps = 16;

struct ShmMaps {
  uint64_t va[kMaxShmMaps];
  uint64_t id[kMaxShmMaps];
};

uint64_t failed(int e) {
  errno_ref() = e;
  return kMAP_FAILED;
}

}  // namespace

uint64_t mmap(uint64_t addr, size_t length, int prot, int flags, int fd, int64_t offset) {
  if (length == 0) return failed(uapi::kEINVAL);
  if (flags & uapi::kMAP_ANONYMOUS) {
    uint64_t va = 0;
    int e = MmsrvClient().mmap(addr, length, static_cast<uint64_t>(prot), static_cast<uint64_t>(flags), &va);
    return e == 0 ? va : failed(e);
  }
  if (fd < 0) return failed(uapi::kEBADF);
  if (offset < 0 || offset % 4096 != 0) return failed(uapi::kEINVAL);
  if (flags & uapi::kMAP_PRIVATE) {
    // A private copy: an anonymous mapping filled from the file now; its
    // writes stay here (a later change to the file is not seen: see mman.h).
    uint64_t va = 0;
    const uint64_t anon = (static_cast<uint64_t>(flags) & ~static_cast<uint64_t>(uapi::kMAP_PRIVATE)) |
                          uapi::kMAP_PRIVATE | uapi::kMAP_ANONYMOUS;
    if (int e = MmsrvClient().mmap(addr, length, uapi::kPROT_READ | uapi::kPROT_WRITE, anon, &va)) return failed(e);
    char buf[4096];
    for (size_t at = 0; at < length;) {
      long n = pread(fd, buf, length - at < sizeof buf ? length - at : sizeof buf, offset + static_cast<int64_t>(at));
      if (n < 0) {
        const int e = errno_ref();
        MmsrvClient().munmap(va, length);
        return failed(e);
      }
      if (n == 0) break;
      copy_to_va(va + at, buf, static_cast<size_t>(n));
      at += static_cast<size_t>(n);
    }
    if (prot != (uapi::kPROT_READ | uapi::kPROT_WRITE)) MmsrvClient().mprotect(va, length, static_cast<uint64_t>(prot));
    return va;
  }
  uint64_t id = 0, size = 0;
  if (int e = VfsClient().resolve_backing(fd, &id, &size)) return failed(e);
  if (offset != 0) return failed(uapi::kEINVAL);  // a segment maps whole
  ShmMaps& m = process_local<ShmMaps>();
  size_t slot = 0;
  while (slot < kMaxShmMaps && m.va[slot] != 0) ++slot;
  if (slot == kMaxShmMaps) return failed(uapi::kENOMEM);
  uint64_t va = 0;
  if (int e = MmsrvClient().shm_map(id, 0, addr, static_cast<uint64_t>(prot), &va)) return failed(e);
  m.va[slot] = va;
  m.id[slot] = id;
  return va;
}

int munmap(uint64_t addr, size_t length) {
  ShmMaps& m = process_local<ShmMaps>();
  for (size_t i = 0; i < kMaxShmMaps; ++i)
    if (m.va[i] == addr && addr != 0) {
      int e = MmsrvClient().shm_unmap(m.id[i], 0, addr);
      m.va[i] = 0;
      return result(e);
    }
  return result(MmsrvClient().munmap(addr, length));
}

int shm_open(const char* name, int oflag, uint32_t mode) {
  if (!name) return fail(uapi::kEFAULT);
  int fd = -1;
  const uint32_t m = (oflag & uapi::kO_CREAT) ? detail::create_mode(mode) : 0;
  int e = VfsClient().shm_open(name, static_cast<uint64_t>(oflag), m, &fd);
  return result_or(e, fd);
}

int shm_unlink(const char* name) {
  if (!name) return fail(uapi::kEFAULT);
  return result(VfsClient().shm_unlink(name));
}

}  // namespace trona::posix
