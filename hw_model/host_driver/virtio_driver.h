// A minimal virtio driver, written against the register interfaces only
// (legacy I/O BAR or modern PCI capabilities) with split virtqueues in
// guest RAM: what blkdrv/netdrv do, reduced to what tests need.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "hw_model/host_driver/dma_arena.h"
#include "hw_model/host_driver/pci_probe.h"

namespace hostdrv {

enum class VirtioMode { Legacy, Modern };

struct DescBuf {
  hw::PAddr addr;
  std::uint32_t len;
  bool writable;
};

struct UsedElem {
  std::uint16_t head;
  std::uint32_t len;
};

class VirtioDriver {
 public:
  static constexpr std::uint8_t kAck = 1, kDriver = 2, kDriverOk = 4, kFeaturesOk = 8, kNeedsReset = 64;
  static constexpr unsigned kVersion1 = 32;

  VirtioDriver(DmaArena& arena, const PciProbe& dev, VirtioMode mode) : a_(arena), bus_(arena.bus()), dev_(dev), mode_(mode) {
    if (mode == VirtioMode::Legacy) {
      if (!dev.bars[0].io) throw std::runtime_error("no legacy I/O BAR");
      io_ = static_cast<std::uint16_t>(dev.bars[0].addr);
      return;
    }
    for (const auto& c : dev.caps) {
      if (c.id != 0x09) continue;
      const auto at = [&](unsigned o, unsigned size) {
        return cfg_read(bus_, dev.dev, dev.fn, static_cast<std::uint16_t>(c.offset + o), size);
      };
      const std::uint8_t type = static_cast<std::uint8_t>(at(3, 1));
      const std::uint64_t addr = dev.bars[at(4, 1)].addr + at(8, 4);
      if (type == 1) common_ = addr;
      if (type == 3) isr_ = addr;
      if (type == 4) devcfg_ = addr;
      if (type == 2) notify_ = addr, notify_mult_ = at(16, 4);
    }
    if (!common_ || !notify_ || !isr_) throw std::runtime_error("modern virtio capabilities missing");
  }

  // --- register access ---
  std::uint64_t reg_in(std::uint64_t off, unsigned size) {
    if (mode_ == VirtioMode::Legacy) return bus_.io_in(static_cast<std::uint16_t>(io_ + off), size);
    std::uint64_t v = 0;
    if (!bus_.mmio_read(common_ + off, size, v)) throw std::runtime_error("mmio read fault");
    return v;
  }
  void reg_out(std::uint64_t off, unsigned size, std::uint64_t v) {
    if (mode_ == VirtioMode::Legacy) return bus_.io_out(static_cast<std::uint16_t>(io_ + off), size, static_cast<std::uint32_t>(v));
    if (!bus_.mmio_write(common_ + off, size, v)) throw std::runtime_error("mmio write fault");
  }
  std::uint8_t status() { return static_cast<std::uint8_t>(reg_in(legacy() ? 0x12 : 0x14, 1)); }
  void set_status(std::uint8_t s) { reg_out(legacy() ? 0x12 : 0x14, 1, s); }
  std::uint8_t read_isr() {
    if (legacy()) return static_cast<std::uint8_t>(bus_.io_in(static_cast<std::uint16_t>(io_ + 0x13), 1));
    std::uint64_t v = 0;
    bus_.mmio_read(isr_, 1, v);
    return static_cast<std::uint8_t>(v);
  }
  std::uint64_t config(unsigned off, unsigned size) {
    if (legacy()) return bus_.io_in(static_cast<std::uint16_t>(io_ + 0x14 + off), size);
    std::uint64_t v = 0;
    bus_.mmio_read(devcfg_ + off, size, v);
    return v;
  }
  std::uint64_t device_features() {
    if (legacy()) return reg_in(0x00, 4);
    reg_out(0x00, 4, 0);
    std::uint64_t lo = reg_in(0x04, 4);
    reg_out(0x00, 4, 1);
    return lo | (reg_in(0x04, 4) << 32);
  }

