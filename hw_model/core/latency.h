// A latency distribution sampled from a seeded stream: none, fixed,
// uniform in [a, b], or exponential with mean a (capped at b when b > 0).
#pragma once

#include <string>

#include "sim/runtime/seed/seed.h"
#include "sim/runtime/time/virtual_clock.h"

namespace hw {

struct LatencyDist {
  enum class Kind { None, Fixed, Uniform, Exponential };
  Kind kind = Kind::None;
  sim::VDuration a = 0;
  sim::VDuration b = 0;

  static LatencyDist none() { return {}; }
  static LatencyDist fixed(sim::VDuration d) { return {Kind::Fixed, d, 0}; }
  static LatencyDist uniform(sim::VDuration lo, sim::VDuration hi) { return {Kind::Uniform, lo, hi}; }
  static LatencyDist exponential(sim::VDuration mean, sim::VDuration cap = 0) {
    return {Kind::Exponential, mean, cap};
  }

  bool active() const { return kind != Kind::None; }
  // Draws from `rng` only for Uniform and Exponential.
  sim::VDuration sample(sim::Rng& rng) const;
};

}  // namespace hw
