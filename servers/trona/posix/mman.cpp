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

uint64_t failed(int e) {
  errno_ref() = e;
  return kMAP_FAILED;
}

// A shared file mapping's range was written: the VFS is told (mtime).
int write_back(const MmFileRange& r) {
  return r.shared && r.length ? VfsClient().pager_write(r.backing, r.offset, r.length) : 0;
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
  const bool shared = (flags & uapi::kMAP_SHARED) != 0;
  if (shared == ((flags & uapi::kMAP_PRIVATE) != 0)) return failed(uapi::kEINVAL);
  // The VFS names the segment that holds the file's bytes (and checks the
  // fd's access mode); mmsrv maps it.
  uint64_t id = 0, size = 0;
  if (int e = VfsClient().resolve_backing(fd, shared && (prot & uapi::kPROT_WRITE), &id, &size)) return failed(e);
  uint64_t va = 0;
  int e = MmsrvClient().file_mmap(addr, length, static_cast<uint64_t>(prot), static_cast<uint64_t>(flags),
                                  static_cast<uint64_t>(offset), id, &va);
  return e == 0 ? va : failed(e);
}

int munmap(uint64_t addr, size_t length) {
  // What a shared file mapping wrote is written back first (as msync).
  MmFileRange r;
  if (addr % 4096 == 0 && length > 0 && MmsrvClient().file_range(addr, length, &r) == 0) write_back(r);
  return result(MmsrvClient().munmap(addr, length));
}

int msync(uint64_t addr, size_t length, int flags) {
  const int known = uapi::kMS_ASYNC | uapi::kMS_SYNC | uapi::kMS_INVALIDATE;
  if (addr % 4096 != 0 || (flags & ~known) || ((flags & uapi::kMS_ASYNC) && (flags & uapi::kMS_SYNC)))
    return fail(uapi::kEINVAL);
  if (length == 0) return 0;
  MmFileRange r;
  int e = MmsrvClient().file_range(addr, length, &r);
  if (e == uapi::kENOENT) return fail(uapi::kENOMEM);  // nothing mapped there (Linux)
  return e != 0 ? fail(e) : result(write_back(r));
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
