// drivers/pci/pci.h — the PCI server's state: the functions found on bus 0
// by configuration mechanism #1, their BARs (sized at enumeration by the
// all-ones write, decoding off meanwhile), and the caps handed out for
// them (one per BAR, made once: the kernel refuses overlapping device
// ranges, so every later request gets a copy of the same cap).
//
//   pci::Pci p(ops);
//   p.enumerate();
//   const pci::Device* d = p.find(0x1AF4, 0x1042, 0);   // the first modern virtio-blk
//
// Freestanding; fixed capacity (kMaxDevices), no allocation.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "drivers/pci/ops.h"
#include "lib/fixed_vector.h"

namespace pci {

inline constexpr size_t kMaxDevices = 64;
inline constexpr unsigned kBars = 6;
inline constexpr uint64_t kNoSlot = 0;

enum class BarKind : uint8_t { kNone, kMemory, kIo };

struct Bar {
  BarKind kind = BarKind::kNone;
  bool is64 = false;  // a 64-bit memory BAR (the next BAR is its high half)
  uint64_t base = 0, size = 0;
  uint64_t cap_slot = kNoSlot;  // the server's cap for it, once made
};

struct Device {
  uint32_t bdf = 0;  // bus << 8 | dev << 3 | fn
  uint16_t vendor = 0, device = 0;
  uint32_t class_code = 0;  // class << 16 | subclass << 8 | prog-if
  uint8_t irq = 0;          // the interrupt line register
  Bar bars[kBars];
  // The 4 words of the wire (pci.idl).
  uint64_t ids() const { return uint64_t{vendor} << 16 | device; }
};

class Pci {
 public:
  explicit Pci(Ops& ops) : ops_(ops) {}

  // Scans bus 0 (devices 0..31, functions 0..7 of multi-function devices).
  // Returns the number of functions found.
  size_t enumerate();
  size_t count() const { return devices_.size(); }
  const Device* at(size_t i) const { return i < devices_.size() ? &devices_[i] : nullptr; }

  // Errnos: ENOENT no such device, EINVAL a bad offset or BAR, EACCES a
  // write to a BAR register, ENXIO a BAR that is not there, EBUSY a BAR
  // whose range is held another way, ENOMEM no cap.
  const Device* find(uint16_t vendor, uint16_t device, size_t index) const;
  const Device* by_bdf(uint64_t bdf) const;
  // The capability list: id | offset << 8 per entry, at most `max`.
  int caps(uint64_t bdf, uint64_t* out, size_t max, size_t* n) const;
  // Devices after `cursor` (0: from the start; else a `next` this gave),
  // at most `max`; *next 0 when none remain.
  size_t list(uint64_t cursor, size_t max, const Device** out, uint64_t* next) const;
  int read_config(uint64_t bdf, uint64_t offset, uint32_t* value);
  int write_config(uint64_t bdf, uint64_t offset, uint32_t value);
  int bar_cap(uint64_t bdf, uint64_t bar, const Bar** out);

 private:
  void probe(uint32_t bdf);
  void size_bars(Device& d);
  Device* mutable_by_bdf(uint64_t bdf);

  Ops& ops_;
  lib::FixedVector<Device, kMaxDevices> devices_;
};

}  // namespace pci
