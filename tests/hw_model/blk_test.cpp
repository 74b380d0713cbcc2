// virtio-blk driven through its registers and virtqueues, over both the
// legacy I/O transport and the modern PCI transport.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/hw_model/blk_fixture.h"

using namespace hwtest;

class BlkTransport : public ::testing::TestWithParam<VirtioMode> {};

TEST_P(BlkTransport, ReadWriteFlushRoundTrip) {
  auto image = patterned_disk(1 << 20);
  const auto before = image->bytes();
  BlkRig rig(7, {image}, GetParam());
  ASSERT_TRUE(rig.drv->ok());
  EXPECT_EQ(rig.drv->capacity(), (1u << 20) / 512);
  EXPECT_TRUE(rig.drv->virtio().features() & (1ull << BlkDriver::kFFlush));

  std::vector<std::uint8_t> orig(4096);
  ASSERT_EQ(rig.drv->read(16, orig), 0);
  EXPECT_TRUE(std::equal(orig.begin(), orig.end(), before.begin() + 16 * 512));

  const auto data = pattern(4096, 3);
  const sim::VTime t0 = rig.clock.now();
  ASSERT_EQ(rig.drv->write(16, data), 0);
  // Default costs: 10 us per request + 1 us per sector.
  EXPECT_EQ(rig.clock.now() - t0, 10 * sim::kUs + 8 * sim::kUs);

  std::vector<std::uint8_t> back(4096);
  ASSERT_EQ(rig.drv->read(16, back), 0);
  EXPECT_EQ(back, data);  // read sees the write cache
  EXPECT_EQ(rig.machine->disk(0).disk().cached_writes(), 8u);
  EXPECT_FALSE(std::equal(data.begin(), data.end(), image->bytes().begin() + 16 * 512));

  ASSERT_EQ(rig.drv->flush(), 0);
  EXPECT_EQ(rig.machine->disk(0).disk().cached_writes(), 0u);
  EXPECT_TRUE(std::equal(data.begin(), data.end(), image->bytes().begin() + 16 * 512));

  EXPECT_EQ(rig.drv->get_id(), "m0/blk0");
  const auto& c = rig.machine->disk(0).counters();
  EXPECT_EQ(c.reads, 2u);
  EXPECT_EQ(c.writes, 1u);
  EXPECT_EQ(c.flushes, 1u);
  EXPECT_EQ(c.get_ids, 1u);

  // Every completion raised the function's INTx line.
  ASSERT_FALSE(rig.irqs.empty());
  for (unsigned irq : rig.irqs) EXPECT_EQ(irq, rig.probe.irq_line);
  EXPECT_EQ(rig.drv->virtio().read_isr() & 1, 1);
  EXPECT_EQ(rig.drv->virtio().read_isr(), 0);  // read clears
}

TEST_P(BlkTransport, UnsupportedRequestTypeAndOutOfRangeSector) {
  BlkRig rig(7, {patterned_disk(64 * 1024)}, GetParam());
  std::vector<std::uint8_t> none;
  EXPECT_EQ(rig.drv->request(99, 0, none), 2);  // VIRTIO_BLK_S_UNSUPP
  std::vector<std::uint8_t> buf(512);
  EXPECT_EQ(rig.drv->read(128, buf), 1);  // one past the end: IOERR
  EXPECT_EQ(rig.drv->read(127, buf), 0);
  std::vector<std::uint8_t> odd(100);
  EXPECT_EQ(rig.drv->read(0, odd), 1);  // not a multiple of 512
}

TEST_P(BlkTransport, InterruptSuppressedWhenDriverAsksNot) {
  BlkRig rig(7, {patterned_disk(64 * 1024)}, GetParam());
  rig.drv->virtio().suppress_interrupts(0, true);
  rig.irqs.clear();
  std::vector<std::uint8_t> buf(512);
  EXPECT_EQ(rig.drv->read(0, buf), 0);
  EXPECT_TRUE(rig.irqs.empty());
}

INSTANTIATE_TEST_SUITE_P(Transports, BlkTransport, ::testing::Values(VirtioMode::Legacy, VirtioMode::Modern),
                         [](const auto& info) { return info.param == VirtioMode::Legacy ? "Legacy" : "Modern"; });

