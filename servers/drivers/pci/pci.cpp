// pci::Pci (drivers/pci/pci.h): enumeration, BAR sizing, the capability
// list walk and the guarded configuration access.
#include "drivers/pci/pci.h"

#include "uapi/linux_numbers.h"

namespace pci {

namespace {

// Type 0 header offsets (PCI Local Bus 3.0, §6.1).
constexpr uint32_t kIdReg = 0x00, kCommandReg = 0x04, kClassReg = 0x08, kHeaderReg = 0x0C, kBar0 = 0x10,
                   kCapPtrReg = 0x34, kIrqReg = 0x3C;
constexpr uint32_t kCmdDecode = 0x3;  // I/O and memory space enables
constexpr uint32_t kStatusCapList = 1u << 20;  // bit 4 of the status half of dword 1
constexpr size_t kMaxCapsWalked = 48;          // 256 bytes / 4 bytes each, at most: a loop cannot hang us

bool offset_ok(uint64_t offset) { return offset < 256 && offset % 4 == 0; }

}  // namespace

size_t Pci::enumerate() {
  devices_.clear();
  for (uint32_t dev = 0; dev < 32; ++dev) {
    const uint32_t bdf0 = dev << 3;
    if ((ops_.config_read(bdf0, kIdReg) & 0xFFFF) == 0xFFFF) continue;
    probe(bdf0);
    const bool multi = (ops_.config_read(bdf0, kHeaderReg) >> 16) & 0x80;
    for (uint32_t fn = 1; multi && fn < 8; ++fn)
      if ((ops_.config_read(bdf0 | fn, kIdReg) & 0xFFFF) != 0xFFFF) probe(bdf0 | fn);
  }
  return devices_.size();
}

void Pci::probe(uint32_t bdf) {
  Device d;
  d.bdf = bdf;
  const uint32_t id = ops_.config_read(bdf, kIdReg);
  d.vendor = static_cast<uint16_t>(id);
  d.device = static_cast<uint16_t>(id >> 16);
  d.class_code = ops_.config_read(bdf, kClassReg) >> 8;
  d.irq = static_cast<uint8_t>(ops_.config_read(bdf, kIrqReg));
  if (((ops_.config_read(bdf, kHeaderReg) >> 16) & 0x7F) == 0) size_bars(d);  // bridges: no BARs taken
  devices_.push_back(d);  // beyond kMaxDevices: not served (README)
}

// Sizing by the all-ones write with decoding off, then the old values back.
void Pci::size_bars(Device& d) {
  const uint32_t cmd = ops_.config_read(d.bdf, kCommandReg);
  ops_.config_write(d.bdf, kCommandReg, cmd & ~kCmdDecode);
  for (unsigned i = 0; i < kBars; ++i) {
    const uint32_t reg = kBar0 + 4 * i;
    const uint32_t old = ops_.config_read(d.bdf, reg);
    ops_.config_write(d.bdf, reg, 0xFFFFFFFF);
    const uint32_t mask = ops_.config_read(d.bdf, reg);
    ops_.config_write(d.bdf, reg, old);
    if (mask == 0) continue;
    Bar& b = d.bars[i];
    if (old & 1) {  // I/O space: 16-bit ports
      const uint32_t m = (mask & ~uint32_t{3}) | 0xFFFF0000u;
      b.kind = BarKind::kIo;
      b.base = old & ~uint32_t{3} & 0xFFFF;
      b.size = static_cast<uint32_t>(~m + 1);
      continue;
    }
    b.kind = BarKind::kMemory;
    uint64_t m = mask & ~uint64_t{0xF};
    b.base = old & ~uint64_t{0xF};
    if (((old >> 1) & 3) == 2 && i + 1 < kBars) {  // 64-bit: the next register is the high half
      const uint32_t hi_reg = reg + 4;
      const uint32_t hi_old = ops_.config_read(d.bdf, hi_reg);
      ops_.config_write(d.bdf, hi_reg, 0xFFFFFFFF);
      const uint32_t hi_mask = ops_.config_read(d.bdf, hi_reg);
      ops_.config_write(d.bdf, hi_reg, hi_old);
      b.is64 = true;
      b.base |= uint64_t{hi_old} << 32;
      m |= uint64_t{hi_mask} << 32;
      b.size = ~m + 1;
      ++i;  // the high half is not a BAR of its own
    } else {
      b.size = static_cast<uint32_t>(~static_cast<uint32_t>(m) + 1);
    }
  }
  ops_.config_write(d.bdf, kCommandReg, cmd);
}

const Device* Pci::find(uint16_t vendor, uint16_t device, size_t index) const {
  for (size_t i = 0; i < devices_.size(); ++i)
    if (devices_[i].vendor == vendor && devices_[i].device == device && index-- == 0) return &devices_[i];
  return nullptr;
}

const Device* Pci::by_bdf(uint64_t bdf) const {
  for (size_t i = 0; i < devices_.size(); ++i)
    if (devices_[i].bdf == bdf) return &devices_[i];
  return nullptr;
}

Device* Pci::mutable_by_bdf(uint64_t bdf) { return const_cast<Device*>(by_bdf(bdf)); }

int Pci::caps(uint64_t bdf, uint64_t* out, size_t max, size_t* n) const {
  *n = 0;
  const Device* d = by_bdf(bdf);
  if (!d) return uapi::kENOENT;
  if (!(ops_.config_read(d->bdf, kCommandReg) & kStatusCapList)) return 0;
  uint32_t at = ops_.config_read(d->bdf, kCapPtrReg) & 0xFC;
  for (size_t walked = 0; at >= 0x40 && walked < kMaxCapsWalked && *n < max; ++walked) {
    const uint32_t head = ops_.config_read(d->bdf, at);
    out[(*n)++] = (head & 0xFF) | uint64_t{at} << 8;
    at = (head >> 8) & 0xFC;
  }
  return 0;
}

size_t Pci::list(uint64_t cursor, size_t max, const Device** out, uint64_t* next) const {
  size_t n = 0;
  *next = 0;
  for (size_t i = 0; i < devices_.size(); ++i) {
    if (cursor != 0 && devices_[i].bdf < cursor) continue;  // cursor = the last bdf listed + 1
    if (n == max) {
      *next = out[n - 1]->bdf + 1;
      break;
    }
    out[n++] = &devices_[i];
  }
  return n;
}

int Pci::read_config(uint64_t bdf, uint64_t offset, uint32_t* value) {
  const Device* d = by_bdf(bdf);
  if (!d) return uapi::kENOENT;
  if (!offset_ok(offset)) return uapi::kEINVAL;
  *value = ops_.config_read(d->bdf, static_cast<uint32_t>(offset));
  return 0;
}

int Pci::write_config(uint64_t bdf, uint64_t offset, uint32_t value) {
  const Device* d = by_bdf(bdf);
  if (!d) return uapi::kENOENT;
  if (!offset_ok(offset)) return uapi::kEINVAL;
  // The BARs stay where the caps handed out say they are (README).
  if (offset >= kBar0 && offset < kBar0 + 4 * kBars) return uapi::kEACCES;
  ops_.config_write(d->bdf, static_cast<uint32_t>(offset), value);
  return 0;
}

int Pci::bar_cap(uint64_t bdf, uint64_t bar, const Bar** out) {
  Device* d = mutable_by_bdf(bdf);
  if (!d) return uapi::kENOENT;
  if (bar >= kBars) return uapi::kEINVAL;
  Bar& b = d->bars[bar];
  if (b.kind == BarKind::kNone || b.size == 0) return uapi::kENXIO;
  if (b.cap_slot == kNoSlot)
    if (int e = ops_.make_bar_cap(b.kind == BarKind::kIo, b.base, b.size, &b.cap_slot); e != 0) return e;
  *out = &b;
  return 0;
}

}  // namespace pci
