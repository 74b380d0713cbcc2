// trona/core/backend_target/mem.cpp — the four memory functions a freestanding
// C++ compiler may call on its own (struct copies, zeroing). Part of the
// trona interface: listed in servers/target_allowed_undefined.txt.
// Loop-to-call pattern recognition is off so these cannot call themselves.
#include <stddef.h>

#define TRONA_NO_PATTERNS __attribute__((optimize("no-tree-loop-distribute-patterns")))

extern "C" {

TRONA_NO_PATTERNS void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}

TRONA_NO_PATTERNS void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dst;
}

TRONA_NO_PATTERNS void* memset(void* dst, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(c);
  return dst;
}

TRONA_NO_PATTERNS int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

}  // extern "C"