TEST(Blk, ModernOnlyDeviceWorksAndHasNoLegacyBar) {
  hw::DiskConfig d{patterned_disk(64 * 1024)};
  d.transport = hw::VirtioTransport::Modern;
  BlkRig rig(1, d, VirtioMode::Modern);
  EXPECT_EQ(rig.probe.device, 0x1042);
  EXPECT_EQ(rig.probe.bars[0].size, 0u);
  ASSERT_TRUE(rig.drv->ok());
  ASSERT_EQ(rig.drv->write(3, pattern(1024, 9)), 0);
  std::vector<std::uint8_t> back(1024);
  ASSERT_EQ(rig.drv->read(3, back), 0);
  EXPECT_EQ(back, pattern(1024, 9));
}

TEST(Blk, ModernFeaturesOkDoesNotStickWithoutVersion1) {
  BlkRig rig(1, {patterned_disk(64 * 1024)}, VirtioMode::Modern);
  VirtioDriver& v = rig.drv->virtio();
  v.set_status(0);
  v.set_status(VirtioDriver::kAck | VirtioDriver::kDriver);
  v.reg_out(0x08, 4, 1);
  v.reg_out(0x0C, 4, 0);  // VERSION_1 not accepted
  v.set_status(VirtioDriver::kAck | VirtioDriver::kDriver | VirtioDriver::kFeaturesOk);
  EXPECT_FALSE(v.status() & VirtioDriver::kFeaturesOk);
}

TEST(Blk, IoErrorOnSectorRangeSurfacesAsVirtioErrorStatus) {
  hw::DiskConfig d{patterned_disk(1 << 20)};
  d.faults.io_errors.push_back({100, 10, true, false, 1.0});
  BlkRig rig(5, d, VirtioMode::Legacy);
  std::vector<std::uint8_t> buf(4096);
  EXPECT_EQ(rig.drv->read(96, buf), 1);  // 96..103 overlaps 100..109
  EXPECT_EQ(rig.drv->read(0, buf), 0);
  EXPECT_EQ(rig.drv->write(104, pattern(512, 1)), 0);  // range fails reads only
  EXPECT_EQ(rig.machine->disk(0).disk().counters().io_errors, 1u);

  // A scenario command adds a write fault at run time.
  rig.machine->disk(0).disk().faults().io_errors.push_back({0, 1, false, true, 1.0});
  EXPECT_EQ(rig.drv->write(0, pattern(512, 1)), 1);
  EXPECT_EQ(rig.machine->disk(0).disk().counters().io_errors, 2u);
  EXPECT_EQ(rig.machine->fault_log().count("read_error"), 1u);
  EXPECT_EQ(rig.machine->fault_log().count("write_error"), 1u);
  EXPECT_EQ(rig.machine->fault_log().records()[0].a, 96u);
}

TEST(Blk, AddedLatencyDelaysCompletionAndIsCounted) {
  hw::DiskConfig d{patterned_disk(64 * 1024)};
  d.costs = hw::BlkCosts::zero();
  d.faults.extra_latency = hw::LatencyDist::fixed(3 * sim::kMs);
  BlkRig rig(5, d, VirtioMode::Legacy);
  std::vector<std::uint8_t> buf(512);
  const sim::VTime t0 = rig.clock.now();
  ASSERT_EQ(rig.drv->read(0, buf), 0);
  EXPECT_EQ(rig.clock.now() - t0, 3 * sim::kMs);
  EXPECT_EQ(rig.machine->disk(0).disk().counters().delayed_requests, 1u);
  EXPECT_EQ(rig.machine->disk(0).disk().counters().added_latency_ns, 3 * sim::kMs);
}

TEST(Blk, ZeroCostCompletesDuringTheNotify) {
  hw::DiskConfig d{patterned_disk(64 * 1024)};
  d.costs = hw::BlkCosts::zero();
  BlkRig rig(5, d, VirtioMode::Modern);
  std::vector<std::uint8_t> buf(4096);
  ASSERT_EQ(rig.drv->read(0, buf), 0);
  EXPECT_EQ(rig.clock.now(), 0u);
  EXPECT_FALSE(rig.clock.has_pending());
}

