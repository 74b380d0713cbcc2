// PCI enumeration through ports 0xCF8/0xCFC, as the OS's pcidrv does it.
#include <gtest/gtest.h>

#include "hw_model/host_driver/pci_probe.h"
#include "hw_model/machine.h"

using namespace hostdrv;

namespace {
hw::MachineConfig two_disks() {
  hw::MachineConfig cfg;
  cfg.disks.push_back({std::make_shared<hw::MemoryDisk>(1 << 20)});
  hw::DiskConfig modern{std::make_shared<hw::MemoryDisk>(1 << 20)};
  modern.transport = hw::VirtioTransport::Modern;
  cfg.disks.push_back(modern);
  return cfg;
}
}  // namespace

TEST(Pci, EnumerationFindsHostBridgeAndVirtioFunctions) {
  sim::VirtualClock clock;
  hw::Machine m(clock, sim::SeedSource(1), two_disks());
  auto all = enumerate_pci(m);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].vendor, 0x8086);
  EXPECT_EQ(all[0].class_code, 0x060000u);

  const PciProbe& t = all[1];  // transitional virtio-blk
  EXPECT_EQ(t.vendor, 0x1AF4);
  EXPECT_EQ(t.device, 0x1001);
  EXPECT_EQ(t.subsystem, 2);  // legacy device type: block
  EXPECT_EQ(t.class_code, 0x010000u);
  EXPECT_TRUE(t.bars[0].io);
  EXPECT_GE(t.bars[0].addr, 0xC000u);
  EXPECT_EQ(t.bars[0].size, 64u);
  EXPECT_FALSE(t.bars[4].io);
  EXPECT_EQ(t.bars[4].size, 0x4000u);
  EXPECT_EQ(t.bars[4].addr % 0x4000, 0u);
  EXPECT_EQ(t.irq_pin, 1);
  EXPECT_EQ(t.irq_line, hw::PciBus::route_irq(t.dev, 1));
  EXPECT_EQ(t.caps.size(), 4u);  // common, ISR, device, notify
  for (const auto& c : t.caps) EXPECT_EQ(c.id, 0x09);

  const PciProbe& mo = all[2];  // modern-only
  EXPECT_EQ(mo.device, 0x1042);
  EXPECT_EQ(mo.revision, 1);
  EXPECT_EQ(mo.bars[0].size, 0u);
  EXPECT_EQ(mo.bars[4].size, 0x4000u);
  EXPECT_NE(mo.bars[4].addr, t.bars[4].addr);
}

TEST(Pci, AbsentFunctionsReadAllOnesAndAddressRegisterReadsBack) {
  sim::VirtualClock clock;
  hw::Machine m(clock, sim::SeedSource(1), hw::MachineConfig{});
  EXPECT_EQ(cfg_read(m, 31, 0, 0), 0xFFFF'FFFFu);
  EXPECT_EQ(cfg_read(m, 0, 5, 0), 0xFFFF'FFFFu);
  m.io_out(0xCF8, 4, 0x8000'0810u);
  EXPECT_EQ(m.io_in(0xCF8, 4), 0x8000'0810u);
  m.io_out(0xCF8, 4, 0);  // enable bit clear: no config cycle
  EXPECT_EQ(m.io_in(0xCFC, 4), 0xFFFF'FFFFu);
  EXPECT_EQ(m.io_in(0x1234, 2), 0xFFFFu);  // unclaimed port
}

TEST(Pci, MovingABarMovesTheRegistersAndDisablingDecodeHidesThem) {
  sim::VirtualClock clock;
  hw::Machine m(clock, sim::SeedSource(1), two_disks());
  auto dev = find_pci(m, 0x1AF4, 0x1042);
  ASSERT_TRUE(dev);
  const std::uint64_t old_base = dev->bars[4].addr;
  std::uint64_t v = 0;
  ASSERT_TRUE(m.mmio_read(old_base + 0x12, 2, v));  // num_queues
  EXPECT_EQ(v, 1u);

  const std::uint64_t new_base = 0xF000'0000;
  cfg_write(m, dev->dev, 0, 0x20, static_cast<std::uint32_t>(new_base));
  EXPECT_FALSE(m.mmio_read(old_base + 0x12, 2, v));
  ASSERT_TRUE(m.mmio_read(new_base + 0x12, 2, v));
  EXPECT_EQ(v, 1u);

  const std::uint32_t cmd = cfg_read(m, dev->dev, 0, 4, 2);
  cfg_write(m, dev->dev, 0, 4, cmd & ~2u, 2);  // memory decode off
  EXPECT_FALSE(m.mmio_read(new_base + 0x12, 2, v));
  cfg_write(m, dev->dev, 0, 4, cmd, 2);
  EXPECT_TRUE(m.mmio_read(new_base + 0x12, 2, v));
}

TEST(Pci, ReadOnlyRegistersIgnoreWrites) {
  sim::VirtualClock clock;
  hw::Machine m(clock, sim::SeedSource(1), two_disks());
  cfg_write(m, 1, 0, 0, 0x12345678);
  EXPECT_EQ(cfg_read(m, 1, 0, 0), 0x1001'1AF4u);
  cfg_write(m, 1, 0, 0x3C, 0x0000'00AB, 1);  // interrupt line is writable
  EXPECT_EQ(cfg_read(m, 1, 0, 0x3C, 1), 0xABu);
}
