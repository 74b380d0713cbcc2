// lib/bitmap.h — Bitmap<N>: N bits inline, with find-first-clear for slot
// and index allocators. Freestanding, header-only.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace lib {

template <size_t N>
class Bitmap {
 public:
  static constexpr size_t npos = ~size_t{0};

  constexpr bool test(size_t i) const { return i < N && (words_[i / 64] >> (i % 64)) & 1; }
  constexpr void set(size_t i) {
    if (i < N) words_[i / 64] |= uint64_t{1} << (i % 64);
  }
  constexpr void clear(size_t i) {
    if (i < N) words_[i / 64] &= ~(uint64_t{1} << (i % 64));
  }
  constexpr size_t count() const {
    size_t n = 0;
    for (uint64_t w : words_) n += static_cast<size_t>(__builtin_popcountll(w));
    return n;
  }
  // Lowest clear bit at or after `from`, or npos.
  constexpr size_t find_clear(size_t from = 0) const {
    for (size_t i = from; i < N; ++i)
      if (!test(i)) return i;
    return npos;
  }
  // Finds the lowest clear bit, sets it and returns it (npos when full).
  constexpr size_t allocate() {
    size_t i = find_clear();
    if (i != npos) set(i);
    return i;
  }

 private:
  uint64_t words_[(N + 63) / 64] = {};
};

}  // namespace lib
