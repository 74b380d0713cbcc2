// virtio-net on top of VirtioDriver: receive buffers posted to queue 0,
// frames (with the virtio-net header) sent on queue 1.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "hw_model/host_driver/virtio_driver.h"

namespace hostdrv {

class NetDriver {
 public:
  static constexpr unsigned kFMac = 5, kFStatus = 16;
  static constexpr std::uint32_t kBufSize = 2048;

  NetDriver(DmaArena& arena, const PciProbe& dev, VirtioMode mode) : v_(arena, dev, mode) {
    ok_ = v_.init((1ull << kFMac) | (1ull << kFStatus), 2);
    hdr_ = mode == VirtioMode::Legacy ? 10 : 12;
  }
  bool ok() const { return ok_; }
  VirtioDriver& virtio() { return v_; }
  std::array<std::uint8_t, 6> mac() {
    std::array<std::uint8_t, 6> m{};
    for (unsigned i = 0; i < 6; ++i) m[i] = static_cast<std::uint8_t>(v_.config(i, 1));
    return m;
  }
  bool link_up() { return v_.config(6, 2) & 1; }

  void post_rx(unsigned n) {
    for (unsigned i = 0; i < n; ++i) {
      const hw::PAddr b = v_.arena().alloc(kBufSize, 16);
      rx_bufs_[v_.submit(0, {{b, kBufSize, true}})] = b;
    }
    v_.notify(0);
  }

  void send(const std::vector<std::uint8_t>& frame) {
    reclaim_tx();
    const hw::PAddr b = v_.arena().alloc(hdr_ + frame.size(), 16);
    v_.arena().fill(b, 0, hdr_);
    v_.arena().write(b + hdr_, frame.data(), frame.size());
    v_.submit(1, {{b, static_cast<std::uint32_t>(hdr_ + frame.size()), false}});
    v_.notify(1);
  }
  void reclaim_tx() {
    while (v_.take_used(1)) ++tx_done_;
  }

  // The next received frame (header stripped); its buffer is posted again.
  std::optional<std::vector<std::uint8_t>> receive() {
    auto u = v_.take_used(0);
    if (!u) return std::nullopt;
    const hw::PAddr b = rx_bufs_.at(u->head);
    rx_bufs_.erase(u->head);
    std::vector<std::uint8_t> f(u->len > hdr_ ? u->len - hdr_ : 0);
    v_.arena().read(b + hdr_, f.data(), f.size());
    rx_bufs_[v_.submit(0, {{b, kBufSize, true}})] = b;
    v_.notify(0);
    return f;
  }
  std::vector<std::vector<std::uint8_t>> receive_all() {
    std::vector<std::vector<std::uint8_t>> out;
    while (auto f = receive()) out.push_back(std::move(*f));
    return out;
  }
  unsigned tx_done() const { return tx_done_; }

 private:
  VirtioDriver v_;
  bool ok_ = false;
  std::size_t hdr_ = 10;
  std::map<std::uint16_t, hw::PAddr> rx_bufs_;
  unsigned tx_done_ = 0;
};

inline std::vector<std::uint8_t> eth_frame(const std::array<std::uint8_t, 6>& dst, const std::array<std::uint8_t, 6>& src,
                                           std::uint16_t seq, std::size_t payload = 64) {
  std::vector<std::uint8_t> f(dst.begin(), dst.end());
  f.insert(f.end(), src.begin(), src.end());
  f.push_back(0x88);  // EtherType 0x88B5: local experimental
  f.push_back(0xB5);
  for (std::size_t i = 0; i < payload; ++i) f.push_back(static_cast<std::uint8_t>(seq + i));
  f[14] = static_cast<std::uint8_t>(seq >> 8);
  f[15] = static_cast<std::uint8_t>(seq);
  return f;
}

}  // namespace hostdrv
