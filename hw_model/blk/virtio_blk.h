// virtio-blk: one request queue; IN, OUT, FLUSH and GET_ID requests read
// from split-virtqueue descriptor chains in guest memory. Each request
// completes after its virtual-time cost (plus injected latency); zero-cost
// requests complete during the notify itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw_model/blk/disk_model.h"
#include "hw_model/core/event_set.h"
#include "hw_model/virtio/virtio_device.h"
#include "hw_model/virtio/virtio_pci.h"

namespace hw {

namespace blk {
constexpr std::uint32_t kTypeIn = 0;
constexpr std::uint32_t kTypeOut = 1;
constexpr std::uint32_t kTypeFlush = 4;
constexpr std::uint32_t kTypeGetId = 8;
constexpr std::uint8_t kStatusOk = 0;
constexpr std::uint8_t kStatusIoErr = 1;
constexpr std::uint8_t kStatusUnsupp = 2;
constexpr unsigned kFSizeMax = 1, kFSegMax = 2, kFRo = 5, kFBlkSize = 6, kFFlush = 9;
constexpr std::size_t kIdBytes = 20;
constexpr std::uint32_t kSizeMax = 1u << 20;  // bytes per segment
constexpr std::uint32_t kSegMax = 128;
}  // namespace blk

struct BlkCosts {
  sim::VDuration per_request = 10 * sim::kUs;
  sim::VDuration per_sector = 1 * sim::kUs;  // 512 B/us ~ 500 MB/s
  sim::VDuration flush = 100 * sim::kUs;
  static BlkCosts zero() { return {0, 0, 0}; }
};

struct DiskConfig {
  DiskConfig() = default;
  DiskConfig(std::shared_ptr<DiskImage> img) : image(std::move(img)) {}  // NOLINT: implicit on purpose

  std::shared_ptr<DiskImage> image;  // required
  std::string serial;                // GET_ID; default "<machine>-blk<N>"
  bool read_only = false;
  VirtioTransport transport = VirtioTransport::Transitional;
  std::uint16_t queue_size = 256;
  BlkCosts costs;
  DiskFaults faults;
};

struct BlkCounters {
  std::uint64_t reads = 0, writes = 0, flushes = 0, get_ids = 0, unsupported = 0, errors = 0;
  std::uint64_t bytes_read = 0, bytes_written = 0;
};

class VirtioBlk final : public VirtioDevice {
 public:
  VirtioBlk(PhysMem& mem, sim::VirtualClock& clock, sim::Rng fault_rng, FaultLog& log, std::string name,
            const DiskConfig& cfg);

  const std::string& name() const { return name_; }
  DiskModel& disk() { return disk_; }
  const BlkCounters& counters() const { return counters_; }
  BlkCosts& costs() { return costs_; }
  // Drops requests in flight, resolves the write cache, stops the device.
  void power_cut();
  bool powered() const { return powered_; }

 protected:
  void on_notify(unsigned q) override;
  void on_reset() override;
  void on_driver_ok() override;

 private:
  struct Request {
    std::uint32_t type = 0;
    std::uint64_t sector = 0;
  };
  void complete(const VqChain& chain, const Request& req);
  std::uint8_t execute(const VqChain& chain, const Request& req, std::uint32_t& written);

  std::string name_;
  EventSet events_;
  DiskModel disk_;
  BlkCosts costs_;
  std::string serial_;
  bool read_only_;
  bool powered_ = true;
  sim::VTime last_completion_ = 0;
  VqChain chain_;                    // reused for every request
  std::vector<std::uint8_t> staging_;  // write gather buffer
  BlkCounters counters_;
};

}  // namespace hw
