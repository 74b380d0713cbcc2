#include "lib/arena.h"

namespace lib {

namespace {
uintptr_t align_up(uintptr_t v, size_t a) { return (v + a - 1) / a * a; }
}  // namespace

Arena::Arena(void* base, size_t size) {
  uintptr_t b = align_up(reinterpret_cast<uintptr_t>(base), kAlign);
  uintptr_t e = (reinterpret_cast<uintptr_t>(base) + size) / kAlign * kAlign;
  if (e > b && e - b >= kHeader + kAlign) {
    free_ = reinterpret_cast<Block*>(b);
    free_->size = e - b;
    free_->next = nullptr;
    total_ = e - b;
  }
}

void* Arena::allocate(size_t bytes) {
  if (bytes == 0 || bytes > total_) return nullptr;
  size_t need = kHeader + align_up(bytes, kAlign);
  for (Block** link = &free_; *link; link = &(*link)->next) {
    Block* b = *link;
    if (b->size < need) continue;
    if (b->size - need >= kHeader + kAlign) {  // split, keep the tail free
      auto* rest = reinterpret_cast<Block*>(reinterpret_cast<uintptr_t>(b) + need);
      rest->size = b->size - need;
      rest->next = b->next;
      *link = rest;
      b->size = need;
    } else {
      *link = b->next;
    }
    b->next = nullptr;
    return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(b) + kHeader);
  }
  return nullptr;
}

void Arena::free(void* p) {
  if (!p) return;
  auto* b = reinterpret_cast<Block*>(reinterpret_cast<uintptr_t>(p) - kHeader);
  Block* prev = nullptr;
  Block* cur = free_;
  while (cur && cur < b) prev = cur, cur = cur->next;
  b->next = cur;
  if (prev) prev->next = b;
  else free_ = b;
  auto end_of = [](Block* x) { return reinterpret_cast<uintptr_t>(x) + x->size; };
  if (cur && end_of(b) == reinterpret_cast<uintptr_t>(cur)) {
    b->size += cur->size;
    b->next = cur->next;
  }
  if (prev && end_of(prev) == reinterpret_cast<uintptr_t>(b)) {
    prev->size += b->size;
    prev->next = b->next;
  }
}

size_t Arena::bytes_free() const {
  size_t n = 0;
  for (Block* b = free_; b; b = b->next) n += b->size;
  return n;
}

}  // namespace lib
