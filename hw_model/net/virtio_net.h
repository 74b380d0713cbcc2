// virtio-net: receive queue 0, transmit queue 1, MAC and link status in
// config space. Transmitted frames (virtio-net header stripped) go to the
// attached FrameLink; frames from the wire wait in a bounded backlog until
// the driver posts receive buffers.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "hw_model/core/event_set.h"
#include "hw_model/net/ethernet.h"
#include "hw_model/virtio/virtio_device.h"
#include "hw_model/virtio/virtio_pci.h"

namespace hw {

namespace net {
constexpr unsigned kFMac = 5, kFStatus = 16;
constexpr std::uint16_t kStatusLinkUp = 1;
constexpr unsigned kRxQueue = 0, kTxQueue = 1;
constexpr std::size_t kLegacyHeader = 10;  // no MRG_RXBUF
constexpr std::size_t kModernHeader = 12;  // num_buffers always present
}  // namespace net

struct NetCosts {
  sim::VDuration per_tx_frame = 1 * sim::kUs;
  sim::VDuration per_rx_frame = 1 * sim::kUs;
  static NetCosts zero() { return {0, 0}; }
};

struct NicConfig {
  std::optional<MacAddress> mac;  // default: 52:54:00 + hash of the NIC's name
  VirtioTransport transport = VirtioTransport::Transitional;
  std::uint16_t queue_size = 256;
  std::size_t rx_backlog = 256;  // frames held while the driver posts no buffers
  NetCosts costs;
};

struct NicCounters {
  std::uint64_t tx_frames = 0, tx_bytes = 0, tx_no_link = 0;
  std::uint64_t rx_frames = 0, rx_bytes = 0, rx_backlog_drops = 0, rx_too_big = 0;
};

class VirtioNet final : public VirtioDevice, public FrameSink {
 public:
  VirtioNet(PhysMem& mem, sim::VirtualClock& clock, std::string name, const NicConfig& cfg);

  const std::string& name() const { return name_; }
  const MacAddress& mac() const { return mac_; }
  const NicCounters& counters() const { return counters_; }

  // Plugs the cable (link up) or pulls it (nullptr: link down); the driver
  // sees the status change through a config interrupt.
  void attach(FrameLink* link);
  FrameLink* link() const { return link_; }

  void deliver_frame(std::span<const std::uint8_t> frame) override;

 protected:
  void on_notify(unsigned q) override;
  void on_reset() override;

 private:
  std::size_t header_size() const;
  void transmit_pending();
  void fill_rx();
  void set_link_status(bool up);

  std::string name_;
  EventSet events_;
  NetCosts costs_;
  MacAddress mac_{};
  std::size_t backlog_limit_;
  FrameLink* link_ = nullptr;
  std::deque<Frame> backlog_;
  bool rx_scheduled_ = false;
  VqChain chain_;
  NicCounters counters_;
};

}  // namespace hw
