// What a disk does with requests: a volatile write cache in front of the
// stable image (writeback once the driver negotiated FLUSH), and the fault
// model: I/O errors on sector ranges, added latency, write reordering
// between flushes, and power cut keeping a seeded subset of the unflushed
// sector writes. Every injected fault is counted and logged.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "hw_model/blk/disk_image.h"
#include "hw_model/core/fault_log.h"
#include "hw_model/core/latency.h"

namespace hw {

struct SectorRangeFault {
  std::uint64_t first_sector = 0;
  std::uint64_t sectors = 1;
  bool on_read = true;
  bool on_write = true;
  double probability = 1.0;
};

struct DiskFaults {
  std::vector<SectorRangeFault> io_errors;
  LatencyDist extra_latency;         // added to a request ...
  double latency_probability = 1.0;  // ... with this probability
  bool reorder_writes = false;       // completions and power-cut survivors in any order
  double power_cut_keep = 0.5;       // chance an unflushed sector write survives
};

struct DiskCounters {
  std::uint64_t io_errors = 0;
  std::uint64_t delayed_requests = 0;
  std::uint64_t added_latency_ns = 0;
  std::uint64_t reordered_completions = 0;
  std::uint64_t power_cuts = 0;
  std::uint64_t torn_sectors_kept = 0;
  std::uint64_t torn_sectors_lost = 0;
  std::uint64_t cached_sector_writes = 0;
  std::uint64_t flushes = 0;
};

class DiskModel {
 public:
  enum class Op { Read, Write };

  DiskModel(std::shared_ptr<DiskImage> image, sim::Rng rng, FaultLog& log, std::string source);

  std::uint64_t sectors() const { return image_->size() / kSectorSize; }
  void set_writeback(bool on);
  bool writeback() const { return writeback_; }

  // The fault model's say on one request (drawn in request order).
  bool inject_io_error(Op op, std::uint64_t sector, std::uint64_t count, sim::VTime now);
  sim::VDuration inject_latency(sim::VTime now);
  void note_reordered(sim::VTime now, std::uint64_t sector);

  // Byte-addressed reads see the write cache; writes are whole sectors.
  bool read(std::uint64_t offset, std::uint8_t* dst, std::size_t len);
  bool write(std::uint64_t sector, const std::uint8_t* src, std::size_t len);
  bool flush();
  // Keeps flushed data plus a seeded subset of the cached sector writes
  // (a prefix unless writes may be reordered), then empties the cache.
  void power_cut(sim::VTime now);

  DiskFaults& faults() { return faults_; }
  const DiskCounters& counters() const { return counters_; }
  std::size_t cached_writes() const { return cache_.size(); }

 private:
  struct CachedSector {
    std::uint64_t sector;
    std::array<std::uint8_t, kSectorSize> data;
  };

  std::shared_ptr<DiskImage> image_;
  sim::Rng rng_;
  FaultLog& log_;
  std::string source_;
  DiskFaults faults_;
  DiskCounters counters_;
  bool writeback_ = false;
  std::vector<CachedSector> cache_;                  // in write order
  std::unordered_map<std::uint64_t, std::size_t> latest_;  // sector -> newest cache entry
};

}  // namespace hw
