// The description a Machine is built from (by a scenario or the CLI).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hw_model/blk/virtio_blk.h"
#include "hw_model/net/virtio_net.h"

namespace hw {

struct MachineConfig {
  std::string name = "m0";  // names logs, seed streams, fault sources
  std::uint64_t ram_bytes = 64ull << 20;
  std::vector<DiskConfig> disks;
  std::vector<NicConfig> nics;
  std::vector<std::uint8_t> initrd;  // cpio newc archive; placed at the top of RAM
  std::string command_line;
};

}  // namespace hw
