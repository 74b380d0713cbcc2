#include "hw_model/core/latency.h"

#include <algorithm>
#include <cmath>

namespace hw {

sim::VDuration LatencyDist::sample(sim::Rng& rng) const {
  switch (kind) {
    case Kind::None:
      return 0;
    case Kind::Fixed:
      return a;
    case Kind::Uniform:
      return b <= a ? a : a + rng.below(b - a + 1);
    case Kind::Exponential: {
      const double u = rng.uniform01();
      auto d = static_cast<sim::VDuration>(-static_cast<double>(a) * std::log1p(-u));
      return b > 0 ? std::min(d, b) : d;
    }
  }
  return 0;
}

}  // namespace hw
