// lib/ring_queue.h — RingQueue<T, N>: a FIFO of at most N elements in an
// inline ring. push on a full queue / pop on an empty one return false.
// Freestanding, header-only.
#pragma once

#include <stddef.h>

namespace lib {

template <typename T, size_t N>
class RingQueue {
 public:
  constexpr size_t size() const { return count_; }
  constexpr bool empty() const { return count_ == 0; }
  constexpr bool full() const { return count_ == N; }

  constexpr bool push(const T& v) {
    if (count_ == N) return false;
    items_[(head_ + count_) % N] = v;
    ++count_;
    return true;
  }
  constexpr bool pop(T* out) {
    if (count_ == 0) return false;
    *out = items_[head_];
    head_ = (head_ + 1) % N;
    --count_;
    return true;
  }
  constexpr const T& front() const { return items_[head_]; }

 private:
  T items_[N] = {};
  size_t head_ = 0;
  size_t count_ = 0;
};

}  // namespace lib
