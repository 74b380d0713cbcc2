// The ring buffer of fs/vfs/pipe.h.
#include "fs/vfs/pipe.h"

namespace vfs {

Pipe* Pipe::make(lib::Allocator a) {
  Pipe* p = a.make<Pipe>();
  if (!p) return nullptr;
  p->bytes = static_cast<char*>(a.allocate(kPipeCapacity));
  if (!p->bytes) {
    a.destroy(p);
    return nullptr;
  }
  return p;
}

void Pipe::destroy(lib::Allocator a, Pipe* p) {
  if (!p) return;
  a.release(p->bytes, kPipeCapacity);
  a.destroy(p);
}

size_t Pipe::put(const char* data, size_t n) {
  if (n > space()) n = space();
  for (size_t i = 0; i < n; ++i) bytes[(head + len + i) % kPipeCapacity] = data[i];
  len += n;
  if (n) ++generation;
  return n;
}

size_t Pipe::take(char* out, size_t n) {
  if (n > len) n = len;
  for (size_t i = 0; i < n; ++i) out[i] = bytes[(head + i) % kPipeCapacity];
  head = (head + n) % kPipeCapacity;
  len -= n;
  if (n) ++generation;
  return n;
}

void Pipe::untake(size_t n) {
  head = (head + kPipeCapacity - n % kPipeCapacity) % kPipeCapacity;
  len += n;
}

void Pipe::unput(size_t n) { len -= n < len ? n : len; }

}  // namespace vfs
