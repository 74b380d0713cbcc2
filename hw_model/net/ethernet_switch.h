// A virtual Ethernet switch joining NICs of any number of machines in one
// process: learns source MACs, floods broadcast and unknown destinations,
// charges latency and serialisation per link, applies each link's faults,
// drops frames between partitioned ports until healed, and can copy every
// frame entering it to a pcap file.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hw_model/core/event_set.h"
#include "hw_model/core/fault_log.h"
#include "hw_model/net/ethernet.h"
#include "hw_model/net/link_faults.h"
#include "hw_model/net/pcap_writer.h"
#include "sim/runtime/seed/seed.h"

namespace hw {

struct SwitchCosts {
  sim::VDuration latency = 5 * sim::kUs;  // per hop
  sim::VDuration per_byte = 8;            // 1 Gbit/s
  static SwitchCosts zero() { return {0, 0}; }
};

class EthernetSwitch {
 public:
  using PortId = unsigned;

  EthernetSwitch(sim::VirtualClock& clock, const sim::SeedSource& seeds, std::string name = "sw0",
                 SwitchCosts costs = {});
  ~EthernetSwitch();
  EthernetSwitch(const EthernetSwitch&) = delete;
  EthernetSwitch& operator=(const EthernetSwitch&) = delete;

  // A new port whose far end is `sink`; what the NIC transmits goes to
  // link(port).
  PortId connect(FrameSink& sink);
  FrameLink& link(PortId p);
  void disconnect(PortId p);

  LinkFaults& faults(PortId p);
  void set_faults(PortId p, const LinkFaults& f) { faults(p) = f; }
  // No frame passes between a port of `a` and a port of `b` until heal().
  void partition(const std::vector<PortId>& a, const std::vector<PortId>& b);
  void heal();

  void set_pcap(std::shared_ptr<PcapWriter> pcap) { pcap_ = std::move(pcap); }

  const LinkCounters& counters(PortId p) const;
  LinkCounters totals() const;
  FaultLog& fault_log() { return log_; }
  const std::string& name() const { return name_; }

 private:
  struct Port;
  void ingress(PortId from, Frame frame);
  void forward(PortId from, const Frame& frame);
  void deliver(PortId from, PortId to, const Frame& frame);
  void release_held(PortId p);
  std::string source(PortId p) const;

  std::string name_;
  EventSet events_;
  sim::SeedSource seeds_;
  SwitchCosts costs_;
  std::vector<std::unique_ptr<Port>> ports_;
  std::vector<std::pair<MacAddress, PortId>> mac_table_;
  std::set<std::pair<PortId, PortId>> blocked_;
  std::shared_ptr<PcapWriter> pcap_;
  FaultLog log_;
};

}  // namespace hw
