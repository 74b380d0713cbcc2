// lib::Allocator over the trona heap (trona/core/heap_allocator.h).
#include "trona/core/heap_allocator.h"

// The containers are header-only; this file (in every program's target
// build) includes and instantiates them (containers_compile, never called,
// emits no code) so they are compiled freestanding there too.
#include "lib/hash_map.h"
#include "lib/intrusive_list.h"
#include "lib/string.h"
#include "lib/tree_map.h"
#include "lib/vector.h"

namespace trona {

namespace {

void* process_allocate(void*, size_t size, size_t align) { return aligned_alloc(align, size); }
void process_release(void*, void* p, size_t) { free(p); }

void* heap_allocate(void* heap, size_t size, size_t align) {
  return static_cast<Heap*>(heap)->allocate_aligned(align, size);
}
void heap_release(void* heap, void* p, size_t) { static_cast<Heap*>(heap)->release(p); }

struct Linked {
  int id;
  lib::ListNode link;
};

[[maybe_unused]] size_t containers_compile(lib::Allocator a) {
  lib::Vector<int> v(a);
  v.push_back(1);
  v.insert(0, 2);
  v.resize(4);
  v.erase(1);
  lib::String s(a);
  s.append("name");
  lib::TreeMap<lib::String, int> tree(a);
  tree.insert(lib::move(s), 1);
  tree.erase(lib::Str("name"));
  lib::HashMap<uint64_t, lib::Vector<int>> hash(a);
  hash.insert(7, lib::move(v));
  hash.erase(7);
  Linked l{1, {}};
  lib::IntrusiveList<Linked, &Linked::link> list;
  list.push_back(l);
  list.remove(l);
  return tree.size() + hash.size() + list.size() + (tree.find(lib::Str("x")) != nullptr) + (hash.find(1) != nullptr);
}

}  // namespace

lib::Allocator heap_allocator() { return lib::Allocator{nullptr, &process_allocate, &process_release}; }

lib::Allocator make_heap_allocator(Heap& heap) { return lib::Allocator{&heap, &heap_allocate, &heap_release}; }

}  // namespace trona
