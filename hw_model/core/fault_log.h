// Every fault a device injects, in order, with its virtual time: the proof
// that a fault fired and the record two runs with one seed must share.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/runtime/time/virtual_clock.h"

namespace hw {

struct FaultRecord {
  sim::VTime time = 0;
  std::string source;  // "m0/blk0", "sw0/port1"
  std::string kind;    // "io_error", "drop", ...
  std::uint64_t a = 0, b = 0;  // kind-specific detail (sector, length, ...)
  bool operator==(const FaultRecord&) const = default;
};

class FaultLog {
 public:
  void record(sim::VTime t, const std::string& source, std::string kind, std::uint64_t a = 0,
              std::uint64_t b = 0);
  const std::vector<FaultRecord>& records() const { return records_; }
  std::size_t count(const std::string& kind) const;
  // FNV-1a over every record: equal digests mean equal fault sequences.
  std::uint64_t digest() const;
  std::string to_string() const;

 private:
  std::vector<FaultRecord> records_;
};

}  // namespace hw
