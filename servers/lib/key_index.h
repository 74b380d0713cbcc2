// lib/key_index.h — KeyIndex<N>: a fixed-size hash index from a nonzero
// 64-bit key to a 32-bit value (a table position), at most 3N/4 keys.
// Open addressing with linear probing and backward-shift deletion (no
// tombstones, so lookups stay short however many inserts and erases a
// long-running server does). All-zero bytes are the empty index: it can
// live in zeroed storage (trona::process_local, .bss) without a
// constructor. Freestanding, header-only.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace lib {

template <size_t N>
class KeyIndex {
  static_assert(N >= 2 && (N & (N - 1)) == 0, "N must be a power of two");

 public:
  static constexpr size_t kMaxKeys = N - N / 4;  // at most 3/4 full: probe runs stay short

  // The value stored for `key`, or false.
  bool find(uint64_t key, uint32_t* value) const {
    if (key == 0) return false;
    for (size_t i = home(key);; i = next(i)) {
      if (slots_[i].key == 0) return false;
      if (slots_[i].key == key) {
        *value = slots_[i].value;
        return true;
      }
    }
  }

  // Inserts or overwrites; false when full (or key 0).
  bool put(uint64_t key, uint32_t value) {
    if (key == 0) return false;
    size_t i = home(key);
    for (; slots_[i].key != 0; i = next(i)) {
      if (slots_[i].key == key) {
        slots_[i].value = value;
        return true;
      }
    }
    if (count_ >= kMaxKeys) return false;
    slots_[i] = {key, value};
    ++count_;
    return true;
  }

  // Removes `key`; false if absent.
  bool erase(uint64_t key) {
    if (key == 0) return false;
    size_t i = home(key);
    while (slots_[i].key != key) {
      if (slots_[i].key == 0) return false;
      i = next(i);
    }
    // Backward shift: pull later members of the probe run into the hole
    // when the hole lies between their home and their position.
    for (size_t j = next(i);; j = next(j)) {
      if (slots_[j].key == 0) break;
      size_t h = home(slots_[j].key);
      bool movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = {};
    --count_;
    return true;
  }

  size_t size() const { return count_; }

 private:
  struct Slot {
    uint64_t key;
    uint32_t value;
  };
  static size_t home(uint64_t key) {
    // Fibonacci hashing: consecutive pids spread over the whole table.
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & (N - 1);
  }
  static size_t next(size_t i) { return (i + 1) & (N - 1); }

  Slot slots_[N];
  size_t count_;
};

}  // namespace lib
