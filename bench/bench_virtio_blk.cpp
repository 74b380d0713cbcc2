// 4 KiB reads per second through the virtio-blk virtqueue model with zero
// latency configured (a driver builds each request in guest RAM, notifies,
// the device completes during the notify, the driver takes the used
// element), against memcpy of the same bytes in the same run (the floor).
// Prints `reads_per_second = …` and `ratio_vs_memcpy = …` (time per read /
// time per memcpy). Meaningful in a Release build.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "hw_model/host_driver/pci_probe.h"
#include "hw_model/host_driver/virtio_driver.h"
#include "hw_model/machine.h"

namespace {

constexpr std::size_t kBlock = 4096;
constexpr std::uint64_t kDiskBytes = 16ull << 20;
constexpr std::uint64_t kBlocks = kDiskBytes / kBlock;
constexpr unsigned kIterations = 400'000;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  sim::VirtualClock clock;
  auto image = std::make_shared<hw::MemoryDisk>(kDiskBytes);
  for (std::size_t i = 0; i < image->bytes().size(); ++i) image->bytes()[i] = static_cast<std::uint8_t>(i * 13);

  hw::MachineConfig cfg;
  hw::DiskConfig disk{image};
  disk.costs = hw::BlkCosts::zero();
  cfg.disks.push_back(disk);
  hw::Machine machine(clock, sim::SeedSource(1), cfg);

  hostdrv::DmaArena arena(machine);
  auto dev = hostdrv::find_pci(machine, 0x1AF4, 0x1001);
  if (!dev) return 1;
  hostdrv::VirtioDriver drv(arena, *dev, hostdrv::VirtioMode::Modern);
  if (!drv.init(0, 1)) return 1;
  drv.suppress_interrupts(0, true);  // polled, as blkdrv runs

  const hw::PAddr hdr = arena.alloc(16), data = arena.alloc(kBlock, kBlock), status = arena.alloc(1);
  arena.store<std::uint32_t>(hdr, 0);  // VIRTIO_BLK_T_IN
  std::uint8_t* hdr_page = machine.ram_page(hdr & ~(hw::kPageSize - 1));
  std::uint8_t* data_bytes = machine.ram_page(data);
  const std::vector<hostdrv::DescBuf> chain{{hdr, 16, false}, {data, kBlock, true}, {status, 1, true}};

  unsigned check = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (unsigned i = 0; i < kIterations; ++i) {
    const std::uint64_t sector = (i * 7919ull % kBlocks) * (kBlock / 512);
    std::memcpy(hdr_page + (hdr % hw::kPageSize) + 8, &sector, 8);
    drv.submit(0, chain);
    drv.notify(0);
    auto used = drv.take_used(0);
    if (!used || used->len != kBlock + 1) return 2;
    check += data_bytes[i % kBlock];
  }
  const double virtio_s = seconds_since(t0);

  std::vector<std::uint8_t> dst(kBlock);
  const std::uint8_t* src = image->bytes().data();
  t0 = std::chrono::steady_clock::now();
  for (unsigned i = 0; i < kIterations; ++i) {
    const std::uint64_t off = (i * 7919ull % kBlocks) * kBlock;
    std::memcpy(dst.data(), src + off, kBlock);
    asm volatile("" : : "r"(dst.data()) : "memory");
    check += dst[i % kBlock];
  }
  const double memcpy_s = seconds_since(t0);

  std::printf("reads_per_second = %.0f\n", kIterations / virtio_s);
  std::printf("ratio_vs_memcpy = %.2f\n", virtio_s / memcpy_s);
  std::fprintf(stderr, "memcpy_per_second = %.0f\nchecksum = %u\n", kIterations / memcpy_s, check);
  return 0;
}
