#include "sim/host/inspect/server_stats.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace sim::inspect {

VDuration ServerStats::Label::mean() const {
  if (service.empty()) return 0;
  unsigned __int128 sum = 0;
  for (VDuration d : service) sum += d;
  return static_cast<VDuration>(sum / service.size());
}

VDuration ServerStats::Label::p99() const {
  if (service.empty()) return 0;
  std::size_t rank = (service.size() * 99 + 99) / 100;  // ceil(0.99 n)
  return service[rank - 1];
}

void ServerStats::call_received(const Call& c) {
  if (c.fault) return;
  Label& l = servers_[key(*c.server)].labels[c.name];
  ++l.calls;
  l.bytes += c.request_words * 8;
}

void ServerStats::call_ended(const Call& c) {
  if (c.fault || !c.received || c.end != Call::End::Replied) return;
  Label& l = servers_[key(*c.server)].labels[c.name];
  ++l.replied;
  l.bytes += c.reply_words * 8;
  l.service.push_back(c.t_end - c.t_received);
}

void ServerStats::queued(const ThreadInfo& who, Word endpoint, Word depth, VTime) {
  auto& q = endpoint_queue_[{who.process->machine, endpoint}];
  q = std::max<std::uint64_t>(q, depth);
}

void ServerStats::endpoint_served(Word endpoint, const ThreadInfo& server) {
  endpoint_server_[{server.process->machine, endpoint}] = key(server);
}

void ServerStats::finish(VTime) {
  for (auto& [ep, depth] : endpoint_queue_) {
    auto s = endpoint_server_.find(ep);
    std::string name = s != endpoint_server_.end()
                           ? s->second
                           : ep.first + "/endpoint#" + std::to_string(ep.second) + " (never received from)";
    Server& srv = servers_[name];
    srv.max_queue = std::max(srv.max_queue, depth);
  }
  for (auto& [name, srv] : servers_)
    for (auto& [label, l] : srv.labels) std::sort(l.service.begin(), l.service.end());
}

namespace {
std::string us(VDuration ns) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%llu.%03llu", static_cast<unsigned long long>(ns / 1000),
                static_cast<unsigned long long>(ns % 1000));
  return buf;
}
}  // namespace

void ServerStats::print(std::ostream& os) const {
  os << "saltysim: server statistics (service = receive to reply, virtual us; bytes = message registers x 8)\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-22s %-30s %7s %7s %12s %12s %12s %10s\n", "server", "label", "calls",
                "replied", "mean_us", "p99_us", "max_us", "bytes");
  os << line;
  for (const auto& [name, srv] : servers_) {
    std::uint64_t calls = 0, bytes = 0;
    for (const auto& [label, l] : srv.labels) {
      std::snprintf(line, sizeof line, "  %-22s %-30s %7llu %7llu %12s %12s %12s %10llu\n", name.c_str(),
                    label.c_str(), static_cast<unsigned long long>(l.calls), static_cast<unsigned long long>(l.replied),
                    us(l.mean()).c_str(), us(l.p99()).c_str(), us(l.max()).c_str(),
                    static_cast<unsigned long long>(l.bytes));
      os << line;
      calls += l.calls;
      bytes += l.bytes;
    }
    std::snprintf(line, sizeof line, "  %-22s %-30s %7llu %7s %12s %12s %12s %10llu   max queue %llu\n", name.c_str(),
                  "(all)", static_cast<unsigned long long>(calls), "", "", "", "",
                  static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(srv.max_queue));
    os << line;
  }
}

}  // namespace sim::inspect