TEST(Blk, WithoutFlushFeatureWritesAreWriteThrough) {
  auto image = patterned_disk(64 * 1024);
  BlkRig rig(5, {image}, VirtioMode::Legacy, /*features=*/0);
  EXPECT_FALSE(rig.drv->virtio().features() & (1ull << BlkDriver::kFFlush));
  ASSERT_EQ(rig.drv->write(2, pattern(512, 4)), 0);
  rig.machine->power_cut();
  EXPECT_TRUE(std::equal(image->bytes().begin() + 1024, image->bytes().begin() + 1536, pattern(512, 4).begin()));
}

namespace {
// Writes sectors 0..7 and flushes, writes 8..(8+n) unflushed, cuts power,
// and reads everything back through a second machine booted on the image.
struct PowerCutOutcome {
  std::vector<bool> kept;  // per unflushed sector
  hw::DiskCounters counters;
  std::uint64_t fault_digest = 0;
};

PowerCutOutcome power_cut_run(std::uint64_t seed, bool reorder, unsigned n) {
  auto image = std::make_shared<hw::MemoryDisk>(1 << 20);
  hw::DiskConfig d{image};
  d.faults.reorder_writes = reorder;
  d.faults.power_cut_keep = 0.5;
  PowerCutOutcome out;
  {
    BlkRig rig(seed, d, VirtioMode::Legacy);
    EXPECT_EQ(rig.drv->write(0, pattern(8 * 512, 1)), 0);
    EXPECT_EQ(rig.drv->flush(), 0);
    for (unsigned i = 0; i < n; ++i) EXPECT_EQ(rig.drv->write(8 + i, pattern(512, static_cast<std::uint8_t>(10 + i))), 0);
    rig.machine->power_cut();
    out.counters = rig.machine->disk(0).disk().counters();
    out.fault_digest = rig.machine->fault_log().digest();
  }
  BlkRig reboot(seed, {image}, VirtioMode::Legacy, 1ull << BlkDriver::kFFlush, "m0-reboot");
  std::vector<std::uint8_t> flushed(8 * 512);
  EXPECT_EQ(reboot.drv->read(0, flushed), 0);
  EXPECT_EQ(flushed, pattern(8 * 512, 1));
  for (unsigned i = 0; i < n; ++i) {
    std::vector<std::uint8_t> s(512);
    EXPECT_EQ(reboot.drv->read(8 + i, s), 0);
    const bool is_new = s == pattern(512, static_cast<std::uint8_t>(10 + i));
    const bool is_old = s == std::vector<std::uint8_t>(512, 0);
    EXPECT_TRUE(is_new || is_old) << "sector " << 8 + i << " is torn inside";
    out.kept.push_back(is_new);
  }
  return out;
}
}  // namespace

TEST(Blk, PowerCutKeepsFlushedDataPlusASeededSubset) {
  const unsigned n = 64;
  auto a = power_cut_run(11, /*reorder=*/true, n);
  const auto kept = static_cast<std::uint64_t>(std::count(a.kept.begin(), a.kept.end(), true));
  EXPECT_EQ(a.counters.power_cuts, 1u);
  EXPECT_EQ(a.counters.torn_sectors_kept, kept);
  EXPECT_EQ(a.counters.torn_sectors_lost, n - kept);
  EXPECT_GT(kept, 0u);  // with p = 0.5 over 64 sectors both happen
  EXPECT_LT(kept, n);
  // The subset is a function of the seed.
  auto again = power_cut_run(11, true, n);
  EXPECT_EQ(again.kept, a.kept);
  EXPECT_EQ(again.fault_digest, a.fault_digest);
  auto other = power_cut_run(12, true, n);
  EXPECT_NE(other.kept, a.kept);
}

TEST(Blk, PowerCutWithoutReorderingKeepsAPrefix) {
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    auto r = power_cut_run(seed, /*reorder=*/false, 16);
    auto first_lost = std::find(r.kept.begin(), r.kept.end(), false);
    EXPECT_EQ(std::find(first_lost, r.kept.end(), true), r.kept.end()) << "seed " << seed;
  }
}

