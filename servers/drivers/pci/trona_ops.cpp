// pci::TronaOps (drivers/pci/trona_ops.h).
#include "drivers/pci/trona_ops.h"

#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace pci {

namespace {

constexpr uint64_t kAddressPort = 0, kDataPort = 4;  // 0xCF8, 0xCFC inside the cap's range
constexpr uint32_t kEnable = 0x8000'0000u;
constexpr unsigned kPageBits = 12;

uint32_t address(uint32_t bdf, uint32_t offset) { return kEnable | bdf << 8 | (offset & 0xFC); }

}  // namespace

bool TronaOps::have_caps() {
  return trona::invoke(kConfigPortSlot, uapi::IOPORT_IN32, kAddressPort).error == uapi::TRONA_OK;
}

uint32_t TronaOps::config_read(uint32_t bdf, uint32_t offset) {
  trona::invoke(kConfigPortSlot, uapi::IOPORT_OUT32, kAddressPort, address(bdf, offset));
  trona::SysResult r = trona::invoke(kConfigPortSlot, uapi::IOPORT_IN32, kDataPort);
  return r.ok() ? static_cast<uint32_t>(r.value) : 0xFFFFFFFFu;
}

void TronaOps::config_write(uint32_t bdf, uint32_t offset, uint32_t value) {
  trona::invoke(kConfigPortSlot, uapi::IOPORT_OUT32, kAddressPort, address(bdf, offset));
  trona::invoke(kConfigPortSlot, uapi::IOPORT_OUT32, kDataPort, value);
}

// A memory BAR becomes the smallest naturally aligned power-of-two device
// untyped (at least a page) that covers it; an I/O BAR its port range.
int TronaOps::make_bar_cap(bool io, uint64_t base, uint64_t size, uint64_t* slot) {
  if (next_slot_ >= kFirstBarSlot + kBarSlots || size == 0) return uapi::kENOMEM;
  uint64_t r;
  if (io) {
    r = trona::invoke(kIrqControlSlot, uapi::IOPORT_CREATE, base, size, uapi::SLOT_SELF_CNODE, next_slot_).error;
  } else {
    unsigned bits = kPageBits;
    while (bits < 47 && ((uint64_t{1} << bits) < size || (base >> bits) != ((base + size - 1) >> bits))) ++bits;
    const uint64_t aligned = base & ~((uint64_t{1} << bits) - 1);
    r = trona::invoke(kIrqControlSlot, uapi::DEVICE_UNTYPED_CREATE, aligned, bits, uapi::SLOT_SELF_CNODE, next_slot_)
            .error;
  }
  if (r == uapi::TRONA_ALREADY_EXISTS) return uapi::kEBUSY;
  if (r != uapi::TRONA_OK) return uapi::kENOMEM;
  *slot = next_slot_++;
  return 0;
}

}  // namespace pci
