// fs/vfs/pipe.h — the byte buffer of a pipe or FIFO: 64 KiB (Linux's default
// capacity), a ring, and how many open file descriptions hold each end.
//
//   Pipe* p = Pipe::make(alloc);     // nullptr: ENOMEM
//   size_t n = p->put(data, len);    // what fitted
//   n = p->take(buf, count);
//
// The blocking rules (who waits, EOF, EPIPE) are the server's
// (fs/vfs/vfs_pipes.cpp); this is only the buffer. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/allocator.h"

namespace vfs {

inline constexpr size_t kPipeCapacity = 64 * 1024;
inline constexpr size_t kPipeBuf = 4096;  // PIPE_BUF: writes up to this are atomic

struct Pipe {
  static Pipe* make(lib::Allocator a);
  static void destroy(lib::Allocator a, Pipe* p);

  size_t used() const { return len; }
  size_t space() const { return kPipeCapacity - len; }
  size_t put(const char* data, size_t n);
  size_t take(char* out, size_t n);
  // Undo the last take / put of n bytes (an answer nobody received).
  void untake(size_t n);
  void unput(size_t n);

  char* bytes = nullptr;  // kPipeCapacity
  size_t head = 0, len = 0;
  uint32_t readers = 0, writers = 0;  // open file descriptions per end
  uint64_t id = 0;
  uint64_t generation = 0;  // bumped by every change (edge-triggered epoll)
  uint32_t uid = 0, gid = 0;  // the creator (fstat)
};

}  // namespace vfs
