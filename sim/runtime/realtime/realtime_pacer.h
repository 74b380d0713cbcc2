// Real-time mode: virtual time follows the wall clock, and host I/O
// (sockets, the terminal, libslirp) is served by a Boost.Asio io_context
// whose handlers only wake simulated threads. Asio never holds virtual
// time: the scheduler asks the pacer to wait, then moves its own clock.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <optional>

#include "sim/runtime/time/virtual_clock.h"

namespace sim {

class RealtimePacer {
 public:
  RealtimePacer();

  boost::asio::io_context& io() { return io_; }

  // Host sources (open sockets, terminal) that may wake threads later;
  // while any is registered an idle system waits for them instead of
  // ending.
  void add_host_source() { ++sources_; }
  void remove_host_source() { if (sources_) --sources_; }
  bool has_host_sources() const { return sources_ > 0; }

  // Waits until the wall clock reaches virtual time `until` (forever when
  // nullopt), running Asio handlers as they come; returns early after a
  // handler ran. Advances `clock` to the virtual time reached.
  void wait_until(VirtualClock& clock, std::optional<VTime> until);

 private:
  boost::asio::io_context io_;
  std::chrono::steady_clock::time_point wall_origin_;
  VTime virtual_origin_ = 0;
  bool started_ = false;
  unsigned sources_ = 0;
};

}  // namespace sim
