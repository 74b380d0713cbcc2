// trona::Heap on a host page source (the allocator logic; the target runs
// the same code over mmsrv), and the process heap's errno behaviour in
// simulated processes.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <iterator>
#include <map>
#include <random>
#include <vector>

#include "host_page_source.h"
#include "kernel_model/kernel.h"
#include "trona/core/heap.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace {

using heaptest::HostPageSource;
using trona::Heap;

struct HeapOn {
  explicit HeapOn(HostPageSource& src) { heap.init(src.source()); }
  Heap heap{};
};

bool aligned(const void* p, std::size_t a) { return reinterpret_cast<std::uintptr_t>(p) % a == 0; }

void fill(void* p, std::size_t n, unsigned seed) {
  auto* b = static_cast<unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<unsigned char>(seed * 31 + i * 7);
}
bool holds(const void* p, std::size_t n, unsigned seed) {
  auto* b = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i)
    if (b[i] != static_cast<unsigned char>(seed * 31 + i * 7)) return false;
  return true;
}

TEST(Heap, EveryBlockIs16ByteAlignedWithItsSizeUsable) {
  HostPageSource src;
  HeapOn h(src);
  std::vector<void*> blocks;
  for (std::size_t size = 0; size <= 300; ++size) {
    void* p = h.heap.allocate(size);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(aligned(p, 16)) << size;
    EXPECT_GE(h.heap.usable_size(p), size);
    fill(p, size, unsigned(size));
    blocks.push_back(p);
  }
  for (std::size_t size = 0; size <= 300; ++size) EXPECT_TRUE(holds(blocks[size], size, unsigned(size))) << size;
  EXPECT_TRUE(h.heap.consistent());
  for (void* p : blocks) h.heap.release(p);
  EXPECT_TRUE(h.heap.consistent());
  EXPECT_EQ(h.heap.stats().in_use_blocks, 0u);
  EXPECT_EQ(h.heap.stats().free_chunks, 1u);  // everything merged back
}

TEST(Heap, AlignedAllocationHonoursTheAlignment) {
  HostPageSource src;
  HeapOn h(src);
  for (std::size_t a = 32; a <= 8192; a *= 2)
    for (std::size_t size : {1u, 40u, 1000u}) {
      h.heap.allocate(24);  // shift the break so alignment needs work
      void* p = h.heap.allocate_aligned(a, size);
      ASSERT_NE(p, nullptr);
      EXPECT_TRUE(aligned(p, a)) << a;
      fill(p, size, 3);
      ASSERT_TRUE(h.heap.consistent()) << a << " " << size;
    }
  void* big = h.heap.allocate_aligned(65536, 200000);  // the mapping path
  ASSERT_NE(big, nullptr);
  EXPECT_TRUE(aligned(big, 65536));
  EXPECT_GE(h.heap.usable_size(big), 200000u);
  fill(big, 200000, 9);
  h.heap.release(big);
  EXPECT_TRUE(src.mappings.empty());
  EXPECT_EQ(h.heap.allocate_aligned(48, 8), nullptr);  // not a power of two
  EXPECT_EQ(h.heap.allocate_aligned(0, 8), nullptr);
  EXPECT_TRUE(h.heap.consistent());
}

TEST(Heap, AFreedBlockIsReused) {
  HostPageSource src;
  HeapOn h(src);
  h.heap.allocate(10);
  void* p = h.heap.allocate(100);
  h.heap.allocate(10);  // p is not at the end: its chunk stays a hole
  h.heap.release(p);
  std::size_t extends = src.extend_calls;
  EXPECT_EQ(h.heap.allocate(100), p);
  EXPECT_EQ(src.extend_calls, extends);
}

