#include "hw_model/net/ethernet_switch.h"

#include <algorithm>
#include <stdexcept>

#include "sim/runtime/log/log.h"

namespace hw {

LinkCounters& LinkCounters::operator+=(const LinkCounters& o) {
  frames_in += o.frames_in, frames_out += o.frames_out, bytes_in += o.bytes_in;
  dropped += o.dropped, duplicated += o.duplicated, reordered += o.reordered;
  corrupted += o.corrupted, delayed += o.delayed, partition_drops += o.partition_drops, flooded += o.flooded;
  return *this;
}

struct EthernetSwitch::Port final : FrameLink {
  Port(EthernetSwitch& sw, PortId id, FrameSink& s, sim::Rng r) : owner(sw), self(id), sink(&s), rng(r) {}
  void transmit_frame(std::span<const std::uint8_t> f) override {
    if (sink) owner.ingress(self, Frame(f.begin(), f.end()));
  }

  EthernetSwitch& owner;
  PortId self;
  FrameSink* sink;  // nullptr once disconnected
  sim::Rng rng;
  LinkFaults faults;
  LinkCounters counters;
  std::optional<Frame> held;  // reorder: waits for the next frame
  std::uint64_t held_gen = 0;
  sim::VTime busy_until = 0;  // egress serialisation towards `sink`
};

EthernetSwitch::EthernetSwitch(sim::VirtualClock& clock, const sim::SeedSource& seeds, std::string name,
                               SwitchCosts costs)
    : name_(std::move(name)), events_(clock), seeds_(seeds), costs_(costs) {}

EthernetSwitch::~EthernetSwitch() = default;

EthernetSwitch::PortId EthernetSwitch::connect(FrameSink& sink) {
  const auto id = static_cast<PortId>(ports_.size());
  ports_.push_back(std::make_unique<Port>(*this, id, sink, seeds_.stream(name_ + "/port" + std::to_string(id))));
  return id;
}

FrameLink& EthernetSwitch::link(PortId p) { return *ports_.at(p); }

void EthernetSwitch::disconnect(PortId p) {
  ports_.at(p)->sink = nullptr;
  mac_table_.erase(std::remove_if(mac_table_.begin(), mac_table_.end(), [&](const auto& e) { return e.second == p; }),
                   mac_table_.end());
}

LinkFaults& EthernetSwitch::faults(PortId p) { return ports_.at(p)->faults; }
const LinkCounters& EthernetSwitch::counters(PortId p) const { return ports_.at(p)->counters; }

LinkCounters EthernetSwitch::totals() const {
  LinkCounters t;
  for (const auto& p : ports_) t += p->counters;
  return t;
}

void EthernetSwitch::partition(const std::vector<PortId>& a, const std::vector<PortId>& b) {
  for (PortId x : a)
    for (PortId y : b) blocked_.insert({x, y}), blocked_.insert({y, x});
  log_.record(events_.now(), name_, "partition", a.size(), b.size());
}

void EthernetSwitch::heal() {
  blocked_.clear();
  log_.record(events_.now(), name_, "heal");
}

std::string EthernetSwitch::source(PortId p) const { return name_ + "/port" + std::to_string(p); }

void EthernetSwitch::ingress(PortId from, Frame frame) {
  Port& port = *ports_[from];
  const sim::VTime now = events_.now();
  ++port.counters.frames_in;
  port.counters.bytes_in += frame.size();
  if (pcap_) pcap_->write(now, frame);
  const LinkFaults& f = port.faults;
  if (f.any()) {
    // Draw every decision for every frame in a fixed order, so one fault
    // setting never shifts another's random sequence.
    const bool drop = port.rng.chance(f.drop), dup = port.rng.chance(f.duplicate);
    const bool reorder = port.rng.chance(f.reorder), corrupt = port.rng.chance(f.corrupt);
    const std::uint64_t bit = port.rng.below(frame.size() * 8);
    if (drop) {
      ++port.counters.dropped;
      log_.record(now, source(from), "drop", port.counters.frames_in);
      return;
    }
    if (corrupt && !frame.empty()) {
      frame[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      ++port.counters.corrupted;
      log_.record(now, source(from), "corrupt", port.counters.frames_in, bit);
    }
    if (dup) {
      ++port.counters.duplicated;
      log_.record(now, source(from), "duplicate", port.counters.frames_in);
    }
    if (reorder && !port.held) {
      ++port.counters.reordered;
      log_.record(now, source(from), "reorder", port.counters.frames_in);
      port.held = frame;
      const std::uint64_t gen = ++port.held_gen;
      events_.after(f.reorder_window, [this, from, gen] {
        if (ports_[from]->held_gen == gen) release_held(from);
      });
      if (dup) forward(from, frame);  // the duplicate goes ahead of its twin
      return;
    }
    if (dup) forward(from, frame);
  }
  forward(from, frame);
  if (port.held) release_held(from);
}

void EthernetSwitch::release_held(PortId p) {
  Port& port = *ports_[p];
  if (!port.held) return;
  Frame f = std::move(*port.held);
  port.held.reset();
  ++port.held_gen;
  forward(p, f);
}

void EthernetSwitch::forward(PortId from, const Frame& frame) {
  const MacAddress src = frame_src(frame), dst = frame_dst(frame);
  if (!is_multicast(src)) {
    auto it = std::find_if(mac_table_.begin(), mac_table_.end(), [&](const auto& e) { return e.first == src; });
    if (it == mac_table_.end()) {
      mac_table_.emplace_back(src, from);
    } else {
      it->second = from;
    }
  }
  if (!is_multicast(dst)) {
    auto it = std::find_if(mac_table_.begin(), mac_table_.end(), [&](const auto& e) { return e.first == dst; });
    if (it != mac_table_.end()) {
      if (it->second != from) deliver(from, it->second, frame);
      return;
    }
  }
  ++ports_[from]->counters.flooded;
  for (PortId to = 0; to < ports_.size(); ++to)
    if (to != from && ports_[to]->sink) deliver(from, to, frame);
}

void EthernetSwitch::deliver(PortId from, PortId to, const Frame& frame) {
  Port& in = *ports_[from];
  if (blocked_.count({from, to})) {
    ++in.counters.partition_drops;
    log_.record(events_.now(), source(from), "partition_drop", to);
    return;
  }
  const sim::VTime now = events_.now();
  sim::VTime at = now + costs_.latency + costs_.per_byte * frame.size();
  if (in.faults.delay_probability > 0 && in.rng.chance(in.faults.delay_probability)) {
    const sim::VDuration d = in.faults.delay.sample(in.rng);
    ++in.counters.delayed;
    log_.record(now, source(from), "delay", to, d);
    at += d;  // a delayed frame may be overtaken
  } else {
    Port& out = *ports_[to];
    at = std::max(at, out.busy_until);
    out.busy_until = at;
  }
  auto hand_over = [this, to, frame] {
    Port& out = *ports_[to];
    if (!out.sink) return;
    ++out.counters.frames_out;
    out.sink->deliver_frame(frame);
  };
  if (at == now) {
    hand_over();
  } else {
    events_.at(at, std::move(hand_over));
  }
}

}  // namespace hw
