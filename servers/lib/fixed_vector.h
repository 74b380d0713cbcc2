// lib/fixed_vector.h — FixedVector<T, N>: a vector with inline storage for
// at most N elements. No allocation; push_back on a full vector returns
// false. T must be default-constructible and copy-assignable (all N
// elements exist; size() says how many are in use). Freestanding.
#pragma once

#include <stddef.h>

namespace lib {

template <typename T, size_t N>
class FixedVector {
 public:
  static constexpr size_t kCapacity = N;

  constexpr size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr bool full() const { return size_ == N; }
  static constexpr size_t capacity() { return N; }

  constexpr T& operator[](size_t i) { return items_[i]; }
  constexpr const T& operator[](size_t i) const { return items_[i]; }
  constexpr T* begin() { return items_; }
  constexpr T* end() { return items_ + size_; }
  constexpr const T* begin() const { return items_; }
  constexpr const T* end() const { return items_ + size_; }
  constexpr T& back() { return items_[size_ - 1]; }

  constexpr bool push_back(const T& v) {
    if (size_ == N) return false;
    items_[size_++] = v;
    return true;
  }
  // Appends a default-valued element; nullptr when full.
  constexpr T* emplace() {
    if (size_ == N) return nullptr;
    items_[size_] = T();
    return &items_[size_++];
  }
  constexpr void pop_back() {
    if (size_ > 0) --size_;
  }
  // Removes element i, keeping the order of the rest.
  constexpr void erase(size_t i) {
    if (i >= size_) return;
    for (size_t j = i + 1; j < size_; ++j) items_[j - 1] = items_[j];
    --size_;
  }
  constexpr void clear() { size_ = 0; }

 private:
  T items_[N] = {};
  size_t size_ = 0;
};

}  // namespace lib
