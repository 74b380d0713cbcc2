// The same seed with faults enabled gives the same fault sequence (and the
// same observable run) twice; another seed gives another one.
#include <gtest/gtest.h>

#include "tests/hw_model/blk_fixture.h"
#include "tests/hw_model/net_fixture.h"

using namespace hwtest;

namespace {
struct RunRecord {
  std::string switch_faults;
  std::string disk_faults;
  std::vector<std::vector<std::uint8_t>> received;
  std::vector<std::uint8_t> disk_statuses;
  sim::VTime end = 0;
  hw::LinkCounters link;
  bool operator==(const RunRecord& o) const {
    return switch_faults == o.switch_faults && disk_faults == o.disk_faults && received == o.received &&
           disk_statuses == o.disk_statuses && end == o.end;
  }
};

RunRecord faulty_run(std::uint64_t seed) {
  RunRecord r;
  {
    NetRig rig(2, seed);
    hw::LinkFaults f;
    f.drop = 0.1;
    f.duplicate = 0.1;
    f.reorder = 0.1;
    f.corrupt = 0.05;
    f.delay_probability = 0.2;
    f.delay = hw::LatencyDist::exponential(200 * sim::kUs, 5 * sim::kMs);
    rig.sw.set_faults(rig.port(0), f);
    rig.sw.set_faults(rig.port(1), f);
    for (std::uint16_t i = 0; i < 60; ++i) {
      rig.drv(0).send(eth_frame(rig.drv(1).mac(), rig.drv(0).mac(), i));
      rig.drv(1).send(eth_frame(rig.drv(0).mac(), rig.drv(1).mac(), static_cast<std::uint16_t>(1000 + i)));
      if (i % 8 == 7) {
        rig.settle();
        for (unsigned n = 0; n < 2; ++n)
          for (auto& fr : rig.drv(n).receive_all()) r.received.push_back(std::move(fr));
      }
    }
    rig.settle();
    for (unsigned n = 0; n < 2; ++n)
      for (auto& fr : rig.drv(n).receive_all()) r.received.push_back(std::move(fr));
    r.switch_faults = rig.sw.fault_log().to_string();
    r.link = rig.sw.totals();
    r.end = rig.clock.now();
  }
  hw::DiskConfig d{patterned_disk(1 << 20)};
  d.faults.io_errors.push_back({0, 2048, true, true, 0.3});
  d.faults.extra_latency = hw::LatencyDist::uniform(0, 1 * sim::kMs);
  d.faults.latency_probability = 0.5;
  d.faults.reorder_writes = true;
  BlkRig blk(seed, d, VirtioMode::Modern);
  for (unsigned i = 0; i < 40; ++i) {
    std::vector<std::uint8_t> buf(1024);
    r.disk_statuses.push_back(i % 2 ? blk.drv->read(i * 8, buf) : blk.drv->write(i * 8, pattern(1024, static_cast<std::uint8_t>(i))));
  }
  blk.machine->power_cut();
  r.disk_faults = blk.machine->fault_log().to_string();
  return r;
}
}  // namespace

TEST(Determinism, SameSeedSameFaultSequenceTwice) {
  const RunRecord a = faulty_run(42), b = faulty_run(42);
  // Every kind of fault really fired.
  EXPECT_GT(a.link.dropped, 0u);
  EXPECT_GT(a.link.duplicated, 0u);
  EXPECT_GT(a.link.reordered, 0u);
  EXPECT_GT(a.link.corrupted, 0u);
  EXPECT_GT(a.link.delayed, 0u);
  EXPECT_NE(a.disk_faults.find("read_error"), std::string::npos);
  EXPECT_NE(a.disk_faults.find("write_error"), std::string::npos);
  EXPECT_NE(a.disk_faults.find("latency"), std::string::npos);
  EXPECT_NE(a.disk_faults.find("power_cut"), std::string::npos);

  EXPECT_EQ(a.switch_faults, b.switch_faults);
  EXPECT_EQ(a.disk_faults, b.disk_faults);
  EXPECT_TRUE(a == b);

  const RunRecord c = faulty_run(43);
  EXPECT_NE(a.switch_faults, c.switch_faults);
  EXPECT_NE(a.disk_faults, c.disk_faults);
}
