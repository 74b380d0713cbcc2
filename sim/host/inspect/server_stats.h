// ServerStats: a Sink that keeps per-server statistics of a run: for each
// server process and label, the calls it received, their service time in
// virtual time (receive to reply; mean, p99, max over the replied calls),
// the bytes moved (request + reply message registers x 8), and per server
// the longest queue of senders seen on its endpoints.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/host/inspect/run_observer.h"

namespace sim::inspect {

class ServerStats final : public Sink {
 public:
  struct Label {
    std::uint64_t calls = 0;    // received by the server
    std::uint64_t replied = 0;  // of those, replied (service times are theirs)
    std::uint64_t bytes = 0;
    std::vector<VDuration> service;  // sorted once the run has finished
    VDuration mean() const;
    VDuration p99() const;  // nearest rank
    VDuration max() const { return service.empty() ? 0 : service.back(); }
  };
  struct Server {
    std::map<std::string, Label> labels;  // by label name
    std::uint64_t max_queue = 0;
  };

  void call_received(const Call&) override;
  void call_ended(const Call&) override;
  void queued(const ThreadInfo& who, Word endpoint, Word depth, VTime) override;
  void endpoint_served(Word endpoint, const ThreadInfo& server) override;
  void finish(VTime) override;

  // By "<machine>/<process>".
  const std::map<std::string, Server>& servers() const { return servers_; }
  // The table `--stats` prints.
  void print(std::ostream& os) const;

 private:
  static std::string key(const ThreadInfo& t) { return t.process->machine + "/" + t.process->name; }
  std::map<std::string, Server> servers_;
  // (machine, endpoint) -> its server and the deepest queue seen on it
  std::map<std::pair<std::string, Word>, std::string> endpoint_server_;
  std::map<std::pair<std::string, Word>, std::uint64_t> endpoint_queue_;
};

}  // namespace sim::inspect
