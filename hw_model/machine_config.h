// The description a Machine is built from (by a scenario or the CLI).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hw_model/blk/virtio_blk.h"
#include "hw_model/console/uart16550.h"
#include "hw_model/display/framebuffer.h"
#include "hw_model/net/virtio_net.h"

namespace hw {

struct DisplayConfig {
  DisplayMode mode;                     // as the bootloader set it
  std::uint64_t vram_bytes = 16ull << 20;  // power of two
  bool pci_device = true;  // bochs-display on PCI (mode changes); else a fixed boot framebuffer
};

struct MachineConfig {
  std::string name = "m0";  // names logs, seed streams, fault sources
  std::uint64_t ram_bytes = 64ull << 20;
  std::vector<DiskConfig> disks;
  std::vector<NicConfig> nics;
  std::optional<DisplayConfig> display;
  bool serial = true;    // COM1
  UartConfig uart;
  bool keyboard = true;  // PS/2 controller
  std::vector<std::uint8_t> initrd;  // cpio newc archive; placed at the top of RAM
  std::string command_line;
};

}  // namespace hw
