// lib/fixed_map.h — FixedMap<K, V, N>: an unordered map of at most N
// entries in an inline array, linear search (N is small in servers).
// Freestanding; K needs operator==.
#pragma once

#include <stddef.h>

#include "lib/fixed_vector.h"

namespace lib {

template <typename K, typename V, size_t N>
class FixedMap {
 public:
  struct Entry {
    K key{};
    V value{};
  };

  constexpr size_t size() const { return entries_.size(); }
  constexpr bool full() const { return entries_.full(); }
  constexpr Entry* begin() { return entries_.begin(); }
  constexpr Entry* end() { return entries_.end(); }
  constexpr const Entry* begin() const { return entries_.begin(); }
  constexpr const Entry* end() const { return entries_.end(); }

  constexpr V* find(const K& k) {
    for (Entry& e : entries_)
      if (e.key == k) return &e.value;
    return nullptr;
  }
  constexpr const V* find(const K& k) const {
    for (const Entry& e : entries_)
      if (e.key == k) return &e.value;
    return nullptr;
  }
  // The value for k, inserted default-valued if absent; nullptr when full.
  constexpr V* get_or_insert(const K& k) {
    if (V* v = find(k)) return v;
    Entry* e = entries_.emplace();
    if (!e) return nullptr;
    e->key = k;
    return &e->value;
  }
  constexpr bool erase(const K& k) {
    for (size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].key == k) {
        entries_.erase(i);
        return true;
      }
    return false;
  }

 private:
  FixedVector<Entry, N> entries_;
};

}  // namespace lib
