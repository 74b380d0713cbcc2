// The machine as the kernel model sees it: boot information, RAM pages,
// the timer tick, interrupt masking, several machines on one clock.
#include <gtest/gtest.h>

#include "hw_model/machine.h"
#include "tests/hw_model/support/run.h"

TEST(Machine, BootInfoMemoryMapIsSortedDisjointAndBacked) {
  sim::VirtualClock clock;
  hw::MachineConfig cfg;
  cfg.ram_bytes = 32ull << 20;
  cfg.command_line = "init=/sbin/init";
  cfg.disks.push_back({std::make_shared<hw::MemoryDisk>(1 << 20)});
  cfg.display = hw::DisplayConfig{};
  hw::Machine m(clock, sim::SeedSource(1), cfg);
  const auto& bi = m.boot_info();
  EXPECT_EQ(bi.command_line, "init=/sbin/init");
  std::uint64_t ram = 0;
  for (std::size_t i = 0; i < bi.memory_map.size(); ++i) {
    const auto& r = bi.memory_map[i];
    if (i) {
      EXPECT_LE(bi.memory_map[i - 1].base + bi.memory_map[i - 1].size, r.base);
    }
    if (r.kind == hw::RegionKind::Ram) {
      ram += r.size;
      EXPECT_NE(m.ram_page(r.base), nullptr);
      EXPECT_NE(m.ram_page(r.base + r.size - hw::kPageSize), nullptr);
    }
    if (r.kind == hw::RegionKind::Mmio) {
      EXPECT_EQ(m.ram_page(r.base), nullptr);  // registers, not bytes
      std::uint64_t v;
      EXPECT_TRUE(m.mmio_read(r.base, 4, v));
    }
  }
  EXPECT_GT(ram, 30ull << 20);
  EXPECT_EQ(m.ram_page(32ull << 20), nullptr);  // past the end of RAM
  EXPECT_EQ(m.ram_page(0x1001), nullptr);        // not page-aligned
  std::uint64_t v;
  EXPECT_FALSE(m.mmio_read(0xFEE0'0000, 4, v));  // nothing there
}

TEST(Machine, TimerTicksEveryMillisecondUntilStopped) {
  sim::VirtualClock clock;
  hw::Machine m(clock, sim::SeedSource(1), hw::MachineConfig{});
  std::vector<sim::VTime> ticks;
  m.set_irq_sink([&](unsigned irq) {
    if (irq == 0) ticks.push_back(clock.now());
  });
  EXPECT_FALSE(clock.has_pending());  // stopped until the kernel starts it
  m.timer().start_periodic(sim::kMs);
  hwtest::run_until(clock, [&] { return ticks.size() == 5; });
  EXPECT_EQ(ticks, (std::vector<sim::VTime>{1 * sim::kMs, 2 * sim::kMs, 3 * sim::kMs, 4 * sim::kMs, 5 * sim::kMs}));
  m.timer().stop();
  EXPECT_FALSE(clock.has_pending());
  m.timer().arm_oneshot(clock.now() + 250 * sim::kUs);
  hwtest::run_all(clock);
  EXPECT_EQ(ticks.back(), 5 * sim::kMs + 250 * sim::kUs);
}

TEST(Machine, MaskedInterruptStaysPendingUntilUnmasked) {
  sim::VirtualClock clock;
  hw::Machine m(clock, sim::SeedSource(1), hw::MachineConfig{});
  std::vector<unsigned> got;
  m.set_irq_sink([&](unsigned irq) { got.push_back(irq); });
  m.irqs().mask(1);
  m.keyboard()->type("a");
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(m.irqs().raised(1), 1u);
  m.irqs().unmask(1);
  EXPECT_EQ(got, std::vector<unsigned>{1});
}

TEST(Machine, SeveralMachinesShareAClockButNotTheirDevices) {
  sim::VirtualClock clock;
  hw::MachineConfig a, b;
  a.name = "alpha";
  b.name = "beta";
  hw::Machine ma(clock, sim::SeedSource(1), a), mb(clock, sim::SeedSource(1), b);
  ma.uart()->type("x");
  hwtest::run_all(clock);
  EXPECT_EQ(ma.io_in(0x3FD, 1) & 1, 1u);
  EXPECT_EQ(mb.io_in(0x3FD, 1) & 1, 0u);
  ma.ram_page(0x100000)[0] = 0xAB;
  EXPECT_EQ(mb.ram_page(0x100000)[0], 0);
  EXPECT_NE(ma.stream("x").next(), mb.stream("x").next());  // streams named per machine
}

TEST(Machine, InvalidConfigurationsAreRejected) {
  sim::VirtualClock clock;
  hw::MachineConfig small;
  small.ram_bytes = 1 << 20;
  EXPECT_THROW(hw::Machine(clock, sim::SeedSource(1), small), std::invalid_argument);
  hw::MachineConfig no_image;
  no_image.disks.emplace_back();
  EXPECT_THROW(hw::Machine(clock, sim::SeedSource(1), no_image), std::invalid_argument);
}
