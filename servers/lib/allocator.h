// lib/allocator.h — Allocator: where a growable container's memory comes
// from, as a context and two function pointers (no virtual calls, no
// global state). A default Allocator has no allocate_fn: every allocation
// fails.
//
//   lib::Allocator a = trona::heap_allocator();   // or a test's own
//   Node* n = a.make<Node>(key, value);           // nullptr on failure
//   a.destroy(n);
//   void* p = a.allocate(64, 16);
//   a.release(p, 64);                             // the size allocated
// Freestanding, header-only.
#pragma once

#include <stddef.h>

#include "lib/new.h"
#include "lib/utility.h"

namespace lib {

struct Allocator {
  void* context = nullptr;
  void* (*allocate_fn)(void* context, size_t size, size_t align) = nullptr;  // nullptr on failure
  void (*release_fn)(void* context, void* p, size_t size) = nullptr;

  // nullptr when there is no allocate_fn or it fails.
  void* allocate(size_t size, size_t align = 16) const {
    return allocate_fn ? allocate_fn(context, size, align) : nullptr;
  }
  // p and size as allocate returned and was asked; nullptr p is ignored.
  void release(void* p, size_t size) const {
    if (p && release_fn) release_fn(context, p, size);
  }

  // allocate + placement-construct; nullptr on failure (nothing constructed).
  template <class T, class... A>
  T* make(A&&... args) const {
    void* p = allocate(sizeof(T), alignof(T));
    if (!p) return nullptr;
    return ::new (p) T(lib::forward<A>(args)...);
  }
  // ~T + release; nullptr is ignored.
  template <class T>
  void destroy(T* p) const {
    if (!p) return;
    p->~T();
    release(p, sizeof(T));
  }
};

}  // namespace lib
