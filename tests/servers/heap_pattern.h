// A byte pattern for heap tests: fill a block with the pattern of `seed`,
// check it is still there (no other block, free list or header wrote over
// it), check bytes are zero.
#pragma once

#include <cstddef>

namespace heaptest {

inline unsigned char pattern_byte(unsigned seed, std::size_t i) { return static_cast<unsigned char>(seed * 31 + i * 7); }

inline void fill(void* p, std::size_t n, unsigned seed) {
  auto* b = static_cast<unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i) b[i] = pattern_byte(seed, i);
}
inline bool holds(const void* p, std::size_t n, unsigned seed) {
  auto* b = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i)
    if (b[i] != pattern_byte(seed, i)) return false;
  return true;
}
inline bool zero(const void* p, std::size_t n) {
  auto* b = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i)
    if (b[i] != 0) return false;
  return true;
}

}  // namespace heaptest
