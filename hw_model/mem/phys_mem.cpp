#include "hw_model/mem/phys_mem.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace hw {

PhysMem::~PhysMem() {
  for (const auto& e : regions_.entries())
    if (e.value.owned) ::munmap(e.value.bytes, e.size);
}

std::uint8_t* PhysMem::add_ram(PAddr base, std::uint64_t size) {
  // Anonymous mappings are zero-filled and committed page by page on first
  // touch, so a machine with 1 GiB of RAM costs only what it uses.
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  auto* bytes = static_cast<std::uint8_t*>(p);
  if (!regions_.add(base, size, Backing{bytes, true})) {
    ::munmap(p, size);
    return nullptr;
  }
  return bytes;
}

bool PhysMem::map_external(PAddr base, std::uint64_t size, std::uint8_t* bytes) {
  return regions_.add(base, size, Backing{bytes, false});
}

void PhysMem::unmap_external(PAddr base) {
  regions_.remove_if([&](const auto& e) { return !e.value.owned && e.base == base; });
  hot_base_ = hot_size_ = 0;
  hot_bytes_ = nullptr;
}

std::uint8_t* PhysMem::translate_slow(PAddr addr, std::uint64_t len) {
  const auto* e = regions_.find(addr);
  if (!e || len > e->size - (addr - e->base)) return nullptr;
  hot_base_ = e->base;
  hot_size_ = e->size;
  hot_bytes_ = e->value.bytes;
  return e->value.bytes + (addr - e->base);
}

bool PhysMem::read(PAddr addr, void* dst, std::size_t len) {
  if (const std::uint8_t* p = translate(addr, len)) {
    std::memcpy(dst, p, len);
    return true;
  }
  auto* out = static_cast<std::uint8_t*>(dst);
  while (len > 0) {
    const auto* e = regions_.find(addr);
    if (!e) return false;
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(len, e->size - (addr - e->base)));
    std::memcpy(out, e->value.bytes + (addr - e->base), n);
    out += n;
    addr += n;
    len -= n;
  }
  return true;
}

bool PhysMem::write(PAddr addr, const void* src, std::size_t len) {
  if (std::uint8_t* p = translate(addr, len)) {
    std::memcpy(p, src, len);
    return true;
  }
  const auto* in = static_cast<const std::uint8_t*>(src);
  while (len > 0) {
    const auto* e = regions_.find(addr);
    if (!e) return false;
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(len, e->size - (addr - e->base)));
    std::memcpy(e->value.bytes + (addr - e->base), in, n);
    in += n;
    addr += n;
    len -= n;
  }
  return true;
}

}  // namespace hw
