// virtio-blk requests on top of VirtioDriver: header, data, status.
#pragma once

#include <string>
#include <vector>

#include "hw_model/host_driver/virtio_driver.h"

namespace hostdrv {

class BlkDriver {
 public:
  static constexpr unsigned kFFlush = 9;
  static constexpr std::uint32_t kIn = 0, kOut = 1, kFlush = 4, kGetId = 8;

  // `wait` runs the machine until the device used a buffer.
  BlkDriver(DmaArena& arena, const PciProbe& dev, VirtioMode mode, std::uint64_t features,
            std::function<void(VirtioDriver&)> wait)
      : v_(arena, dev, mode), wait_(std::move(wait)) {
    ok_ = v_.init(features, 1);
    hdr_ = arena.alloc(16);
    status_ = arena.alloc(1);
  }
  bool ok() const { return ok_; }
  VirtioDriver& virtio() { return v_; }
  std::uint64_t capacity() { return v_.config(0, 8); }

  // Status byte of the request; `data` is read into / written from.
  std::uint8_t request(std::uint32_t type, std::uint64_t sector, std::vector<std::uint8_t>& data,
                       std::uint32_t* used_len = nullptr) {
    DmaArena& a = v_.arena();
    a.store<std::uint32_t>(hdr_, type);
    a.store<std::uint32_t>(hdr_ + 4, 0);
    a.store<std::uint64_t>(hdr_ + 8, sector);
    a.store<std::uint8_t>(status_, 0xFF);
    std::vector<DescBuf> chain{{hdr_, 16, false}};
    hw::PAddr buf = 0;
    if (!data.empty()) {
      buf = a.alloc(data.size(), 16);
      if (type == kOut) a.write(buf, data.data(), data.size());
      chain.push_back({buf, static_cast<std::uint32_t>(data.size()), type != kOut});
    }
    chain.push_back({status_, 1, true});
    v_.submit(0, chain);
    v_.notify(0);
    if (!v_.used_pending(0)) wait_(v_);
    auto u = v_.take_used(0);
    if (!u) return 0xEE;
    if (used_len) *used_len = u->len;
    if (type != kOut && !data.empty()) a.read(buf, data.data(), data.size());
    return a.load<std::uint8_t>(status_);
  }

  std::uint8_t read(std::uint64_t sector, std::vector<std::uint8_t>& out) { return request(kIn, sector, out); }
  std::uint8_t write(std::uint64_t sector, std::vector<std::uint8_t> data) { return request(kOut, sector, data); }
  std::uint8_t flush() {
    std::vector<std::uint8_t> none;
    return request(kFlush, 0, none);
  }
  std::string get_id() {
    std::vector<std::uint8_t> id(20);
    if (request(kGetId, 0, id) != 0) return {};
    return std::string(reinterpret_cast<const char*>(id.data()), strnlen(reinterpret_cast<const char*>(id.data()), 20));
  }

 private:
  VirtioDriver v_;
  std::function<void(VirtioDriver&)> wait_;
  bool ok_ = false;
  hw::PAddr hdr_ = 0, status_ = 0;
};

}  // namespace hostdrv