TEST(Heap, FreedNeighboursCoalesce) {
  HostPageSource src;
  HeapOn h(src);
  void* a = h.heap.allocate(1000);
  void* b = h.heap.allocate(1000);
  void* c = h.heap.allocate(1000);
  void* guard = h.heap.allocate(1000);
  ASSERT_TRUE(a && b && c && guard);
  std::size_t free_before = h.heap.stats().free_chunks;  // the rest of the break
  h.heap.release(a);
  h.heap.release(c);
  EXPECT_EQ(h.heap.stats().free_chunks, free_before + 2);
  h.heap.release(b);  // joins a and c into one chunk
  EXPECT_EQ(h.heap.stats().free_chunks, free_before + 1);
  EXPECT_TRUE(h.heap.consistent());
  std::size_t extends = src.extend_calls;
  EXPECT_EQ(h.heap.allocate(3000), a);  // fits only in the merged chunk
  EXPECT_EQ(src.extend_calls, extends);
  h.heap.release(guard);
  EXPECT_TRUE(h.heap.consistent());
}

TEST(Heap, ReallocGrowsAndShrinksKeepingTheBytes) {
  HostPageSource src;
  HeapOn h(src);
  void* p = h.heap.reallocate(nullptr, 100);  // realloc(nullptr) allocates
  ASSERT_NE(p, nullptr);
  fill(p, 100, 1);
  void* grown = h.heap.reallocate(p, 2000);  // the free rest of the break is its neighbour
  EXPECT_EQ(grown, p);
  EXPECT_TRUE(holds(grown, 100, 1));
  fill(grown, 2000, 2);
  void* blocker = h.heap.allocate(10);
  void* moved = h.heap.reallocate(grown, 5000);  // the neighbour is taken: moves
  ASSERT_NE(moved, nullptr);
  EXPECT_NE(moved, grown);
  EXPECT_TRUE(holds(moved, 2000, 2));
  void* shrunk = h.heap.reallocate(moved, 50);
  EXPECT_EQ(shrunk, moved);
  EXPECT_TRUE(holds(shrunk, 50, 2));
  EXPECT_LT(h.heap.usable_size(shrunk), 100u);  // the tail went back to the free lists
  void* large = h.heap.reallocate(shrunk, 300000);  // into a mapping of its own
  ASSERT_NE(large, nullptr);
  EXPECT_TRUE(holds(large, 50, 2));
  EXPECT_EQ(h.heap.stats().mapped_blocks, 1u);
  void* back = h.heap.reallocate(large, 64);  // small again: back on the break
  ASSERT_NE(back, nullptr);
  EXPECT_TRUE(holds(back, 50, 2));
  EXPECT_EQ(h.heap.stats().mapped_blocks, 0u);
  EXPECT_TRUE(src.mappings.empty());
  EXPECT_EQ(h.heap.reallocate(back, 0), nullptr);  // realloc(p, 0) frees
  h.heap.release(blocker);
  EXPECT_EQ(h.heap.stats().in_use_blocks, 0u);
  EXPECT_TRUE(h.heap.consistent());
}

TEST(Heap, OutOfMemoryIsNullAndLeavesTheHeapUsable) {
  HostPageSource src(/*break_limit=*/64 * 1024);
  src.map_limit = 256 * 1024;
  HeapOn h(src);
  EXPECT_EQ(h.heap.allocate(std::size_t{1} << 20), nullptr);  // larger than any mapping allowed
  EXPECT_EQ(h.heap.allocate(~std::size_t{0} - 8), nullptr);   // size overflow
  EXPECT_EQ(h.heap.allocate_zeroed(~std::size_t{0} / 2, 3), nullptr);
  std::vector<void*> blocks;
  for (;;) {
    void* p = h.heap.allocate(4000);
    if (!p) break;
    blocks.push_back(p);
    ASSERT_LT(blocks.size(), 100u);
  }
  EXPECT_GE(blocks.size(), 10u);  // ~64 KiB of break was usable
  void* p = blocks.back();
  fill(p, 4000, 5);
  EXPECT_EQ(h.heap.reallocate(p, 60000), nullptr);  // failed realloc keeps p
  EXPECT_TRUE(holds(p, 4000, 5));
  for (void* b : blocks) h.heap.release(b);
  EXPECT_NE(h.heap.allocate(60000), nullptr);  // the freed break serves again
  EXPECT_TRUE(h.heap.consistent());
  Heap no_source{};  // zeroed: no page source at all
  EXPECT_EQ(no_source.allocate(1), nullptr);
  EXPECT_EQ(no_source.allocate(1 << 20), nullptr);
}

