// The allocator of trona/core/heap.h over a PageSource.
//
// Break memory is a list of segments (one per non-adjacent extension),
// each a run of chunks ending in an in-use sentinel:
//
//   chunk  = [prev_size][size | flags][payload ...]     header 16 bytes
//   flags  = IN_USE, PREV_IN_USE (the left neighbour), MAPPED
//
// prev_size is the left neighbour's size, valid while that neighbour is
// free (the boundary tag coalescing walks left by). A free chunk keeps its
// free-list links in its payload, so the smallest chunk is 32 bytes.
// Free chunks never touch (freeing merges with both neighbours). The
// sentinel (32 bytes) holds the start of its segment and the sentinel of
// the previous segment, so consistent() can walk everything.
// A mapped chunk sits in its own mapping: size = mapping length,
// prev_size = the header's offset in the mapping (aligned blocks).
#include "trona/core/heap.h"

namespace trona {

struct Heap::Chunk {
  size_t prev_size;
  size_t head;
  Chunk* next;  // free list; for a sentinel: start of its segment
  Chunk* prev;  // free list; for a sentinel: the previous segment's sentinel
};

namespace {

using Chunk = Heap::Chunk;

constexpr size_t kInUse = 1, kPrevInUse = 2, kMapped = 4, kFlags = 15;
constexpr size_t kHeader = 16;
constexpr size_t kMinChunk = sizeof(Chunk);
constexpr size_t kSentinel = sizeof(Chunk);
static_assert(kHeader == kHeapAlign && kMinChunk == 32);

constexpr size_t kMaxSize = ~size_t{0};

constexpr size_t align_up(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }
constexpr bool power_of_two(size_t v) { return v != 0 && (v & (v - 1)) == 0; }

size_t size_of(const Chunk* c) { return c->head & ~kFlags; }
bool in_use(const Chunk* c) { return (c->head & kInUse) != 0; }
bool mapped(const Chunk* c) { return (c->head & kMapped) != 0; }
Chunk* at(void* p, size_t offset = 0) { return reinterpret_cast<Chunk*>(static_cast<char*>(p) + offset); }
Chunk* next_of(Chunk* c) { return at(c, size_of(c)); }
Chunk* prev_of(Chunk* c) { return reinterpret_cast<Chunk*>(reinterpret_cast<char*>(c) - c->prev_size); }
void* payload(Chunk* c) { return reinterpret_cast<char*>(c) + kHeader; }
Chunk* chunk_of(const void* p) { return reinterpret_cast<Chunk*>(const_cast<char*>(static_cast<const char*>(p)) - kHeader); }
size_t usable(const Chunk* c) { return size_of(c) - kHeader - (mapped(c) ? c->prev_size : 0); }

// Chunk size for a request of `size` bytes; 0 when it cannot exist.
size_t chunk_size(size_t size) {
  if (size > kMaxSize / 2) return 0;
  size_t n = align_up(size + kHeader, kHeapAlign);
  return n < kMinChunk ? kMinChunk : n;
}

// Size class: floor(log2(size)) - 5, the last class open-ended.
size_t class_of(size_t size) {
  size_t log2 = 63 - static_cast<size_t>(__builtin_clzll(size));
  size_t c = log2 - 5;
  return c < Heap::kClasses ? c : Heap::kClasses - 1;
}

void mark_in_use(Chunk* c) {
  c->head |= kInUse;
  next_of(c)->head |= kPrevInUse;
}

}  // namespace

void Heap::init(const PageSource& source) {
  *this = Heap{};
  source_ = source;
}

void Heap::link(Chunk* c) {
  Chunk*& list = classes_[class_of(size_of(c))];
  c->prev = nullptr;
  c->next = list;
  if (list) list->prev = c;
  list = c;
  ++stats_.free_chunks;
}

void Heap::unlink(Chunk* c) {
  if (c->prev)
    c->prev->next = c->next;
  else
    classes_[class_of(size_of(c))] = c->next;
  if (c->next) c->next->prev = c->prev;
  --stats_.free_chunks;
}

// `c` is an in-use break chunk: make it free, merged with free neighbours.
void Heap::free_chunk(Chunk* c) {
  size_t size = size_of(c);
  Chunk* right = next_of(c);
  if (!in_use(right)) {
    unlink(right);
    size += size_of(right);
  }
  if (!(c->head & kPrevInUse)) {
    c = prev_of(c);
    unlink(c);
    size += size_of(c);
  }
  c->head = size | kPrevInUse;  // the left neighbour of a free chunk is in use
  right = next_of(c);
  right->head &= ~kPrevInUse;
  right->prev_size = size;
  link(c);
}

// Frees the tail of in-use chunk `c` beyond `need` bytes when it can stand alone.
void Heap::split(Chunk* c, size_t need) {
  size_t size = size_of(c);
  if (size - need < kMinChunk) return;
  Chunk* rest = at(c, need);
  rest->head = (size - need) | kInUse | kPrevInUse;
  c->head = need | (c->head & kFlags);
  free_chunk(rest);
}

Chunk* Heap::take_free(size_t need) {
  for (size_t i = class_of(need); i < kClasses; ++i)
    for (Chunk* c = classes_[i]; c; c = c->next)
      if (size_of(c) >= need) {
        unlink(c);
        return c;
      }
  return nullptr;
}

// Extends the break so that a free chunk of `need` bytes exists.
Chunk* Heap::grow(size_t need) {
  if (!source_.extend || need > kMaxSize / 2) return nullptr;
  size_t exact = align_up(need + kSentinel, kHeapPageSize);
  size_t bytes = exact < kHeapMinExtend ? kHeapMinExtend : exact;
  void* mem = source_.extend(source_.context, bytes);
  if (!mem && bytes != exact) mem = source_.extend(source_.context, bytes = exact);
  if (!mem) return nullptr;
  stats_.break_bytes += bytes;

  Chunk* c;
  Chunk* end;
  if (sentinel_ && mem == at(sentinel_, kSentinel)) {
    // Adjacent: the old sentinel becomes the header of the new bytes.
    c = sentinel_;
    end = at(c, bytes);
    end->next = c->next;
    end->prev = c->prev;
    c->head = bytes | kInUse | (c->head & kPrevInUse);
  } else {
    c = at(mem);
    end = at(mem, bytes - kSentinel);
    end->next = c;
    end->prev = sentinel_;
    c->head = (bytes - kSentinel) | kInUse | kPrevInUse;
  }
  end->head = kInUse | kPrevInUse;
  sentinel_ = end;
  free_chunk(c);
  return take_free(need);
}

Chunk* Heap::obtain(size_t need) {
  Chunk* c = take_free(need);
  if (!c) c = grow(need);
  if (c) mark_in_use(c);
  return c;
}

void* Heap::finish(Chunk* c, size_t need) {
  split(c, need);
  ++stats_.in_use_blocks;
  stats_.in_use_bytes += usable(c);
  return payload(c);
}

void* Heap::allocate_mapped(size_t alignment, size_t size) {
  if (!source_.map || size > kMaxSize / 2 || alignment > kMaxSize / 4) return nullptr;
  size_t length = align_up(size + kHeader + (alignment > kHeapAlign ? alignment : 0), kHeapPageSize);
  char* base = static_cast<char*>(source_.map(source_.context, length));
  if (!base) return nullptr;
  auto where = reinterpret_cast<uintptr_t>(base) + kHeader;
  Chunk* c = chunk_of(reinterpret_cast<void*>(align_up(where, alignment)));
  c->prev_size = static_cast<size_t>(reinterpret_cast<char*>(c) - base);
  c->head = length | kMapped | kInUse;
  ++stats_.mapped_blocks;
  stats_.mapped_bytes += length;
  ++stats_.in_use_blocks;
  stats_.in_use_bytes += usable(c);
  return payload(c);
}

void* Heap::allocate(size_t size) {
  size_t need = chunk_size(size);
  if (need == 0) return nullptr;
  if (need >= kHeapMapThreshold) return allocate_mapped(kHeapAlign, size);
  Chunk* c = obtain(need);
  return c ? finish(c, need) : nullptr;
}

void* Heap::allocate_aligned(size_t alignment, size_t size) {
  if (!power_of_two(alignment)) return nullptr;
  if (alignment <= kHeapAlign) return allocate(size);
  size_t need = chunk_size(size);
  if (need == 0 || alignment > kMaxSize / 4) return nullptr;
  if (need >= kHeapMapThreshold || alignment >= kHeapMapThreshold) return allocate_mapped(alignment, size);
  // Room to move the header forward to an aligned payload and leave a
  // free chunk (>= kMinChunk) in front.
  Chunk* c = obtain(need + alignment + kMinChunk);
  if (!c) return nullptr;
  auto p = reinterpret_cast<uintptr_t>(payload(c));
  if (p % alignment != 0) {
    Chunk* aligned = chunk_of(reinterpret_cast<void*>(align_up(p + kMinChunk, alignment)));
    size_t lead = static_cast<size_t>(reinterpret_cast<char*>(aligned) - reinterpret_cast<char*>(c));
    aligned->head = (size_of(c) - lead) | kInUse;
    c->head = lead | kInUse | (c->head & kPrevInUse);
    free_chunk(c);  // tags `aligned` as having a free left neighbour
    c = aligned;
  }
  return finish(c, need);
}

void* Heap::allocate_zeroed(size_t count, size_t size) {
  if (size != 0 && count > kMaxSize / size) return nullptr;
  void* p = allocate(count * size);
  // A fresh mapping is zero already (mmap); break memory may be reused.
  if (p && !mapped(chunk_of(p))) __builtin_memset(p, 0, count * size);
  return p;
}

void Heap::release(void* p) {
  if (!p) return;
  Chunk* c = chunk_of(p);
  --stats_.in_use_blocks;
  stats_.in_use_bytes -= usable(c);
  if (mapped(c)) {
    --stats_.mapped_blocks;
    stats_.mapped_bytes -= size_of(c);
    source_.unmap(source_.context, reinterpret_cast<char*>(c) - c->prev_size, size_of(c));
    return;
  }
  free_chunk(c);
}

void* Heap::reallocate(void* p, size_t size) {
  if (!p) return allocate(size);
  if (size == 0) {
    release(p);
    return nullptr;
  }
  size_t need = chunk_size(size);
  if (need == 0) return nullptr;
  Chunk* c = chunk_of(p);
  size_t before = usable(c);
  if (mapped(c)) {
    if (size <= before && need >= kHeapMapThreshold) return p;  // still a large block: keep the mapping
  } else if (need < kHeapMapThreshold) {
    Chunk* right = next_of(c);
    if (need > size_of(c) && !in_use(right) && size_of(c) + size_of(right) >= need) {
      unlink(right);  // grow into the free right neighbour
      c->head = (size_of(c) + size_of(right)) | (c->head & kFlags);
      next_of(c)->head |= kPrevInUse;
    }
    if (need <= size_of(c)) {
      split(c, need);
      stats_.in_use_bytes = stats_.in_use_bytes - before + usable(c);
      return p;
    }
  }
  void* q = allocate(size);
  if (!q) return nullptr;
  __builtin_memcpy(q, p, before < size ? before : size);
  release(p);
  return q;
}

size_t Heap::usable_size(const void* p) const { return p ? usable(chunk_of(p)) : 0; }

HeapStats Heap::stats() const { return stats_; }

namespace {

bool listed(Chunk* const* classes, Chunk* c) {
  for (Chunk* l = classes[class_of(size_of(c))]; l; l = l->next)
    if (l == c) return true;
  return false;
}

}  // namespace

bool Heap::consistent() const {
  size_t free_seen = 0, in_use_seen = 0;
  for (Chunk* end = sentinel_; end; end = end->prev) {
    bool left_free = false;
    size_t left_size = 0;
    Chunk* c = end->next;
    for (;;) {
      bool tagged_free = (c->head & kPrevInUse) == 0;
      if (tagged_free != left_free) return false;
      if (left_free && c->prev_size != left_size) return false;
      if (c == end) break;
      size_t size = size_of(c);
      if (size < kMinChunk || size % kHeapAlign != 0 || mapped(c)) return false;
      if (reinterpret_cast<char*>(c) + size > reinterpret_cast<char*>(end)) return false;
      if (in_use(c)) {
        ++in_use_seen;
      } else {
        if (left_free || !listed(classes_, c)) return false;
        ++free_seen;
      }
      left_free = !in_use(c);
      left_size = size;
      c = next_of(c);
    }
  }
  size_t listed_count = 0;
  for (size_t i = 0; i < kClasses; ++i)
    for (Chunk* c = classes_[i]; c; c = c->next) {
      if (in_use(c) || class_of(size_of(c)) != i || (c->next && c->next->prev != c)) return false;
      ++listed_count;
    }
  return free_seen == stats_.free_chunks && listed_count == free_seen &&
         in_use_seen + stats_.mapped_blocks == stats_.in_use_blocks;
}

}  // namespace trona
