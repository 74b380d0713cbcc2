// Non-overlapping [base, base+size) ranges mapped to values, looked up by
// address. Used for the I/O-port space and the MMIO space of a machine.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hw {

template <class T>
class RangeMap {
 public:
  struct Entry {
    std::uint64_t base;
    std::uint64_t size;
    T value;
  };

  // False (and nothing added) when the range is empty or overlaps another.
  bool add(std::uint64_t base, std::uint64_t size, T value) {
    if (size == 0 || base + size < base) return false;
    auto it = std::lower_bound(entries_.begin(), entries_.end(), base,
                               [](const Entry& e, std::uint64_t b) { return e.base < b; });
    if (it != entries_.end() && it->base < base + size) return false;
    if (it != entries_.begin() && std::prev(it)->base + std::prev(it)->size > base) return false;
    entries_.insert(it, Entry{base, size, std::move(value)});
    return true;
  }

  // The entry containing `addr`, or nullptr.
  const Entry* find(std::uint64_t addr) const {
    auto it = std::upper_bound(entries_.begin(), entries_.end(), addr,
                               [](std::uint64_t a, const Entry& e) { return a < e.base; });
    if (it == entries_.begin()) return nullptr;
    --it;
    return addr - it->base < it->size ? &*it : nullptr;
  }

  template <class Pred>
  void remove_if(Pred pred) {
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), pred), entries_.end());
  }
  void clear() { entries_.clear(); }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;  // sorted by base
};

}  // namespace hw
