// drivers/pci/trona_ops.h — pci::Ops on the trona interface: configuration
// mechanism #1 through the I/O port cap for 0xCF8..0xCFF and BAR caps made
// with the IrqControl cap (DEVICE_UNTYPED_CREATE, IOPORT_CREATE), both
// copied in by init (pci.service: CopyCap=15:64 11:65). Built with the
// program, not the logic.
#pragma once

#include <stdint.h>

#include "drivers/pci/ops.h"

namespace pci {

// The PCI server's CSpace: 32 the service endpoint (init's pre-created
// one), 27..30 receive slots, 31 the probe slot, 64 the config-space
// ports, 65 IrqControl, the BAR caps from 128.
inline constexpr uint64_t kServiceEndpointSlot = 32;
inline constexpr uint64_t kRecvSlot = 27;
inline constexpr uint64_t kProbeSlot = 31;
inline constexpr uint64_t kConfigPortSlot = 64;
inline constexpr uint64_t kIrqControlSlot = 65;
inline constexpr uint64_t kFirstBarSlot = 128;
inline constexpr uint64_t kBarSlots = 256;

class TronaOps final : public Ops {
 public:
  // Whether both device caps are there (a config read answers).
  bool have_caps();
  uint32_t config_read(uint32_t bdf, uint32_t offset) override;
  void config_write(uint32_t bdf, uint32_t offset, uint32_t value) override;
  int make_bar_cap(bool io, uint64_t base, uint64_t size, uint64_t* slot) override;

 private:
  uint64_t next_slot_ = kFirstBarSlot;
};

}  // namespace pci
