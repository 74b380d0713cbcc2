// Real-time mode only: a NIC's cable ends in a user-mode NAT to the host
// (libslirp) instead of a switch, with port forwards, so host programs on
// 127.0.0.1 reach servers inside the simulated OS and back. libslirp's
// sockets are polled from the Boost.Asio loop of the RealtimePacer (every
// `poll_interval` of wall time); its timers run on the virtual clock,
// which real-time mode paces to the wall clock. Not deterministic: it
// talks to the host network stack.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw_model/core/event_set.h"
#include "hw_model/net/ethernet.h"

namespace sim {
class RealtimePacer;
}

struct Slirp;

namespace hw {

struct PortForward {
  bool udp = false;
  std::string host_addr = "127.0.0.1";
  std::uint16_t host_port = 0;  // 0: the host picks one (see SlirpBridge::add_forward)
  std::string guest_addr = "10.0.2.15";
  std::uint16_t guest_port = 0;
};

struct SlirpOptions {
  std::string network = "10.0.2.0";
  std::string netmask = "255.255.255.0";
  std::string host = "10.0.2.2";  // the host as the guest sees it (127.0.0.1 behind it)
  std::string dhcp_start = "10.0.2.15";
  std::string dns = "10.0.2.3";
  bool restricted = false;  // true: no connections out except forwards
  std::vector<PortForward> forwards;
  std::uint32_t poll_interval_us = 1000;
};

struct SlirpCounters {
  std::uint64_t to_host = 0, to_guest = 0, polls = 0;
};

class SlirpBridge final : public FrameLink {
 public:
  // Throws std::runtime_error when libslirp refuses the configuration or
  // a forward cannot be bound.
  SlirpBridge(sim::VirtualClock& clock, sim::RealtimePacer& pacer, FrameSink& nic, const SlirpOptions& opts);
  ~SlirpBridge() override;
  SlirpBridge(const SlirpBridge&) = delete;
  SlirpBridge& operator=(const SlirpBridge&) = delete;

  void transmit_frame(std::span<const std::uint8_t> frame) override;
  void add_forward(const PortForward& f);
  // One round of socket polling and timer handling (also run by the loop).
  void poll();
  const SlirpCounters& counters() const { return counters_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  SlirpCounters counters_;
};

}  // namespace hw
