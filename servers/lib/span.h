// lib/span.h — Str, a non-owning view of bytes (string_view-like), with the
// small text helpers servers need: compare (exact / ASCII case-insensitive),
// trim, find, prefix/suffix. Freestanding, header-only.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace lib {

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr size_t c_strlen(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

struct Str {
  const char* data = nullptr;
  size_t size = 0;

  constexpr Str() = default;
  constexpr Str(const char* d, size_t n) : data(d), size(n) {}
  // From a NUL-terminated string (literals included).
  constexpr Str(const char* s) : data(s), size(s ? c_strlen(s) : 0) {}  // NOLINT(google-explicit-constructor)

  constexpr bool empty() const { return size == 0; }
  constexpr char operator[](size_t i) const { return data[i]; }
  constexpr const char* begin() const { return data; }
  constexpr const char* end() const { return data + size; }

  // Bytes [pos, pos + n) clamped to the view.
  constexpr Str sub(size_t pos, size_t n = ~size_t{0}) const {
    if (pos > size) pos = size;
    if (n > size - pos) n = size - pos;
    return Str(data + pos, n);
  }
  constexpr Str head(size_t n) const { return sub(0, n); }
  constexpr Str tail_from(size_t pos) const { return sub(pos); }

  // Index of the first `c` at or after `from`, or npos.
  static constexpr size_t npos = ~size_t{0};
  constexpr size_t find(char c, size_t from = 0) const {
    for (size_t i = from; i < size; ++i)
      if (data[i] == c) return i;
    return npos;
  }
  constexpr size_t rfind(char c) const {
    for (size_t i = size; i > 0; --i)
      if (data[i - 1] == c) return i - 1;
    return npos;
  }

  constexpr bool equals(Str o) const {
    if (size != o.size) return false;
    for (size_t i = 0; i < size; ++i)
      if (data[i] != o.data[i]) return false;
    return true;
  }
  constexpr bool equals_nocase(Str o) const {
    if (size != o.size) return false;
    for (size_t i = 0; i < size; ++i)
      if (to_lower(data[i]) != to_lower(o.data[i])) return false;
    return true;
  }
  constexpr bool starts_with(Str p) const { return size >= p.size && head(p.size).equals(p); }
  constexpr bool ends_with(Str p) const { return size >= p.size && sub(size - p.size).equals(p); }

  // Lexicographic byte order: <0, 0, >0.
  constexpr int compare(Str o) const {
    size_t n = size < o.size ? size : o.size;
    for (size_t i = 0; i < n; ++i) {
      auto a = static_cast<unsigned char>(data[i]);
      auto b = static_cast<unsigned char>(o.data[i]);
      if (a != b) return a < b ? -1 : 1;
    }
    return size == o.size ? 0 : (size < o.size ? -1 : 1);
  }

  constexpr Str trim() const {
    size_t b = 0, e = size;
    while (b < e && is_space(data[b])) ++b;
    while (e > b && is_space(data[e - 1])) --e;
    return Str(data + b, e - b);
  }
};

constexpr bool operator==(Str a, Str b) { return a.equals(b); }

}  // namespace lib
