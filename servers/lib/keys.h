// lib/keys.h — the key functions the maps order and hash by:
// compare_keys(a, b) (<0, 0, >0) and hash_key(k) (64 bits, from the value
// only — never an address — so a map behaves the same run to run).
// Provided here for every integer type (mixed signedness compares by
// value) and Str; lib/string.h adds String. A key type of your own gets
// overloads in its namespace (found by argument-dependent lookup).
//
//   lib::compare_keys(3, 7u) < 0;  lib::compare_keys(Str("a"), Str("b")) < 0
//   uint64_t h = lib::hash_key(Str("namesrv"));
// Freestanding, header-only.
#pragma once

#include <stdint.h>

#include "lib/span.h"

namespace lib {

template <class T> struct is_integer { static constexpr bool value = false; };
#define LIB_INTEGER_KEY(T) \
  template <> struct is_integer<T> { static constexpr bool value = true; };
LIB_INTEGER_KEY(char)
LIB_INTEGER_KEY(signed char)
LIB_INTEGER_KEY(unsigned char)
LIB_INTEGER_KEY(char8_t)
LIB_INTEGER_KEY(char16_t)
LIB_INTEGER_KEY(char32_t)
LIB_INTEGER_KEY(wchar_t)
LIB_INTEGER_KEY(short)
LIB_INTEGER_KEY(unsigned short)
LIB_INTEGER_KEY(int)
LIB_INTEGER_KEY(unsigned int)
LIB_INTEGER_KEY(long)
LIB_INTEGER_KEY(unsigned long)
LIB_INTEGER_KEY(long long)
LIB_INTEGER_KEY(unsigned long long)
#undef LIB_INTEGER_KEY
template <class T> inline constexpr bool is_integer_v = is_integer<T>::value;
template <class T> inline constexpr bool is_signed_integer_v = is_integer_v<T> && static_cast<T>(-1) < static_cast<T>(0);

// Integers of any two types, by value (-1 < 0u).
template <class A, class B>
  requires(is_integer_v<A> && is_integer_v<B>)
constexpr int compare_keys(const A& a, const B& b) {
  if constexpr (is_signed_integer_v<A> && !is_signed_integer_v<B>) {
    if (a < 0) return -1;
  } else if constexpr (!is_signed_integer_v<A> && is_signed_integer_v<B>) {
    if (b < 0) return 1;
  }
  if constexpr (is_signed_integer_v<A> && is_signed_integer_v<B>) {
    auto x = static_cast<long long>(a), y = static_cast<long long>(b);
    return x < y ? -1 : (y < x ? 1 : 0);
  } else {
    auto x = static_cast<unsigned long long>(a), y = static_cast<unsigned long long>(b);
    return x < y ? -1 : (y < x ? 1 : 0);
  }
}

constexpr int compare_keys(Str a, Str b) { return a.compare(b); }

// splitmix64's finaliser: every input bit moves every output bit.
constexpr uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// Integers hash by value: equal values of different types (5 and 5u) agree.
template <class T>
  requires is_integer_v<T>
constexpr uint64_t hash_key(const T& v) {
  return mix64(static_cast<uint64_t>(v));
}

// FNV-1a (64-bit) over the bytes.
constexpr uint64_t hash_key(Str s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < s.size; ++i) {
    h ^= static_cast<unsigned char>(s.data[i]);
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace lib
