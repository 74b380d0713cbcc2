// Writes frames to a pcap file (nanosecond time stamps = virtual time,
// link type Ethernet) that Wireshark and tshark read.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>

#include "sim/runtime/time/virtual_clock.h"

namespace hw {

class PcapWriter {
 public:
  // Throws std::runtime_error when the file cannot be created.
  explicit PcapWriter(const std::string& path);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void write(sim::VTime t, std::span<const std::uint8_t> frame);
  void flush();
  std::uint64_t frames() const { return frames_; }

 private:
  std::FILE* f_;
  std::uint64_t frames_ = 0;
};

}  // namespace hw