TEST(Heap, LargeBlocksGetTheirOwnMappingAndGiveItBack) {
  HostPageSource src;
  HeapOn h(src);
  std::size_t break_before = src.break_used();
  void* big = h.heap.allocate(trona::kHeapMapThreshold);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(src.break_used(), break_before);  // not from the break
  ASSERT_EQ(src.mappings.size(), 1u);
  EXPECT_EQ(h.heap.stats().mapped_blocks, 1u);
  fill(big, trona::kHeapMapThreshold, 4);
  void* zeroed = h.heap.allocate_zeroed(1000, 1000);
  ASSERT_NE(zeroed, nullptr);
  for (std::size_t i = 0; i < 1000000; i += 4093) EXPECT_EQ(static_cast<unsigned char*>(zeroed)[i], 0) << i;
  EXPECT_EQ(src.mappings.size(), 2u);
  h.heap.release(big);
  h.heap.release(zeroed);
  EXPECT_EQ(src.unmap_calls, 2u);
  EXPECT_TRUE(src.mappings.empty());
  EXPECT_EQ(h.heap.stats().mapped_bytes, 0u);
}

TEST(Heap, CallocZeroesReusedBreakMemory) {
  HostPageSource src;
  HeapOn h(src);
  void* p = h.heap.allocate(256);
  std::memset(p, 0xFF, 256);
  h.heap.release(p);
  auto* z = static_cast<unsigned char*>(h.heap.allocate_zeroed(16, 16));
  ASSERT_EQ(static_cast<void*>(z), p);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(z[i], 0) << i;
}

TEST(Heap, NonAdjacentExtensionsBecomeSegments) {
  HostPageSource src(std::size_t{16} << 20, /*gap=*/4096);
  HeapOn h(src);
  std::vector<void*> blocks;
  for (int i = 0; i < 12; ++i) blocks.push_back(h.heap.allocate(30000));  // ~2 per 64 KiB extension
  for (void* b : blocks) ASSERT_NE(b, nullptr);
  EXPECT_GE(src.extend_calls, 5u);
  EXPECT_TRUE(h.heap.consistent());
  for (void* b : blocks) h.heap.release(b);
  EXPECT_TRUE(h.heap.consistent());
  EXPECT_EQ(h.heap.stats().free_chunks, src.extend_calls);  // one free chunk per segment
}

// Random allocate/aligned/realloc/free against a model of the live blocks:
// contents survive, blocks never overlap, the heap stays consistent.
TEST(Heap, SeededStressAgainstAModel) {
  HostPageSource src(std::size_t{64} << 20);
  HeapOn h(src);
  struct Block {
    std::size_t size;
    unsigned seed;
  };
  std::map<char*, Block> live;
  std::mt19937_64 rng(20261121);
  auto pick_size = [&] {
    switch (rng() % 25) {
      case 0: return std::size_t(rng() % 300000);  // sometimes large (mapped)
      case 1: case 2: case 3: return std::size_t(rng() % 8192);
      default: return std::size_t(rng() % 256);
    }
  };
  auto overlaps = [&](char* p, std::size_t n) {
    auto it = live.upper_bound(p);
    if (it != live.end() && p + n > it->first) return true;
    if (it != live.begin() && std::prev(it)->first + std::prev(it)->second.size > p) return true;
    return false;
  };
  auto add = [&](void* vp, std::size_t size, unsigned seed) {
    auto* p = static_cast<char*>(vp);
    ASSERT_FALSE(overlaps(p, size == 0 ? 1 : size));
    fill(p, size, seed);
    live[p] = {size == 0 ? 1 : size, seed};
    if (size == 0) *p = static_cast<char>(seed * 31);
  };
  for (unsigned step = 0; step < 20000; ++step) {
    unsigned op = rng() % 8;  // 0-1 allocate, 2 aligned, 3-5 free, 6-7 realloc
    if (live.empty() || op < 2) {
      std::size_t size = pick_size();
      void* p = h.heap.allocate(size);
      ASSERT_NE(p, nullptr);
      ASSERT_TRUE(aligned(p, 16));
      add(p, size, step);
    } else if (op == 2) {
      std::size_t a = std::size_t{32} << (rng() % 8);
      std::size_t size = pick_size();
      void* p = h.heap.allocate_aligned(a, size);
      ASSERT_NE(p, nullptr);
      ASSERT_TRUE(aligned(p, a));
      add(p, size, step);
    } else {
      auto it = live.begin();
      std::advance(it, static_cast<long>(rng() % live.size()));
      char* p = it->first;
      Block b = it->second;
      ASSERT_TRUE(holds(p, b.size, b.seed)) << step;
      live.erase(it);
      if (op < 6) {
        h.heap.release(p);
      } else {
        std::size_t size = pick_size() + 1;
        void* q = h.heap.reallocate(p, size);
        ASSERT_NE(q, nullptr);
        ASSERT_TRUE(holds(q, size < b.size ? size : b.size, b.seed)) << step;
        add(q, size, step);
      }
    }
    if (step % 500 == 0) {
      ASSERT_TRUE(h.heap.consistent()) << step;
    }
  }
  EXPECT_EQ(h.heap.stats().in_use_blocks, live.size());
  for (auto& [p, b] : live) {
    ASSERT_TRUE(holds(p, b.size, b.seed));
    h.heap.release(p);
  }
  EXPECT_TRUE(h.heap.consistent());
  EXPECT_EQ(h.heap.stats().in_use_blocks, 0u);
  EXPECT_EQ(h.heap.stats().in_use_bytes, 0u);
  EXPECT_TRUE(src.mappings.empty());
}

