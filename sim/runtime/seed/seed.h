// One seed for the whole run; every component draws from its own stream,
// derived from (seed, component name) alone, so adding a component or
// drawing more numbers in one component never changes another's stream.
#pragma once

#include <cstdint>
#include <string_view>

namespace sim {

// 64-bit FNV-1a, used to turn names into stream keys.
std::uint64_t fnv1a64(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL);

// splitmix64-seeded xoshiro256** generator: fast, small, reproducible.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);
  std::uint64_t next();
  // Uniform in [0, bound) without modulo bias; bound 0 returns 0.
  std::uint64_t below(std::uint64_t bound);
  // True with probability p (0..1).
  bool chance(double p);
  double uniform01();

 private:
  std::uint64_t s_[4];
};

class SeedSource {
 public:
  explicit SeedSource(std::uint64_t seed) : seed_(seed) {}
  std::uint64_t seed() const { return seed_; }
  Rng stream(std::string_view component) const;

 private:
  std::uint64_t seed_;
};

}  // namespace sim
