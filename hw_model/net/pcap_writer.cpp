#include "hw_model/net/pcap_writer.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace hw {

namespace {
constexpr std::uint32_t kMagicNs = 0xA1B2'3C4D;  // nanosecond-resolution pcap
constexpr std::uint32_t kSnapLen = 65535;
constexpr std::uint32_t kLinkEthernet = 1;

void put32(std::FILE* f, std::uint32_t v) { std::fwrite(&v, 4, 1, f); }  // host (little) endian, as the magic says
void put16(std::FILE* f, std::uint16_t v) { std::fwrite(&v, 2, 1, f); }
}  // namespace

PcapWriter::PcapWriter(const std::string& path) : f_(std::fopen(path.c_str(), "wb")) {
  if (!f_) throw std::runtime_error("pcap " + path + ": " + std::strerror(errno));
  put32(f_, kMagicNs);
  put16(f_, 2);
  put16(f_, 4);
  put32(f_, 0);  // thiszone
  put32(f_, 0);  // sigfigs
  put32(f_, kSnapLen);
  put32(f_, kLinkEthernet);
  std::fflush(f_);
}

PcapWriter::~PcapWriter() { std::fclose(f_); }

void PcapWriter::write(sim::VTime t, std::span<const std::uint8_t> frame) {
  const auto len = static_cast<std::uint32_t>(std::min<std::size_t>(frame.size(), kSnapLen));
  put32(f_, static_cast<std::uint32_t>(t / sim::kSec));
  put32(f_, static_cast<std::uint32_t>(t % sim::kSec));
  put32(f_, len);
  put32(f_, static_cast<std::uint32_t>(frame.size()));
  std::fwrite(frame.data(), 1, len, f_);
  ++frames_;
}

void PcapWriter::flush() { std::fflush(f_); }

}  // namespace hw
