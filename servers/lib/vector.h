// lib/vector.h — Vector<T>: a growable array whose memory comes from an
// Allocator. Growth doubles the capacity; reallocation moves elements by
// move construction. Every operation that may allocate reports failure
// (false / nullptr) and leaves the vector unchanged when memory runs out.
// Move-only elements work; copying is explicit (copy_from).
//
//   lib::Vector<int> v(alloc);
//   if (!v.push_back(3)) return ENOMEM;
//   Item* it = v.emplace_back(a, b);   // nullptr on OOM
//   v.erase(0);                        // keeps order
// Freestanding, header-only.
#pragma once

#include <stddef.h>

#include "lib/allocator.h"
#include "lib/new.h"
#include "lib/utility.h"

namespace lib {

template <class T>
class Vector {
 public:
  Vector() = default;  // no allocator: every growth fails
  explicit Vector(Allocator a) : alloc_(a) {}
  Vector(Vector&& o) noexcept : alloc_(o.alloc_), data_(o.data_), size_(o.size_), cap_(o.cap_) { o.forget(); }
  Vector& operator=(Vector&& o) noexcept {
    if (this != &o) {
      free_all();
      alloc_ = o.alloc_;
      data_ = o.data_;
      size_ = o.size_;
      cap_ = o.cap_;
      o.forget();
    }
    return *this;
  }
  Vector(const Vector&) = delete;
  Vector& operator=(const Vector&) = delete;
  ~Vector() { free_all(); }

  // Replaces the contents with copies of o's elements; false (unchanged) on OOM.
  bool copy_from(const Vector& o) {
    if (this == &o) return true;
    if (o.size_ > cap_ && !reallocate(o.size_)) return false;
    clear();
    for (size_t i = 0; i < o.size_; ++i) ::new (data_ + i) T(o.data_[i]);
    size_ = o.size_;
    return true;
  }

  bool push_back(const T& v) { return emplace_back(v) != nullptr; }
  bool push_back(T&& v) { return emplace_back(lib::move(v)) != nullptr; }
  // Constructs the new last element from args; nullptr on OOM. The args may
  // refer to elements of this vector.
  template <class... A>
  T* emplace_back(A&&... args) {
    if (size_ < cap_) return ::new (data_ + size_++) T(lib::forward<A>(args)...);
    size_t cap = grown(size_ + 1);
    T* fresh = allocate(cap);
    if (!fresh) return nullptr;
    T* made = ::new (fresh + size_) T(lib::forward<A>(args)...);  // before the old storage goes
    adopt(fresh, cap);
    ++size_;
    return made;
  }
  // Inserts v before element `index` (index <= size()); false on OOM or a
  // bad index (v untouched then).
  bool insert(size_t index, T&& v) {
    if (index > size_) return false;
    if (index == size_) return push_back(lib::move(v));
    T* inside = (&v >= data_ && &v < data_ + size_) ? &v : nullptr;
    size_t at = inside ? static_cast<size_t>(inside - data_) : 0;
    if (size_ == cap_ && !reallocate(grown(size_ + 1))) return false;
    T value(lib::move(inside ? data_[at] : v));
    ::new (data_ + size_) T(lib::move(data_[size_ - 1]));
    for (size_t i = size_ - 1; i > index; --i) data_[i] = lib::move(data_[i - 1]);
    data_[index] = lib::move(value);
    ++size_;
    return true;
  }
  // Removes element `index`, keeping the order of the rest; a bad index is ignored.
  void erase(size_t index) {
    if (index >= size_) return;
    for (size_t i = index + 1; i < size_; ++i) data_[i - 1] = lib::move(data_[i]);
    pop_back();
  }
  void pop_back() {
    if (size_ > 0) data_[--size_].~T();
  }
  // Capacity of at least n; false (unchanged) on OOM.
  bool reserve(size_t n) { return n <= cap_ || reallocate(n); }
  // n elements: extra ones are destroyed, new ones value-initialised; false
  // (unchanged) on OOM.
  bool resize(size_t n) {
    if (n > cap_ && !reallocate(grown(n))) return false;
    while (size_ > n) pop_back();
    for (; size_ < n; ++size_) ::new (data_ + size_) T();
    return true;
  }
  // Destroys the elements; keeps the capacity.
  void clear() {
    while (size_ > 0) pop_back();
  }

  size_t size() const { return size_; }
  size_t capacity() const { return cap_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  Allocator allocator() const { return alloc_; }

 private:
  static constexpr size_t kMax = ~size_t{0} / sizeof(T);

  // The capacity to grow to for at least `need` elements: double, at least 4.
  size_t grown(size_t need) const {
    size_t cap = cap_ > kMax / 2 ? kMax : (cap_ < 2 ? 4 : cap_ * 2);
    return cap < need ? need : cap;
  }
  T* allocate(size_t n) const {
    if (n > kMax) return nullptr;
    return static_cast<T*>(alloc_.allocate(n * sizeof(T), alignof(T)));
  }
  // Moves the elements into `fresh` (capacity cap) and frees the old storage.
  void adopt(T* fresh, size_t cap) {
    for (size_t i = 0; i < size_; ++i) {
      ::new (fresh + i) T(lib::move(data_[i]));
      data_[i].~T();
    }
    alloc_.release(data_, cap_ * sizeof(T));
    data_ = fresh;
    cap_ = cap;
  }
  bool reallocate(size_t cap) {
    T* fresh = allocate(cap);
    if (!fresh) return false;
    adopt(fresh, cap);
    return true;
  }
  void free_all() {
    clear();
    alloc_.release(data_, cap_ * sizeof(T));
    forget();
  }
  void forget() {
    data_ = nullptr;
    size_ = 0;
    cap_ = 0;
  }

  Allocator alloc_;
  T* data_ = nullptr;
  size_t size_ = 0;
  size_t cap_ = 0;
};

}  // namespace lib
