// The physical address space as real bytes: RAM (owned, zero-filled, lazily
// committed by the host) and byte-backed device memory owned elsewhere (a
// framebuffer BAR). Devices DMA through it; the kernel model maps its pages.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hw_model/core/range_map.h"
#include "hw_model/machine_bus.h"

namespace hw {

class PhysMem {
 public:
  PhysMem() = default;
  ~PhysMem();
  PhysMem(const PhysMem&) = delete;
  PhysMem& operator=(const PhysMem&) = delete;

  // Adds `size` zero bytes at `base` owned by this object; nullptr when the
  // range overlaps another.
  std::uint8_t* add_ram(PAddr base, std::uint64_t size);
  // Maps bytes owned by a device at `base` (moves when a BAR moves).
  bool map_external(PAddr base, std::uint64_t size, std::uint8_t* bytes);
  void unmap_external(PAddr base);

  // Host pointer for [addr, addr+len) when it lies inside one region.
  std::uint8_t* translate(PAddr addr, std::uint64_t len) {
    if (addr - hot_base_ < hot_size_ && len <= hot_size_ - (addr - hot_base_)) return hot_bytes_ + (addr - hot_base_);
    return translate_slow(addr, len);
  }
  // Copies across region boundaries; false (partial copy) on a hole.
  bool read(PAddr addr, void* dst, std::size_t len);
  bool write(PAddr addr, const void* src, std::size_t len);

  template <class T>
  bool load(PAddr addr, T& out) { return read(addr, &out, sizeof(T)); }
  template <class T>
  bool store(PAddr addr, const T& v) { return write(addr, &v, sizeof(T)); }

 private:
  struct Backing {
    std::uint8_t* bytes = nullptr;
    bool owned = false;
  };
  std::uint8_t* translate_slow(PAddr addr, std::uint64_t len);

  RangeMap<Backing> regions_;
  // The last region hit, checked first (RAM nearly always).
  PAddr hot_base_ = 0;
  std::uint64_t hot_size_ = 0;
  std::uint8_t* hot_bytes_ = nullptr;
};

}  // namespace hw
