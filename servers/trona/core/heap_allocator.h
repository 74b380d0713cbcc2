// trona/core/heap_allocator.h — lib::Allocator (lib/allocator.h) over a
// trona heap, for the growable containers of servers/lib.
//
//   lib::Vector<int> v(trona::heap_allocator());          // the process heap
//   trona::Heap h; h.init(source);
//   lib::TreeMap<int, int> m(trona::make_heap_allocator(h));  // h outlives m
// Freestanding.
#pragma once

#include "lib/allocator.h"
#include "trona/core/heap.h"

namespace trona {

// The process heap (trona::aligned_alloc / trona::free); failures set
// errno as those do.
lib::Allocator heap_allocator();
// `heap` (allocate_aligned / release); the Allocator keeps its address.
lib::Allocator make_heap_allocator(Heap& heap);

}  // namespace trona
