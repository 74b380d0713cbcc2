// Ethernet frames and the two ends of a cable: a FrameSink takes frames off
// the wire into a NIC; a FrameLink carries frames a NIC transmits (a
// switch port or the slirp bridge).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hw {

using Frame = std::vector<std::uint8_t>;
using MacAddress = std::array<std::uint8_t, 6>;

constexpr std::size_t kEthHeader = 14;
constexpr std::size_t kMaxFrame = 1514;  // without FCS

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void deliver_frame(std::span<const std::uint8_t> frame) = 0;
};

class FrameLink {
 public:
  virtual ~FrameLink() = default;
  virtual void transmit_frame(std::span<const std::uint8_t> frame) = 0;
};

inline MacAddress frame_dst(std::span<const std::uint8_t> f) {
  MacAddress m{};
  for (std::size_t i = 0; i < 6 && i < f.size(); ++i) m[i] = f[i];
  return m;
}
inline MacAddress frame_src(std::span<const std::uint8_t> f) {
  MacAddress m{};
  for (std::size_t i = 0; i < 6 && 6 + i < f.size(); ++i) m[i] = f[6 + i];
  return m;
}
inline bool is_multicast(const MacAddress& m) { return m[0] & 1; }
std::string to_string(const MacAddress& m);

}  // namespace hw
