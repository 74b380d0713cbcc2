#include "hw_model/blk/disk_model.h"

#include <algorithm>
#include <cstring>

#include "sim/runtime/log/log.h"

namespace hw {

DiskModel::DiskModel(std::shared_ptr<DiskImage> image, sim::Rng rng, FaultLog& log, std::string source)
    : image_(std::move(image)), rng_(rng), log_(log), source_(std::move(source)) {}

void DiskModel::set_writeback(bool on) {
  if (!on) flush();
  writeback_ = on;
}

bool DiskModel::inject_io_error(Op op, std::uint64_t sector, std::uint64_t count, sim::VTime now) {
  for (const auto& f : faults_.io_errors) {
    if (!(op == Op::Read ? f.on_read : f.on_write)) continue;
    if (sector >= f.first_sector + f.sectors || sector + count <= f.first_sector) continue;
    if (f.probability < 1.0 && !rng_.chance(f.probability)) continue;
    ++counters_.io_errors;
    log_.record(now, source_, op == Op::Read ? "read_error" : "write_error", sector, count);
    return true;
  }
  return false;
}

sim::VDuration DiskModel::inject_latency(sim::VTime now) {
  if (!faults_.extra_latency.active()) return 0;
  if (faults_.latency_probability < 1.0 && !rng_.chance(faults_.latency_probability)) return 0;
  const sim::VDuration d = faults_.extra_latency.sample(rng_);
  ++counters_.delayed_requests;
  counters_.added_latency_ns += d;
  log_.record(now, source_, "latency", d);
  return d;
}

void DiskModel::note_reordered(sim::VTime now, std::uint64_t sector) {
  ++counters_.reordered_completions;
  log_.record(now, source_, "reordered", sector);
}

bool DiskModel::read(std::uint64_t offset, std::uint8_t* dst, std::size_t len) {
  if (!image_->read(offset, dst, len)) return false;
  if (latest_.empty()) return true;
  for (std::uint64_t s = offset / kSectorSize; s * kSectorSize < offset + len; ++s) {
    auto it = latest_.find(s);
    if (it == latest_.end()) continue;
    const std::uint64_t lo = std::max(offset, s * kSectorSize);
    const std::uint64_t hi = std::min<std::uint64_t>(offset + len, (s + 1) * kSectorSize);
    std::memcpy(dst + (lo - offset), cache_[it->second].data.data() + (lo - s * kSectorSize), hi - lo);
  }
  return true;
}

bool DiskModel::write(std::uint64_t sector, const std::uint8_t* src, std::size_t len) {
  if (!writeback_) return image_->write(sector * kSectorSize, src, len);
  if ((sector + len / kSectorSize) > sectors()) return false;
  for (std::size_t done = 0; done < len; done += kSectorSize, ++sector) {
    CachedSector c{sector, {}};
    std::memcpy(c.data.data(), src + done, kSectorSize);
    latest_[sector] = cache_.size();
    cache_.push_back(c);
    ++counters_.cached_sector_writes;
  }
  return true;
}

bool DiskModel::flush() {
  ++counters_.flushes;
  bool ok = true;
  for (const auto& c : cache_) ok &= image_->write(c.sector * kSectorSize, c.data.data(), kSectorSize);
  cache_.clear();
  latest_.clear();
  return image_->sync() && ok;
}

void DiskModel::power_cut(sim::VTime now) {
  ++counters_.power_cuts;
  const std::size_t n = cache_.size();
  std::vector<bool> keep(n, false);
  if (faults_.reorder_writes) {
    for (std::size_t i = 0; i < n; ++i) keep[i] = rng_.chance(faults_.power_cut_keep);
  } else {
    // In-order disk: what reached the platter is a prefix of the writes;
    // its length is drawn as the number of successes before a failure.
    std::size_t prefix = 0;
    while (prefix < n && rng_.chance(faults_.power_cut_keep)) ++prefix;
    for (std::size_t i = 0; i < prefix; ++i) keep[i] = true;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) {
      image_->write(cache_[i].sector * kSectorSize, cache_[i].data.data(), kSectorSize);
      ++counters_.torn_sectors_kept;
    } else {
      ++counters_.torn_sectors_lost;
    }
    log_.record(now, source_, keep[i] ? "power_cut_kept" : "power_cut_lost", cache_[i].sector);
  }
  log_.record(now, source_, "power_cut", n);
  sim::log::get("blk")->info("{}: power cut, {} unflushed sector writes", source_, n);
  cache_.clear();
  latest_.clear();
  image_->sync();
}

}  // namespace hw
