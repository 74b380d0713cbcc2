// A machine with virtio-blk disks and a driver bound to the first one.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "hw_model/host_driver/blk_driver.h"
#include "hw_model/machine.h"
#include "tests/hw_model/support/run.h"

namespace hwtest {

using namespace hostdrv;  // the host-side drivers (hw_model/host_driver)

inline std::shared_ptr<hw::MemoryDisk> patterned_disk(std::uint64_t bytes) {
  auto d = std::make_shared<hw::MemoryDisk>(bytes);
  for (std::size_t i = 0; i < d->bytes().size(); ++i) d->bytes()[i] = static_cast<std::uint8_t>(i / 512 + i);
  return d;
}

inline std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t seed) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed * 31 + i * 7 + i / 512);
  return v;
}

struct BlkRig {
  sim::VirtualClock clock;
  sim::SeedSource seeds;
  std::unique_ptr<hw::Machine> machine;
  std::unique_ptr<DmaArena> arena;
  std::unique_ptr<BlkDriver> drv;
  std::vector<unsigned> irqs;

  BlkRig(std::uint64_t seed, hw::DiskConfig disk, VirtioMode mode, std::uint64_t features = 1ull << BlkDriver::kFFlush,
         std::string name = "m0")
      : seeds(seed) {
    hw::MachineConfig cfg;
    cfg.name = std::move(name);
    cfg.disks.push_back(std::move(disk));
    machine = std::make_unique<hw::Machine>(clock, seeds, cfg);
    machine->set_irq_sink([this](unsigned irq) { irqs.push_back(irq); });
    arena = std::make_unique<DmaArena>(*machine);
    auto dev = find_pci(*machine, 0x1AF4, 0x1001);  // transitional / legacy
    if (!dev) dev = find_pci(*machine, 0x1AF4, 0x1042);
    EXPECT_TRUE(dev.has_value());
    probe = *dev;
    drv = std::make_unique<BlkDriver>(*arena, *dev, mode, features, [this](VirtioDriver& v) {
      EXPECT_TRUE(run_until(clock, [&] { return v.used_pending(0); }));
    });
  }
  PciProbe probe;
};

}  // namespace hwtest
