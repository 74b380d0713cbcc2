// trona/posix/mman.h — mmap/munmap and POSIX shared memory.
//
//   int fd = trona::posix::shm_open("/ring", kO_CREAT | kO_RDWR, 0600);
//   trona::posix::ftruncate(fd, 4096);
//   uint64_t va = trona::posix::mmap(0, 4096, kPROT_READ | kPROT_WRITE, kMAP_SHARED, fd, 0);
//   trona::copy_to_va(va, "hi", 2);     // (trona/core/memory.h: how host code
//                                       //  in the simulator touches it)
//
// mmap returns the virtual address (kMAP_FAILED = ~0 with errno). Anonymous
// mappings (MAP_ANONYMOUS, fd -1) come from mmsrv. A file (a /dev/shm
// object or a tmpfs file ≤ 1 MiB): the VFS names the SHM segment that holds
// its bytes and checks the fd's access mode (VFS_BACKEND_RESOLVE_BACKING),
// mmsrv maps it from a page-aligned offset (MM_FILE_MMAP): MAP_SHARED
// writes are what read() returns; MAP_PRIVATE copies a page on its first
// write, and pages not written still show the file. munmap/msync report a
// written shared range to the VFS (VFS_BACKEND_PAGER_WRITE: mtime).
// Files under a file-system server's mount map the same way (the VFS caches
// them in a segment and writes mapped changes back). Devices: ENODEV.
// The addresses name simulated memory: programs reach the bytes with
// trona::copy_*_va.
// Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace trona::posix {

inline constexpr uint64_t kMAP_FAILED = ~uint64_t{0};

uint64_t mmap(uint64_t addr, size_t length, int prot, int flags, int fd, int64_t offset);
int munmap(uint64_t addr, size_t length);
// msync(2): MS_SYNC / MS_ASYNC (not both) / MS_INVALIDATE; a written range
// of a MAP_SHARED file mapping is reported to the VFS (its mtime); ENOMEM
// when nothing is mapped at addr.
int msync(uint64_t addr, size_t length, int flags);
// shm_open(3) / shm_unlink(3): name "/" + one component.
int shm_open(const char* name, int oflag, uint32_t mode);
int shm_unlink(const char* name);

}  // namespace trona::posix