// The process heap: per process, ENOMEM without a page source (the
// simulator has no default one), EINVAL for a bad alignment.
TEST(ProcessHeap, PerProcessWithErrno) {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 3}};
  kmodel::Kernel k(sched);
  HostPageSource src_a;
  void* a_block = nullptr;
  trona::HeapStats b_stats{};
  int no_source_errno = 0, calloc_errno = 0, align_errno = 0, memalign_result = 0;
  void* no_source = reinterpret_cast<void*>(1);
  kmodel::Process a = k.create_process(
      [&] {
        using trona::posix::errno_ref;
        no_source = trona::malloc(10);
        no_source_errno = errno_ref();
        trona::set_heap_page_source(src_a.source());
        a_block = trona::malloc(100);
        errno_ref() = 0;
        EXPECT_EQ(trona::calloc(~std::size_t{0} / 2, 4), nullptr);
        calloc_errno = errno_ref();
        EXPECT_EQ(trona::aligned_alloc(24, 8), nullptr);
        align_errno = errno_ref();
        void* m = nullptr;
        memalign_result = trona::posix_memalign(&m, 2, 8);  // < sizeof(void*)
        EXPECT_EQ(trona::posix_memalign(&m, 256, 8), 0);
        EXPECT_TRUE(aligned(m, 256));
        trona::free(m);
        void* r = trona::realloc(a_block, 300);
        ASSERT_NE(r, nullptr);
        a_block = r;
        EXPECT_EQ(trona::realloc(trona::malloc(5), 0), nullptr);
      },
      {.name = "a", .start = false});
  kmodel::Process b = k.create_process([&] { b_stats = trona::heap_stats(); }, {.name = "b", .start = false});
  k.start(*a.tcb);
  ASSERT_EQ(sched.run(), sim::RunResult::Idle);
  k.start(*b.tcb);
  ASSERT_EQ(sched.run(), sim::RunResult::Idle);
  EXPECT_EQ(no_source, nullptr);
  EXPECT_EQ(no_source_errno, uapi::kENOMEM);
  EXPECT_EQ(calloc_errno, uapi::kENOMEM);
  EXPECT_EQ(align_errno, uapi::kEINVAL);
  EXPECT_EQ(memalign_result, uapi::kEINVAL);
  ASSERT_NE(a_block, nullptr);
  EXPECT_GE(src_a.break_used(), 4096u);  // a's heap used a's source
  EXPECT_EQ(b_stats.in_use_blocks, 0u);  // b has its own, empty heap
  EXPECT_EQ(b_stats.break_bytes, 0u);
}

}  // namespace
