#include "hw_model/net/virtio_net.h"

#include "hw_model/core/bytes.h"
#include "hw_model/virtio/virtio_regs.h"
#include "sim/runtime/log/log.h"
#include "sim/runtime/seed/seed.h"

namespace hw {

VirtioNet::VirtioNet(PhysMem& mem, sim::VirtualClock& clock, std::string name, const NicConfig& cfg)
    : VirtioDevice(mem, virtio::kTypeNet, 2, cfg.queue_size),
      name_(std::move(name)),
      events_(clock),
      costs_(cfg.costs),
      backlog_limit_(cfg.rx_backlog) {
  if (cfg.mac) {
    mac_ = *cfg.mac;
  } else {
    const std::uint64_t h = sim::fnv1a64(name_);
    mac_ = {0x52, 0x54, 0x00, static_cast<std::uint8_t>(h >> 16), static_cast<std::uint8_t>(h >> 8),
            static_cast<std::uint8_t>(h)};
  }
  offer(net::kFMac);
  offer(net::kFStatus);
  config_.assign(8, 0);  // mac[6], status
  for (std::size_t i = 0; i < 6; ++i) config_[i] = mac_[i];
}

std::size_t VirtioNet::header_size() const {
  return negotiated(virtio::kFVersion1) ? net::kModernHeader : net::kLegacyHeader;
}

void VirtioNet::set_link_status(bool up) {
  store_le(&config_[6], 2, up ? net::kStatusLinkUp : 0);
  if (driver_ok()) signal_config_change();
}

void VirtioNet::attach(FrameLink* link) {
  link_ = link;
  set_link_status(link != nullptr);
}

void VirtioNet::on_reset() {
  events_.cancel_all();
  rx_scheduled_ = false;
}

void VirtioNet::on_notify(unsigned q) {
  if (!dma_enabled()) return;
  if (q == net::kTxQueue) transmit_pending();
  if (q == net::kRxQueue) fill_rx();
}

void VirtioNet::transmit_pending() {
  SplitVirtqueue& q = *queue(net::kTxQueue);
  for (;;) {
    const auto r = q.pop(chain_);
    if (r == SplitVirtqueue::Pop::Empty) break;
    if (r == SplitVirtqueue::Pop::Error || chain_.readable < header_size()) {
      needs_reset("malformed tx chain");
      return;
    }
    Frame frame(chain_.readable - header_size());
    chain_read(mem_, chain_, header_size(), frame.data(), frame.size());
    auto send = [this, head = chain_.head, frame = std::move(frame)] {
      ++counters_.tx_frames;
      counters_.tx_bytes += frame.size();
      SplitVirtqueue& txq = *queue(net::kTxQueue);
      txq.push(head, 0);
      signal_used(txq);
      if (link_) {
        link_->transmit_frame(frame);
      } else {
        ++counters_.tx_no_link;
      }
    };
    if (costs_.per_tx_frame == 0) {
      send();
    } else {
      events_.after(costs_.per_tx_frame, std::move(send));
    }
  }
}

void VirtioNet::deliver_frame(std::span<const std::uint8_t> frame) {
  if (backlog_.size() >= backlog_limit_) {
    ++counters_.rx_backlog_drops;
    return;
  }
  backlog_.emplace_back(frame.begin(), frame.end());
  fill_rx();
}

void VirtioNet::fill_rx() {
  if (!driver_ok() || backlog_.empty() || rx_scheduled_) return;
  auto step = [this] {
    rx_scheduled_ = false;
    SplitVirtqueue& q = *queue(net::kRxQueue);
    const Frame& f = backlog_.front();
    const auto r = q.pop(chain_);
    if (r == SplitVirtqueue::Pop::Empty) return;  // wait for the driver to post buffers
    if (r == SplitVirtqueue::Pop::Error) return needs_reset("malformed rx chain");
    const std::size_t hdr = header_size();
    std::uint32_t used = 0;
    if (chain_.writable < hdr + f.size()) {
      ++counters_.rx_too_big;
    } else {
      std::uint8_t h[net::kModernHeader] = {};
      if (hdr == net::kModernHeader) h[10] = 1;  // num_buffers
      chain_write(mem_, chain_, 0, h, hdr);
      chain_write(mem_, chain_, hdr, f.data(), f.size());
      used = static_cast<std::uint32_t>(hdr + f.size());
      ++counters_.rx_frames;
      counters_.rx_bytes += f.size();
    }
    backlog_.pop_front();
    q.push(chain_.head, used);
    signal_used(q);
    fill_rx();
  };
  if (costs_.per_rx_frame == 0) return step();
  rx_scheduled_ = true;
  events_.after(costs_.per_rx_frame, step);
}

}  // namespace hw
