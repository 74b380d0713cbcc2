// trona/posix/mman.h — mmap/munmap and POSIX shared memory.
//
//   int fd = trona::posix::shm_open("/ring", kO_CREAT | kO_RDWR, 0600);
//   trona::posix::ftruncate(fd, 4096);
//   uint64_t va = trona::posix::mmap(0, 4096, kPROT_READ | kPROT_WRITE, kMAP_SHARED, fd, 0);
//   trona::copy_to_va(va, "hi", 2);     // (trona/core/memory.h: how host code
//                                       //  in the simulator touches it)
//
// mmap returns the virtual address (kMAP_FAILED = ~0 with errno). Anonymous
// mappings (MAP_ANONYMOUS, fd -1) come from mmsrv. MAP_SHARED of a /dev/shm
// object or a tmpfs file (≤ 1 MiB) maps the SHM segment that holds its bytes
// (from offset 0: another offset is EINVAL), so writes through the mapping
// are what read() returns and msync has nothing to do. MAP_PRIVATE is an
// anonymous copy filled from the file at mmap time: its writes are its own
// (deviation: a later change to the file is not seen in it, where Linux
// shows it in pages not yet written). Devices and server mounts: ENODEV.
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
// MAP_SHARED mappings share the file's bytes: nothing to write back.
inline int msync(uint64_t /*addr*/, size_t /*length*/, int /*flags*/) { return 0; }
// shm_open(3) / shm_unlink(3): name "/" + one component.
int shm_open(const char* name, int oflag, uint32_t mode);
int shm_unlink(const char* name);

}  // namespace trona::posix
