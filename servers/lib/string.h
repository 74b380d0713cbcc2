// lib/string.h — String: a growable, NUL-terminated byte string whose
// memory comes from an Allocator. Growth doubles; every growing call
// returns false (string unchanged) when memory runs out. No copy
// constructor: copy with assign(). Also the key functions for String
// (compare_keys / hash_key, lib/keys.h), so maps keyed by String can be
// searched with a Str without allocating.
//
//   lib::String s(alloc);
//   if (!s.append("/dev/") || !s.append(name)) return ENOMEM;
//   open(s.c_str());   // always NUL-terminated, "" when empty
//   lib::Str v = s;    // a view, valid until the next change
// Freestanding, header-only.
#pragma once

#include <stddef.h>

#include "lib/allocator.h"
#include "lib/keys.h"
#include "lib/span.h"
#include "lib/utility.h"
#include "lib/vector.h"

namespace lib {

class String {
 public:
  explicit String(Allocator a) : bytes_(a) {}
  String(String&& o) noexcept = default;
  String& operator=(String&& o) noexcept = default;
  String(const String&) = delete;
  String& operator=(const String&) = delete;

  // Replaces the contents with s (which may be a view of this string);
  // false (unchanged) on OOM.
  bool assign(Str s) {
    if (inside(s)) {  // a view of this string: shift it to the front
      size_t from = static_cast<size_t>(s.data - bytes_.data());
      for (size_t i = 0; i < s.size; ++i) bytes_[i] = bytes_[from + i];
      truncate(s.size);
      return true;
    }
    if (!make_room(s, s.size)) return false;
    clear();
    return append(s);  // cannot fail: room made
  }
  // false (unchanged) on OOM. s may be a view of this string.
  bool append(Str s) {
    if (s.size == 0) return true;
    size_t len = size();
    if (!make_room(s, len + s.size)) return false;
    bytes_.pop_back();  // the NUL, if there is one
    for (size_t i = 0; i < s.size; ++i) bytes_.push_back(s.data[i]);  // cannot fail: room made
    bytes_.push_back('\0');
    return true;
  }
  bool append(char c) { return append(Str(&c, 1)); }

  void clear() { truncate(0); }
  // Keeps the first n bytes (n >= size() changes nothing).
  void truncate(size_t n) {
    if (n >= size()) return;
    bytes_.resize(n + 1);  // shrinking cannot fail
    bytes_[n] = '\0';
  }

  size_t size() const { return bytes_.empty() ? 0 : bytes_.size() - 1; }
  bool empty() const { return size() == 0; }
  const char* c_str() const { return bytes_.empty() ? "" : bytes_.data(); }
  const char* data() const { return c_str(); }
  char* data() { return bytes_.empty() ? nullptr : bytes_.data(); }
  Str view() const { return Str(c_str(), size()); }
  operator Str() const { return view(); }  // NOLINT(google-explicit-constructor)
  int compare(Str s) const { return view().compare(s); }
  bool equals(Str s) const { return view().equals(s); }
  Allocator allocator() const { return bytes_.allocator(); }

 private:
  bool inside(Str s) const {
    return !bytes_.empty() && s.size > 0 && s.data >= bytes_.data() && s.data < bytes_.data() + bytes_.size();
  }
  // Capacity for `len` bytes and the NUL (doubling); a view s of this string
  // is re-pointed at the new storage.
  bool make_room(Str& s, size_t len) {
    size_t need = len + 1;
    if (need <= bytes_.capacity()) return true;
    size_t cap = bytes_.capacity() * 2;
    if (cap < need) cap = need;
    if (cap < 16) cap = 16;
    bool was_inside = inside(s);
    size_t at = was_inside ? static_cast<size_t>(s.data - bytes_.data()) : 0;
    if (!bytes_.reserve(cap)) return false;
    if (was_inside) s.data = bytes_.data() + at;
    return true;
  }

  Vector<char> bytes_;  // empty, or the bytes followed by a NUL
};

inline int compare_keys(const String& a, const String& b) { return a.compare(b); }
inline int compare_keys(const String& a, Str b) { return a.compare(b); }
inline int compare_keys(Str a, const String& b) { return a.compare(b.view()); }
inline uint64_t hash_key(const String& s) { return hash_key(s.view()); }

}  // namespace lib