  // Reset, negotiate `wanted` (VERSION_1 added in modern mode), set up
  // `queues` queues; DRIVER_OK. Returns false when FEATURES_OK did not stick.
  bool init(std::uint64_t wanted, unsigned queues) {
    set_status(0);
    set_status(kAck);
    set_status(kAck | kDriver);
    if (!legacy()) wanted |= std::uint64_t{1} << kVersion1;
    features_ = device_features() & wanted;
    if (legacy()) {
      reg_out(0x04, 4, features_);
    } else {
      reg_out(0x08, 4, 0);
      reg_out(0x0C, 4, features_ & 0xFFFF'FFFF);
      reg_out(0x08, 4, 1);
      reg_out(0x0C, 4, features_ >> 32);
      set_status(kAck | kDriver | kFeaturesOk);
      if (!(status() & kFeaturesOk)) return false;
    }
    for (unsigned q = 0; q < queues; ++q) setup_queue(q);
    set_status(static_cast<std::uint8_t>(kAck | kDriver | kDriverOk | (legacy() ? 0 : kFeaturesOk)));
    return true;
  }
  std::uint64_t features() const { return features_; }
  bool legacy() const { return mode_ == VirtioMode::Legacy; }

  // --- queues ---
  struct Queue {
    std::uint16_t size = 0;
    hw::PAddr desc = 0, avail = 0, used = 0;
    std::uint16_t avail_idx = 0, last_used = 0;
    std::vector<std::uint16_t> free;
    std::vector<std::uint16_t> chain_len;
  };

  void setup_queue(unsigned qi) {
    if (queues_.size() <= qi) queues_.resize(qi + 1);
    Queue& q = queues_[qi];
    reg_out(legacy() ? 0x0E : 0x16, 2, qi);
    q.size = static_cast<std::uint16_t>(reg_in(legacy() ? 0x0C : 0x18, 2));
    if (q.size == 0) throw std::runtime_error("queue does not exist");
    const std::uint64_t desc_bytes = 16ull * q.size, avail_bytes = 6 + 2ull * q.size;
    const std::uint64_t used_off = (desc_bytes + avail_bytes + 4095) & ~4095ull;
    const std::uint64_t total = used_off + ((6 + 8ull * q.size + 4095) & ~4095ull);
    q.desc = a_.alloc(total, 4096);
    a_.fill(q.desc, 0, total);
    q.avail = q.desc + desc_bytes;
    q.used = q.desc + used_off;
    q.free.clear();
    for (std::uint16_t i = 0; i < q.size; ++i) q.free.push_back(static_cast<std::uint16_t>(q.size - 1 - i));
    q.chain_len.assign(q.size, 0);
    if (legacy()) {
      reg_out(0x08, 4, q.desc / 4096);
    } else {
      reg_out(0x20, 8, q.desc);
      reg_out(0x28, 8, q.avail);
      reg_out(0x30, 8, q.used);
      reg_out(0x1C, 2, 1);
    }
  }
  Queue& queue(unsigned qi) { return queues_.at(qi); }

  // Places a chain in the available ring (no notify); returns its head.
  std::uint16_t submit(unsigned qi, const std::vector<DescBuf>& bufs) {
    Queue& q = queues_.at(qi);
    if (bufs.empty() || q.free.size() < bufs.size()) throw std::runtime_error("virtqueue full");
    std::vector<std::uint16_t> ids;
    for (std::size_t i = 0; i < bufs.size(); ++i) ids.push_back(q.free.back()), q.free.pop_back();
    for (std::size_t i = 0; i < bufs.size(); ++i) {
      const bool more = i + 1 < bufs.size();
      const std::uint16_t flags = static_cast<std::uint16_t>((more ? 1 : 0) | (bufs[i].writable ? 2 : 0));
      const hw::PAddr d = q.desc + 16ull * ids[i];
      a_.store<std::uint64_t>(d, bufs[i].addr);
      a_.store<std::uint32_t>(d + 8, bufs[i].len);
      a_.store<std::uint16_t>(d + 12, flags);
      a_.store<std::uint16_t>(d + 14, more ? ids[i + 1] : 0);
    }
    q.chain_len[ids[0]] = static_cast<std::uint16_t>(bufs.size());
    a_.store<std::uint16_t>(q.avail + 4 + 2ull * (q.avail_idx % q.size), ids[0]);
    ++q.avail_idx;
    a_.store<std::uint16_t>(q.avail + 2, q.avail_idx);
    return ids[0];
  }
  void notify(unsigned qi) {
    if (legacy()) return bus_.io_out(static_cast<std::uint16_t>(io_ + 0x10), 2, qi);
    bus_.mmio_write(notify_ + std::uint64_t{qi} * notify_mult_, 2, qi);
  }
  void suppress_interrupts(unsigned qi, bool on) { a_.store<std::uint16_t>(queues_.at(qi).avail, on ? 1 : 0); }

  bool used_pending(unsigned qi) {
    Queue& q = queues_.at(qi);
    return a_.load<std::uint16_t>(q.used + 2) != q.last_used;
  }
  std::optional<UsedElem> take_used(unsigned qi) {
    Queue& q = queues_.at(qi);
    if (!used_pending(qi)) return std::nullopt;
    const hw::PAddr e = q.used + 4 + 8ull * (q.last_used % q.size);
    UsedElem u{static_cast<std::uint16_t>(a_.load<std::uint32_t>(e)), a_.load<std::uint32_t>(e + 4)};
    ++q.last_used;
    // Give the chain's descriptors back, following the next links.
    std::uint16_t id = u.head;
    for (unsigned n = q.chain_len[u.head]; n > 0; --n) {
      q.free.push_back(id);
      id = a_.load<std::uint16_t>(q.desc + 16ull * id + 14);
    }
    return u;
  }

  DmaArena& arena() { return a_; }

 private:
  DmaArena& a_;
  hw::MachineBus& bus_;
  PciProbe dev_;
  VirtioMode mode_;
  std::uint16_t io_ = 0;
  std::uint64_t common_ = 0, isr_ = 0, devcfg_ = 0, notify_ = 0;
  std::uint32_t notify_mult_ = 0;
  std::uint64_t features_ = 0;
  std::vector<Queue> queues_;
};

}  // namespace hostdrv
