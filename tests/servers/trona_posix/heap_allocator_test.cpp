// lib::Allocator over the trona heap (trona/core/heap_allocator.h): the
// servers/lib containers on a trona::Heap over a host page source, and on
// the process heap in a simulated process. The heap stays consistent and is
// empty again once the containers are gone.
#include <gtest/gtest.h>

#include <cstdint>

#include "host_page_source.h"
#include "kernel_model/kernel.h"
#include "lib/hash_map.h"
#include "lib/string.h"
#include "lib/tree_map.h"
#include "lib/vector.h"
#include "trona/core/heap.h"
#include "trona/core/heap_allocator.h"

namespace {

using heaptest::HostPageSource;

lib::String text(lib::Allocator a, int n) {
  lib::String s(a);
  EXPECT_TRUE(s.append("entry-"));
  for (int i = 0; i < n % 40; ++i) EXPECT_TRUE(s.append(char('a' + i % 26)));
  return s;
}

TEST(HeapAllocator, ContainersOnAHeapLeaveItEmpty) {
  HostPageSource src;
  trona::Heap heap{};
  heap.init(src.source());
  lib::Allocator a = trona::make_heap_allocator(heap);
  {
    lib::Vector<std::uint64_t> v(a);
    for (std::uint64_t i = 0; i < 40000; ++i) ASSERT_TRUE(v.push_back(i * 3));  // past the mapping threshold
    EXPECT_GE(heap.stats().mapped_blocks, 1u);
    lib::TreeMap<int, lib::String> tree(a);
    lib::HashMap<lib::String, int> hash(a);
    for (int i = 0; i < 2000; ++i) {
      ASSERT_TRUE(tree.insert(int(i), text(a, i)).inserted);
      lib::String k(a);
      ASSERT_TRUE(k.assign(tree.find(i)->view()));
      ASSERT_TRUE(k.append(char('0' + i % 10)));
      ASSERT_TRUE(k.append(char('0' + i / 10 % 10)));
      ASSERT_TRUE(k.append(char('0' + i / 100 % 10)));
      ASSERT_TRUE(k.append(char('0' + i / 1000)));
      ASSERT_TRUE(hash.insert(lib::move(k), int(i)).inserted);
    }
    EXPECT_TRUE(heap.consistent());
    for (int i = 0; i < 2000; i += 2) ASSERT_TRUE(tree.erase(i));
    EXPECT_TRUE(tree.check_invariants());
    EXPECT_EQ(hash.size(), 2000u);
    EXPECT_EQ(v[39999], 39999u * 3);
    EXPECT_TRUE(heap.consistent());
    EXPECT_GT(heap.stats().in_use_blocks, 1000u);
  }
  EXPECT_TRUE(heap.consistent());
  EXPECT_EQ(heap.stats().in_use_blocks, 0u);
  EXPECT_EQ(heap.stats().in_use_bytes, 0u);
  EXPECT_EQ(heap.stats().mapped_blocks, 0u);
  EXPECT_TRUE(src.mappings.empty());
}

TEST(HeapAllocator, AnExhaustedHeapIsAFailedGrowth) {
  HostPageSource src(64 * 1024);  // a small break and no mappings
  src.map_limit = 0;
  trona::Heap heap{};
  heap.init(src.source());
  {
    lib::Vector<std::uint32_t> v(trona::make_heap_allocator(heap));
    std::uint32_t n = 0;
    while (v.push_back(n)) ++n;
    EXPECT_GT(n, 1000u);
    EXPECT_EQ(v.size(), n);
    for (std::uint32_t i = 0; i < n; ++i) ASSERT_EQ(v[i], i);
    EXPECT_TRUE(heap.consistent());
  }
  EXPECT_TRUE(heap.consistent());
  EXPECT_EQ(heap.stats().in_use_blocks, 0u);
}

TEST(HeapAllocator, TheProcessHeap) {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 5}};
  kmodel::Kernel k(sched);
  HostPageSource src;
  trona::HeapStats during{}, after{};
  bool consistent = false;
  kmodel::Process p = k.create_process(
      [&] {
        trona::set_heap_page_source(src.source());
        {
          lib::TreeMap<int, int> m(trona::heap_allocator());
          for (int i = 0; i < 500; ++i) EXPECT_TRUE(m.insert(int(i), i * 2).inserted);
          EXPECT_EQ(*m.find(250), 500);
          consistent = m.check_invariants();
          during = trona::heap_stats();
        }
        after = trona::heap_stats();
      },
      {.name = "p", .start = false});
  k.start(*p.tcb);
  ASSERT_EQ(sched.run(), sim::RunResult::Idle);
  EXPECT_TRUE(consistent);
  EXPECT_EQ(during.in_use_blocks, 500u);
  EXPECT_EQ(after.in_use_blocks, 0u);
  EXPECT_GE(src.break_used(), 4096u);
}

}  // namespace
