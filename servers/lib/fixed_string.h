// lib/fixed_string.h — FixedString<N>: at most N bytes stored inline, always
// NUL-terminated. assign() refuses (returns false) rather than truncates.
// Freestanding, header-only.
#pragma once

#include <stddef.h>

#include "lib/span.h"

namespace lib {

template <size_t N>
class FixedString {
 public:
  static constexpr size_t kCapacity = N;

  constexpr FixedString() = default;

  constexpr bool assign(Str s) {
    if (s.size > N) return false;
    for (size_t i = 0; i < s.size; ++i) buf_[i] = s[i];
    len_ = s.size;
    buf_[len_] = '\0';
    return true;
  }
  constexpr void clear() { assign(Str()); }

  constexpr Str str() const { return Str(buf_, len_); }
  constexpr const char* c_str() const { return buf_; }
  constexpr size_t size() const { return len_; }
  constexpr bool empty() const { return len_ == 0; }

 private:
  char buf_[N + 1] = {};
  size_t len_ = 0;
};

}  // namespace lib
