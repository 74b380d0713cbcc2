// Driver-side memory: hands out guest-physical buffers from a RAM range of
// the boot memory map and reaches their bytes only through
// MachineBus::ram_page, as a kernel mapping frames would.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "hw_model/machine_bus.h"

namespace hostdrv {

class DmaArena {
 public:
  DmaArena(hw::MachineBus& bus, hw::PAddr base, std::uint64_t size) : bus_(bus), next_(base), end_(base + size) {}
  // The first RAM region above 1 MiB of the boot memory map.
  explicit DmaArena(hw::MachineBus& bus) : bus_(bus) {
    for (const auto& r : bus.boot_info().memory_map)
      if (r.kind == hw::RegionKind::Ram && r.base >= 0x100000) {
        next_ = r.base;
        end_ = r.base + r.size;
        return;
      }
    throw std::runtime_error("no RAM above 1 MiB");
  }

  hw::PAddr alloc(std::uint64_t size, std::uint64_t align = 16) {
    const hw::PAddr a = (next_ + align - 1) & ~(align - 1);
    if (a + size > end_) throw std::runtime_error("dma arena exhausted");
    next_ = a + size;
    return a;
  }

  void write(hw::PAddr a, const void* src, std::size_t len) {
    const auto* in = static_cast<const std::uint8_t*>(src);
    walk(a, len, [&](std::uint8_t* p, std::size_t n) { std::memcpy(p, in, n), in += n; });
  }
  void read(hw::PAddr a, void* dst, std::size_t len) {
    auto* out = static_cast<std::uint8_t*>(dst);
    walk(a, len, [&](std::uint8_t* p, std::size_t n) { std::memcpy(out, p, n), out += n; });
  }
  void fill(hw::PAddr a, std::uint8_t v, std::size_t len) {
    walk(a, len, [&](std::uint8_t* p, std::size_t n) { std::memset(p, v, n); });
  }
  template <class T>
  T load(hw::PAddr a) {
    T v;
    read(a, &v, sizeof v);
    return v;
  }
  template <class T>
  void store(hw::PAddr a, T v) { write(a, &v, sizeof v); }

  hw::MachineBus& bus() { return bus_; }

 private:
  template <class F>
  void walk(hw::PAddr a, std::size_t len, F&& f) {
    while (len) {
      const hw::PAddr page = a & ~(hw::kPageSize - 1);
      std::uint8_t* p = bus_.ram_page(page);
      if (!p) throw std::runtime_error("dma arena: address not in RAM");
      const std::size_t n = std::min<std::size_t>(len, hw::kPageSize - (a - page));
      f(p + (a - page), n);
      a += n;
      len -= n;
    }
  }

  hw::MachineBus& bus_;
  hw::PAddr next_ = 0, end_ = 0;
};

}  // namespace hostdrv
