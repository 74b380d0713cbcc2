// The process heap (trona::malloc ...) in a simulated process over mmsrv:
// the simulator's default page source asks mmsrv for the break (MM_SBRK)
// and for large blocks (MM_MMAP / MM_MUNMAP), so every page the heap holds
// is reserved and charged to the client's quota, and a request beyond the
// quota is nullptr with ENOMEM; the bytes themselves are host bytes kept on
// the client's VSpace (trona/core/heap_backend.h).
#include <algorithm>
#include <cstring>
#include <vector>

#include "../heap_pattern.h"
#include "sim/host/trona_backend/heap_bytes.h"
#include "mm_harness.h"
#include "trona/core/heap.h"
#include "trona/posix/errno.h"

namespace mmt {
namespace {

using trona::MmsrvClient;
using trona::MmStats;
using heaptest::fill;
using heaptest::holds;
using heaptest::zero;

constexpr Word kBadgeA = 0x2001;

Word reserved_pages() {
  MmStats s;
  EXPECT_EQ(MmsrvClient().stats(0, &s), 0);
  return s.reserved_pages;
}

TEST(MmsrvHeap, TheHeapGrowsThroughMmsrvAndIsChargedToTheQuota) {
  MmOs os;
  Process a;
  a = os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1, 512), 0);  // 2 MiB
    EXPECT_EQ(reserved_pages(), 0u);

    // Many small blocks: the break, one segment in one host reservation.
    std::vector<char*> small;
    for (unsigned i = 0; i < 1000; ++i) {
      std::size_t n = i * 37 % 300 + 1;
      auto* p = static_cast<char*>(trona::malloc(n));
      ASSERT_NE(p, nullptr) << i;
      fill(p, n, i);
      small.push_back(p);
    }
    for (unsigned i = 0; i < small.size(); ++i) EXPECT_TRUE(holds(small[i], i * 37 % 300 + 1, i)) << i;
    trona::HeapStats st = trona::heap_stats();
    EXPECT_EQ(st.in_use_blocks, 1000u);
    ASSERT_GT(st.break_bytes, 0u);
    const Word break_pages = st.break_bytes / kPage;
    EXPECT_EQ(reserved_pages(), break_pages);  // every break page charged
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.brk, kHeapBase + st.break_bytes);
    EXPECT_EQ(s.resident_pages, 0u);  // the simulated frames are never touched (the deviation)
    auto [lo, hi] = std::minmax_element(small.begin(), small.end());
    EXPECT_LT(static_cast<std::size_t>(*hi - *lo), st.break_bytes);  // adjacent extensions, adjacent bytes
    EXPECT_EQ(saltysim::heap_host_blocks(*a.vspace), 1u);

    // Large blocks: a mapping each, charged while they live.
    constexpr std::size_t kBig = 300 * 1024;
    auto* big = static_cast<char*>(trona::malloc(kBig));
    ASSERT_NE(big, nullptr);
    Word with_big = reserved_pages();
    EXPECT_GE((with_big - break_pages) * kPage, kBig);
    EXPECT_LE((with_big - break_pages) * kPage, kBig + kPage);
    fill(big, kBig, 5);
    auto* zeroed = static_cast<char*>(trona::calloc(200, 1024));
    ASSERT_NE(zeroed, nullptr);
    EXPECT_TRUE(zero(zeroed, 200 * 1024));
    EXPECT_EQ(trona::heap_stats().mapped_blocks, 2u);
    EXPECT_EQ(saltysim::heap_host_blocks(*a.vspace), 3u);
    // realloc from the break into a mapping keeps the bytes.
    auto* grown = static_cast<char*>(trona::realloc(small[999], 150 * 1024));
    ASSERT_NE(grown, nullptr);
    EXPECT_TRUE(holds(grown, 999 * 37 % 300 + 1, 999));
    small[999] = grown;
    EXPECT_TRUE(holds(big, kBig, 5));

    trona::free(big);
    trona::free(zeroed);
    trona::free(grown);
    small.pop_back();
    EXPECT_EQ(trona::heap_stats().mapped_blocks, 0u);
    EXPECT_EQ(reserved_pages(), break_pages);  // the mappings' charge given back
    EXPECT_EQ(saltysim::heap_host_blocks(*a.vspace), 1u);
    for (char* p : small) trona::free(p);
    st = trona::heap_stats();
    EXPECT_EQ(st.in_use_blocks, 0u);
    EXPECT_EQ(st.free_chunks, 1u);  // everything merged back into one chunk
    EXPECT_EQ(st.break_bytes, break_pages * kPage);
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvHeap, BeyondTheQuotaMallocIsNullWithEnomem) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    constexpr Word kQuota = 64;  // 256 KiB
    ASSERT_EQ(register_self(mm, 1, kQuota), 0);
    using trona::posix::errno_ref;

    errno_ref() = 0;
    EXPECT_EQ(trona::malloc(300 * 1024), nullptr);  // a mapping over the quota
    EXPECT_EQ(errno_ref(), uapi::kENOMEM);
    EXPECT_EQ(reserved_pages(), 0u);

    // The break up to the quota, then nullptr; what was handed out stays good.
    std::vector<void*> blocks;
    errno_ref() = 0;
    for (unsigned i = 0; i < 1000; ++i) {
      void* p = trona::malloc(1000);
      if (!p) break;
      fill(p, 1000, i);
      blocks.push_back(p);
    }
    EXPECT_EQ(errno_ref(), uapi::kENOMEM);
    EXPECT_GT(blocks.size(), 200u);
    EXPECT_LT(blocks.size() * 1000, kQuota * kPage);
    EXPECT_LE(reserved_pages(), kQuota);
    EXPECT_EQ(reserved_pages() * kPage, trona::heap_stats().break_bytes);
    for (unsigned i = 0; i < blocks.size(); ++i) EXPECT_TRUE(holds(blocks[i], 1000, i)) << i;
    void* big = nullptr;
    EXPECT_NE(trona::posix_memalign(&big, 64, 200 * 1024), 0);
    EXPECT_EQ(trona::realloc(blocks[0], 200 * 1024), nullptr);  // left untouched
    EXPECT_TRUE(holds(blocks[0], 1000, 0));

    // Freed memory is reused without asking mmsrv again.
    for (void* p : blocks) trona::free(p);
    Word at_limit = reserved_pages();
    void* again = trona::malloc(100 * 1024);
    EXPECT_NE(again, nullptr);
    trona::free(again);
    EXPECT_EQ(reserved_pages(), at_limit);
    EXPECT_EQ(trona::heap_stats().in_use_blocks, 0u);
  });
  EXPECT_TRUE(os.run());
}

}  // namespace
}  // namespace mmt
