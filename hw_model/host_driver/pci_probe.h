// Driver-side PCI enumeration through configuration mechanism #1 (ports
// 0xCF8/0xCFC), as pcidrv does it: read IDs, size BARs by writing all
// ones with decoding off, walk the capability list.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "hw_model/machine_bus.h"

namespace hostdrv {

struct PciBarInfo {
  std::uint64_t addr = 0;
  std::uint64_t size = 0;
  bool io = false;
};

struct PciCap {
  std::uint8_t offset = 0;
  std::uint8_t id = 0;
};

struct PciProbe {
  std::uint8_t dev = 0, fn = 0;
  std::uint16_t vendor = 0, device = 0;
  std::uint32_t class_code = 0;
  std::uint8_t revision = 0;
  std::uint16_t subsystem = 0;
  std::uint8_t irq_line = 0, irq_pin = 0;
  std::array<PciBarInfo, 6> bars{};
  std::vector<PciCap> caps;
};

inline std::uint32_t cfg_address(std::uint8_t dev, std::uint8_t fn, std::uint16_t off) {
  return 0x8000'0000u | (std::uint32_t{dev} << 11) | (std::uint32_t{fn} << 8) | (off & 0xFCu);
}

inline std::uint32_t cfg_read(hw::MachineBus& bus, std::uint8_t dev, std::uint8_t fn, std::uint16_t off,
                              unsigned size = 4) {
  bus.io_out(0xCF8, 4, cfg_address(dev, fn, off));
  return bus.io_in(static_cast<std::uint16_t>(0xCFC + (off & 3)), size);
}

inline void cfg_write(hw::MachineBus& bus, std::uint8_t dev, std::uint8_t fn, std::uint16_t off, std::uint32_t v,
                      unsigned size = 4) {
  bus.io_out(0xCF8, 4, cfg_address(dev, fn, off));
  bus.io_out(static_cast<std::uint16_t>(0xCFC + (off & 3)), size, v);
}

inline PciProbe probe_function(hw::MachineBus& bus, std::uint8_t dev, std::uint8_t fn) {
  PciProbe p;
  p.dev = dev;
  p.fn = fn;
  const std::uint32_t id = cfg_read(bus, dev, fn, 0);
  p.vendor = static_cast<std::uint16_t>(id);
  p.device = static_cast<std::uint16_t>(id >> 16);
  const std::uint32_t cls = cfg_read(bus, dev, fn, 8);
  p.revision = static_cast<std::uint8_t>(cls);
  p.class_code = cls >> 8;
  p.subsystem = static_cast<std::uint16_t>(cfg_read(bus, dev, fn, 0x2C) >> 16);
  const std::uint32_t intr = cfg_read(bus, dev, fn, 0x3C);
  p.irq_line = static_cast<std::uint8_t>(intr);
  p.irq_pin = static_cast<std::uint8_t>(intr >> 8);

  const std::uint32_t cmd = cfg_read(bus, dev, fn, 4, 2);
  cfg_write(bus, dev, fn, 4, cmd & ~3u, 2);  // decoding off while sizing
  for (unsigned i = 0; i < 6; ++i) {
    const auto off = static_cast<std::uint16_t>(0x10 + 4 * i);
    const std::uint32_t orig = cfg_read(bus, dev, fn, off);
    cfg_write(bus, dev, fn, off, 0xFFFF'FFFFu);
    const std::uint32_t mask = cfg_read(bus, dev, fn, off);
    cfg_write(bus, dev, fn, off, orig);
    if (mask == 0) continue;
    auto& b = p.bars[i];
    if (orig & 1) {
      b.io = true;
      b.addr = orig & ~3u;
      b.size = (~(mask & ~3u) + 1) & 0xFFFF;
    } else if (((orig >> 1) & 3) == 2) {  // 64-bit memory
      const auto off_hi = static_cast<std::uint16_t>(off + 4);
      const std::uint32_t orig_hi = cfg_read(bus, dev, fn, off_hi);
      cfg_write(bus, dev, fn, off_hi, 0xFFFF'FFFFu);
      const std::uint32_t mask_hi = cfg_read(bus, dev, fn, off_hi);
      cfg_write(bus, dev, fn, off_hi, orig_hi);
      const std::uint64_t m = (std::uint64_t{mask_hi} << 32) | (mask & ~0xFu);
      b.addr = (std::uint64_t{orig_hi} << 32) | (orig & ~0xFu);
      b.size = ~m + 1;
      ++i;
    } else {
      b.addr = orig & ~0xFu;
      b.size = std::uint32_t(~(mask & ~0xFu) + 1);
    }
  }
  cfg_write(bus, dev, fn, 4, cmd, 2);

  if (cfg_read(bus, dev, fn, 4) & (0x10u << 16)) {
    auto ptr = static_cast<std::uint8_t>(cfg_read(bus, dev, fn, 0x34, 1) & 0xFC);
    for (int guard = 0; ptr && guard < 48; ++guard) {
      p.caps.push_back({ptr, static_cast<std::uint8_t>(cfg_read(bus, dev, fn, ptr, 1))});
      ptr = static_cast<std::uint8_t>(cfg_read(bus, dev, fn, static_cast<std::uint16_t>(ptr + 1), 1) & 0xFC);
    }
  }
  return p;
}

inline std::vector<PciProbe> enumerate_pci(hw::MachineBus& bus) {
  std::vector<PciProbe> out;
  for (std::uint8_t dev = 0; dev < 32; ++dev)
    if ((cfg_read(bus, dev, 0, 0) & 0xFFFF) != 0xFFFF) out.push_back(probe_function(bus, dev, 0));
  return out;
}

// The `index`-th function with these IDs (vendor/device), if any.
inline std::optional<PciProbe> find_pci(hw::MachineBus& bus, std::uint16_t vendor, std::uint16_t device,
                                        unsigned index = 0) {
  for (auto& p : enumerate_pci(bus))
    if (p.vendor == vendor && p.device == device && index-- == 0) return p;
  return std::nullopt;
}

}  // namespace hostdrv
