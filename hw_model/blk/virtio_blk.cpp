#include "hw_model/blk/virtio_blk.h"

#include <cstring>

#include "hw_model/core/bytes.h"
#include "hw_model/virtio/virtio_regs.h"
#include "sim/runtime/log/log.h"

namespace hw {

VirtioBlk::VirtioBlk(PhysMem& mem, sim::VirtualClock& clock, sim::Rng fault_rng, FaultLog& log, std::string name,
                     const DiskConfig& cfg)
    : VirtioDevice(mem, virtio::kTypeBlk, 1, cfg.queue_size),
      name_(std::move(name)),
      events_(clock),
      disk_(cfg.image, fault_rng, log, name_),
      costs_(cfg.costs),
      serial_(cfg.serial.empty() ? name_ : cfg.serial),
      read_only_(cfg.read_only) {
  disk_.faults() = cfg.faults;
  offer(blk::kFSizeMax);
  offer(blk::kFSegMax);
  offer(blk::kFBlkSize);
  offer(blk::kFFlush);
  if (read_only_) offer(blk::kFRo);
  // struct virtio_blk_config up to and including writeback.
  config_.assign(36, 0);
  store_le(&config_[0], 8, disk_.sectors());
  store_le(&config_[8], 4, blk::kSizeMax);
  store_le(&config_[12], 4, blk::kSegMax);
  store_le(&config_[20], 4, kSectorSize);
}

void VirtioBlk::on_driver_ok() {
  // Without FLUSH the driver expects write-through: no volatile cache.
  disk_.set_writeback(negotiated(blk::kFFlush));
}

void VirtioBlk::on_reset() {
  events_.cancel_all();
  last_completion_ = 0;
}

void VirtioBlk::power_cut() {
  events_.cancel_all();
  disk_.power_cut(events_.now());
  powered_ = false;
}

void VirtioBlk::on_notify(unsigned qi) {
  SplitVirtqueue& q = *queue(qi);
  if (!powered_) return;
  if (!dma_enabled()) {
    sim::log::get("blk")->warn("{}: notify with bus mastering disabled; ignored", name_);
    return;
  }
  for (;;) {
    const auto r = q.pop(chain_);
    if (r == SplitVirtqueue::Pop::Empty) return;
    if (r == SplitVirtqueue::Pop::Error || chain_.readable < 16 || chain_.writable < 1) {
      needs_reset("malformed request chain");
      return;
    }
    std::uint8_t hdr[16];
    chain_read(mem_, chain_, 0, hdr, sizeof hdr);
    Request req{static_cast<std::uint32_t>(load_le(hdr, 4)), load_le(hdr + 8, 8)};

    const std::uint64_t bytes = req.type == blk::kTypeOut ? chain_.readable - 16 : chain_.writable - 1;
    sim::VDuration cost = costs_.per_request + costs_.per_sector * (bytes / kSectorSize);
    if (req.type == blk::kTypeFlush) cost += costs_.flush;
    cost += disk_.inject_latency(events_.now());

    const sim::VTime now = events_.now();
    sim::VTime done = now + cost;
    if (disk_.faults().reorder_writes) {
      if (done < last_completion_) disk_.note_reordered(now, req.sector);
    } else {
      done = std::max(done, last_completion_);
    }
    last_completion_ = std::max(last_completion_, done);
    if (done == now) {
      complete(chain_, req);
    } else {
      events_.at(done, [this, chain = chain_, req] { complete(chain, req); });
    }
  }
}

void VirtioBlk::complete(const VqChain& chain, const Request& req) {
  std::uint32_t written = 0;
  const std::uint8_t status = execute(chain, req, written);
  if (status != blk::kStatusOk) ++counters_.errors;
  chain_write(mem_, chain, chain.writable - 1, &status, 1);
  SplitVirtqueue& q = *queue(0);
  q.push(chain.head, written + 1);
  signal_used(q);
}

std::uint8_t VirtioBlk::execute(const VqChain& chain, const Request& req, std::uint32_t& written) {
  const sim::VTime now = events_.now();
  switch (req.type) {
    case blk::kTypeIn: {
      ++counters_.reads;
      const std::uint64_t len = chain.writable - 1;
      if (len % kSectorSize || req.sector > disk_.sectors() || len / kSectorSize > disk_.sectors() - req.sector)
        return blk::kStatusIoErr;
      if (disk_.inject_io_error(DiskModel::Op::Read, req.sector, len / kSectorSize, now)) return blk::kStatusIoErr;
      std::uint64_t off = req.sector * kSectorSize;
      bool ok = true;
      chain_segments(mem_, chain, true, 0, len, [&](std::uint8_t* p, std::size_t n) {
        ok &= disk_.read(off, p, n);
        off += n;
      });
      if (!ok) return blk::kStatusIoErr;
      written = static_cast<std::uint32_t>(len);
      counters_.bytes_read += len;
      return blk::kStatusOk;
    }
    case blk::kTypeOut: {
      ++counters_.writes;
      const std::uint64_t len = chain.readable - 16;
      if (read_only_ || len % kSectorSize || req.sector > disk_.sectors() ||
          len / kSectorSize > disk_.sectors() - req.sector)
        return blk::kStatusIoErr;
      if (disk_.inject_io_error(DiskModel::Op::Write, req.sector, len / kSectorSize, now)) return blk::kStatusIoErr;
      staging_.resize(len);
      if (!chain_read(mem_, chain, 16, staging_.data(), len) || !disk_.write(req.sector, staging_.data(), len))
        return blk::kStatusIoErr;
      counters_.bytes_written += len;
      return blk::kStatusOk;
    }
    case blk::kTypeFlush:
      ++counters_.flushes;
      return disk_.flush() ? blk::kStatusOk : blk::kStatusIoErr;
    case blk::kTypeGetId: {
      ++counters_.get_ids;
      char id[blk::kIdBytes] = {};
      std::memcpy(id, serial_.data(), std::min(serial_.size(), sizeof id));
      written = static_cast<std::uint32_t>(std::min<std::uint64_t>(chain.writable - 1, sizeof id));
      chain_write(mem_, chain, 0, id, written);
      return blk::kStatusOk;
    }
    default:
      ++counters_.unsupported;
      return blk::kStatusUnsupp;
  }
}

}  // namespace hw
