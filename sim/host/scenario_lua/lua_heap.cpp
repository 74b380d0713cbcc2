#include "sim/host/scenario_lua/lua_heap.h"

#include <cstdlib>
#include <cstring>

#if defined(__SANITIZE_ADDRESS__)
#define SALTYSIM_LUA_HEAP_MALLOC 1  // ASan sees every Lua block (use after free, overflow)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SALTYSIM_LUA_HEAP_MALLOC 1
#endif
#endif

namespace sim::lua {

namespace {

constexpr std::size_t kSlabBytes = 64u << 10;
constexpr std::size_t kSpareSlabs = 32;  // kept per host thread for the next run (2 MiB)

std::vector<void*>& spare_slabs() {
  thread_local struct Spare {
    std::vector<void*> slabs;
    ~Spare() {
      for (void* s : slabs) std::free(s);
    }
  } spare;
  return spare.slabs;
}

}  // namespace

LuaHeap::~LuaHeap() {
  auto& spare = spare_slabs();
  for (void* s : slabs_) {
    if (spare.size() < kSpareSlabs) spare.push_back(s);
    else std::free(s);
  }
}

#ifdef SALTYSIM_LUA_HEAP_MALLOC
void* LuaHeap::allocate(std::size_t n) { return std::malloc(n); }
void LuaHeap::release(void* p, std::size_t) { std::free(p); }
void* LuaHeap::resize(void* p, std::size_t, std::size_t n) { return std::realloc(p, n); }
#else
void* LuaHeap::allocate(std::size_t n) {
  if (n > kMaxSmall) return std::malloc(n);
  const std::size_t c = class_of(n);
  if (FreeBlock* b = free_[c]) {
    free_[c] = b->next;
    return b;
  }
  const std::size_t bytes = (c + 1) * kGrain;
  if (left_ < bytes) {
    auto& spare = spare_slabs();
    void* slab = nullptr;
    if (!spare.empty()) {
      slab = spare.back();
      spare.pop_back();
    } else if (!(slab = std::malloc(kSlabBytes))) {
      return nullptr;
    }
    slabs_.push_back(slab);
    next_ = static_cast<char*>(slab);
    left_ = kSlabBytes;
  }
  void* p = next_;
  next_ += bytes;
  left_ -= bytes;
  return p;
}

void LuaHeap::release(void* p, std::size_t n) {
  if (n > kMaxSmall) {
    std::free(p);
    return;
  }
  auto* b = static_cast<FreeBlock*>(p);
  const std::size_t c = class_of(n);
  b->next = free_[c];
  free_[c] = b;
}

void* LuaHeap::resize(void* p, std::size_t old, std::size_t n) {
  if (old > kMaxSmall && n > kMaxSmall) return std::realloc(p, n);
  if (old <= kMaxSmall && n <= kMaxSmall && class_of(n) == class_of(old)) return p;
  void* q = allocate(n);
  if (!q) return nullptr;
  std::memcpy(q, p, old < n ? old : n);
  release(p, old);
  return q;
}

#endif

}  // namespace sim::lua
