// Faults of one switch link, applied to every frame entering the switch
// through it, each decided by the link's own seed stream: drop, duplicate,
// reorder (held back until the next frame passes it), corrupt (one bit
// flipped), delay (a latency distribution).
#pragma once

#include <cstdint>

#include "hw_model/core/latency.h"

namespace hw {

struct LinkFaults {
  double drop = 0;
  double duplicate = 0;
  double reorder = 0;
  double corrupt = 0;
  double delay_probability = 0;
  LatencyDist delay;
  sim::VDuration reorder_window = 100 * sim::kUs;  // longest a held frame waits

  bool any() const { return drop > 0 || duplicate > 0 || reorder > 0 || corrupt > 0 || delay_probability > 0; }
};

struct LinkCounters {
  std::uint64_t frames_in = 0, frames_out = 0, bytes_in = 0;
  std::uint64_t dropped = 0, duplicated = 0, reordered = 0, corrupted = 0, delayed = 0;
  std::uint64_t partition_drops = 0, flooded = 0;

  LinkCounters& operator+=(const LinkCounters& o);
};

}  // namespace hw