TEST(Blk, MalformedChainSetsNeedsReset) {
  BlkRig rig(1, {patterned_disk(64 * 1024)}, VirtioMode::Legacy);
  VirtioDriver& v = rig.drv->virtio();
  const hw::PAddr hdr = rig.arena->alloc(16);
  v.submit(0, {{hdr, 16, false}});  // no status byte
  v.notify(0);
  EXPECT_TRUE(v.status() & VirtioDriver::kNeedsReset);
  // Reset and re-init recovers.
  ASSERT_TRUE(v.init(0, 1));
  std::vector<std::uint8_t> buf(512);
  EXPECT_EQ(rig.drv->read(0, buf), 0);
}

TEST(Blk, NoDmaWithBusMasteringDisabled) {
  BlkRig rig(1, {patterned_disk(64 * 1024)}, VirtioMode::Legacy);
  const std::uint32_t cmd = cfg_read(*rig.machine, rig.probe.dev, 0, 4, 2);
  cfg_write(*rig.machine, rig.probe.dev, 0, 4, cmd & ~4u, 2);
  const hw::PAddr hdr = rig.arena->alloc(16), st = rig.arena->alloc(1);
  rig.arena->store<std::uint32_t>(hdr, BlkDriver::kFlush);
  rig.drv->virtio().submit(0, {{hdr, 16, false}, {st, 1, true}});
  rig.drv->virtio().notify(0);
  run_all(rig.clock);
  EXPECT_FALSE(rig.drv->virtio().used_pending(0));
  cfg_write(*rig.machine, rig.probe.dev, 0, 4, cmd, 2);
  rig.drv->virtio().notify(0);
  EXPECT_TRUE(run_until(rig.clock, [&] { return rig.drv->virtio().used_pending(0); }));
}

TEST(Blk, RequestsCompleteInOrderUnlessReorderingIsEnabled) {
  for (bool reorder : {false, true}) {
    hw::DiskConfig d{patterned_disk(1 << 20)};
    d.faults.reorder_writes = reorder;
    d.faults.extra_latency = hw::LatencyDist::uniform(0, 2 * sim::kMs);
    BlkRig rig(99, d, VirtioMode::Legacy);
    VirtioDriver& v = rig.drv->virtio();
    std::vector<std::uint16_t> heads;
    for (unsigned i = 0; i < 16; ++i) {
      const hw::PAddr hdr = rig.arena->alloc(16), buf = rig.arena->alloc(512), st = rig.arena->alloc(1);
      rig.arena->store<std::uint32_t>(hdr, BlkDriver::kOut);
      rig.arena->store<std::uint64_t>(hdr + 8, i);
      heads.push_back(v.submit(0, {{hdr, 16, false}, {buf, 512, false}, {st, 1, true}}));
    }
    v.notify(0);
    run_all(rig.clock);
    std::vector<std::uint16_t> order;
    while (auto u = v.take_used(0)) order.push_back(u->head);
    ASSERT_EQ(order.size(), 16u);
    if (reorder) {
      EXPECT_NE(order, heads);
      EXPECT_GT(rig.machine->disk(0).disk().counters().reordered_completions, 0u);
    } else {
      EXPECT_EQ(order, heads);
    }
  }
}

TEST(Blk, HostImageFileBacksTheDisk) {
  const auto path = std::filesystem::temp_directory_path() / ("hw_disk_" + std::to_string(::getpid()) + ".img");
  {
    auto file = hw::FileDisk::open(path.string(), false, 256 * 1024);
    EXPECT_EQ(file->size(), 256u * 1024);
    BlkRig rig(1, {file}, VirtioMode::Modern);
    EXPECT_EQ(rig.drv->capacity(), 512u);
    ASSERT_EQ(rig.drv->write(100, pattern(2048, 5)), 0);
    ASSERT_EQ(rig.drv->flush(), 0);
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  ASSERT_EQ(bytes.size(), 256u * 1024);
  EXPECT_TRUE(std::equal(bytes.begin() + 100 * 512, bytes.begin() + 100 * 512 + 2048, pattern(2048, 5).begin()));
  EXPECT_THROW(hw::FileDisk::open("/nonexistent/dir/x.img"), std::runtime_error);
}
