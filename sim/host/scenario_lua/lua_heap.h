// The memory a sandbox's lua_State lives in (README.md, "Cost"): blocks
// up to 512 bytes come from size classes (16-byte steps) carved out of
// 64 KiB slabs and go back to a free list of their class; larger blocks
// are the host's malloc. A run makes many small objects (the libraries,
// the prelude's functions and strings) and frees them all at lua_close;
// the free lists make both cheap, and the slabs of a finished run are
// kept (per host thread, a few) for the next one. Sizes are Lua's own:
// Lua passes a block's size back when it frees or resizes it. Under
// ASan every block is the host's malloc (so ASan checks Lua's memory).
#pragma once

#include <cstddef>
#include <vector>

namespace sim::lua {

class LuaHeap {
 public:
  LuaHeap() = default;
  ~LuaHeap();
  LuaHeap(const LuaHeap&) = delete;
  LuaHeap& operator=(const LuaHeap&) = delete;

  // Null only when the host has no memory left.
  void* allocate(std::size_t n);
  void release(void* p, std::size_t n);
  // Lua's realloc for a live block of `old` bytes, n > 0; null (and `p`
  // untouched) when the host has no memory left.
  void* resize(void* p, std::size_t old, std::size_t n);

 private:
  static constexpr std::size_t kGrain = 16, kMaxSmall = 512, kClasses = kMaxSmall / kGrain;
  static std::size_t class_of(std::size_t n) { return (n + kGrain - 1) / kGrain - 1; }
  struct FreeBlock {
    FreeBlock* next;
  };
  FreeBlock* free_[kClasses] = {};
  std::vector<void*> slabs_;
  char* next_ = nullptr;  // the unused rest of the newest slab
  std::size_t left_ = 0;
};

}  // namespace sim::lua
