// mmsrv over real IPC: every client talks to it through trona::MmsrvClient
// and touches memory through the kernel model, whose VM faults (first
// touch, write to a COW page, write to a read-only page) go to mmsrv.
#include <cstring>

#include "mm_harness.h"

namespace mmt {
namespace {

using trona::MmsrvClient;
using trona::MmStats;
using namespace uapi;

constexpr Word kBadgeA = 0x2001;
constexpr Word kBadgeB = 0x2002;
constexpr Word kBadgeChild = 0x2003;

// --- registration ----------------------------------------------------------

TEST(MmsrvIpc, RegisterTwiceIsEexistAndUnknownClientIsEnoent) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    uint64_t va = 0;
    EXPECT_EQ(mm.mmap(0, kPage, kRW, kAnon, &va), kENOENT);  // not registered yet
    EXPECT_EQ(mm.brk(0), kENOENT);
    // A second VSpace cap for the second attempt (the first is moved to mmsrv).
    ASSERT_TRUE(trona::invoke(SLOT_SELF_CNODE, CNODE_COPY, SLOT_SELF_VSPACE, SLOT_SELF_CNODE, kFree, RIGHTS_ALL).ok());
    EXPECT_EQ(register_self(mm, 42), 0);
    EXPECT_EQ(mm.register_client(0, kHeapBase, kMmapBase, 42, kFree), kEEXIST);
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.pid, 42u);
    EXPECT_EQ(s.brk, kHeapBase);
    EXPECT_EQ(s.resident_pages, 0u);
    EXPECT_EQ(mm.stats(kBadgeB, &s), kEACCES);  // another client: privileged only
    EXPECT_EQ(mm.deregister(), 0);
    EXPECT_EQ(mm.stats(0, &s), kENOENT);
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvIpc, RegisterErrors) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    EXPECT_EQ(mm.register_client(0, kHeapBase + 1, kMmapBase, 1, SLOT_SELF_VSPACE), kEINVAL);   // unaligned
    EXPECT_EQ(mm.register_client(0, kHeapBase, Word{1} << 48, 1, SLOT_SELF_VSPACE), kEINVAL);  // kernel half
    EXPECT_EQ(mm.register_client(kBadgeB, kHeapBase, kMmapBase, 1, SLOT_SELF_VSPACE), kEACCES);  // for another
    // Without a cap (empty slot): the transfer itself fails.
    EXPECT_EQ(mm.register_client(0, kHeapBase, kMmapBase, 1, kFree), kEBADF);
    EXPECT_EQ(register_self(mm, 1), 0);
  });
  EXPECT_TRUE(os.run());
}

// --- brk / sbrk -------------------------------------------------------------

TEST(MmsrvIpc, BrkGrowsDemandZeroAndShrinks) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    uint64_t now = 0;
    ASSERT_EQ(mm.brk(kHeapBase + 3 * kPage + 100, &now), 0);
    EXPECT_EQ(now, kHeapBase + 3 * kPage + 100);
    // First touch: demand-zero through a fault to mmsrv.
    EXPECT_EQ(os.k.load<std::uint64_t>(kHeapBase + 8), 0u);
    os.k.store<std::uint64_t>(kHeapBase + 3 * kPage + 16, 0xABCD);
    EXPECT_EQ(os.k.load<std::uint64_t>(kHeapBase + 3 * kPage + 16), 0xABCDu);
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.resident_pages, 2u);
    EXPECT_EQ(s.reserved_pages, 4u);
    EXPECT_EQ(s.faults, 2u);
    // sbrk returns the previous break.
    uint64_t prev = 0;
    ASSERT_EQ(mm.sbrk(-static_cast<int64_t>(3 * kPage + 100), &prev), 0);
    EXPECT_EQ(prev, kHeapBase + 3 * kPage + 100);
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.brk, kHeapBase);
    EXPECT_EQ(s.resident_pages, 0u);
    EXPECT_EQ(s.reserved_pages, 0u);
    // Growing again gives zeroed memory (the old page's bytes are gone).
    ASSERT_EQ(mm.sbrk(static_cast<int64_t>(4 * kPage), &prev), 0);
    EXPECT_EQ(prev, kHeapBase);
    EXPECT_EQ(os.k.load<std::uint64_t>(kHeapBase + 3 * kPage + 16), 0u);
    // Query.
    ASSERT_EQ(mm.brk(0, &now), 0);
    EXPECT_EQ(now, kHeapBase + 4 * kPage);
    // Below the heap base, into an mmap region, past the quota: ENOMEM.
    EXPECT_EQ(mm.brk(kHeapBase - kPage), kENOMEM);
    uint64_t va = 0;
    ASSERT_EQ(mm.mmap(kHeapBase + 8 * kPage, kPage, kRW, kAnon | kMAP_FIXED, &va), 0);
    EXPECT_EQ(mm.brk(kHeapBase + 9 * kPage), kENOMEM);
    ASSERT_EQ(mm.brk(0, &now), 0);
    EXPECT_EQ(now, kHeapBase + 4 * kPage);
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvIpc, QuotaBoundsBrkMmapAndShm) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1, /*quota_pages=*/4), 0);
    uint64_t va = 0;
    ASSERT_EQ(mm.mmap(0, 3 * kPage, kRW, kAnon, &va), 0);
    EXPECT_EQ(mm.mmap(0, 2 * kPage, kRW, kAnon, &va), kENOMEM);
    EXPECT_EQ(mm.brk(kHeapBase + 2 * kPage), kENOMEM);
    ASSERT_EQ(mm.shm_create(7, 2), 0);
    EXPECT_EQ(mm.shm_map(7, 0, 0, kRW, &va), kENOMEM);
    ASSERT_EQ(mm.sbrk(static_cast<int64_t>(kPage)), 0);
    EXPECT_EQ(mm.sbrk(1), kENOMEM);
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.reserved_pages, 4u);
    EXPECT_EQ(s.quota_pages, 4u);
  });
  EXPECT_TRUE(os.run());
}

// --- mmap / munmap ----------------------------------------------------------

TEST(MmsrvIpc, MmapDemandZeroAndPlacement) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    uint64_t a = 0, b = 0, c = 0;
    ASSERT_EQ(mm.mmap(0, 2 * kPage, kRW, kAnon, &a), 0);
    EXPECT_EQ(a, kMmapBase);
    ASSERT_EQ(mm.mmap(0, 100, kPROT_READ, kAnon, &b), 0);  // length rounds up
    EXPECT_EQ(b, kMmapBase + 2 * kPage);
    // A taken hint moves on; a free hint is used.
    ASSERT_EQ(mm.mmap(kMmapBase, kPage, kRW, kAnon, &c), 0);
    EXPECT_EQ(c, kMmapBase + 3 * kPage);
    ASSERT_EQ(mm.mmap(kMmapBase + 64 * kPage, kPage, kRW, kAnon, &c), 0);
    EXPECT_EQ(c, kMmapBase + 64 * kPage);
    // Demand zero: reads as zeros, writes stick, a read-only region reads zeros.
    std::uint8_t buf[64];
    os.k.read(a + kPage + 100, buf, sizeof buf);
    for (std::uint8_t x : buf) EXPECT_EQ(x, 0);
    os.k.store<std::uint32_t>(a + 4, 77);
    EXPECT_EQ(os.k.load<std::uint32_t>(a + 4), 77u);
    EXPECT_EQ(os.k.load<std::uint64_t>(b), 0u);
    // MM_PAGER_REQUEST backs a page without a fault.
    MmStats s0, s1;
    ASSERT_EQ(mm.stats(0, &s0), 0);
    EXPECT_EQ(mm.pager_request(c, true), 0);
    ASSERT_EQ(mm.stats(0, &s1), 0);
    EXPECT_EQ(s1.resident_pages, s0.resident_pages + 1);
    EXPECT_EQ(mm.pager_request(kMmapBase + 1000 * kPage, false), kEFAULT);
    EXPECT_EQ(mm.pager_request(b, true), kEACCES);  // read-only region
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvIpc, MmapErrors) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    uint64_t va = 0;
    EXPECT_EQ(mm.mmap(0, 0, kRW, kAnon, &va), kEINVAL);                                       // empty
    EXPECT_EQ(mm.mmap(0, kPage, kPROT_WRITE | kPROT_EXEC, kAnon, &va), kEINVAL);              // W+X
    EXPECT_EQ(mm.mmap(0, kPage, 0x80, kAnon, &va), kEINVAL);                                  // unknown prot
    EXPECT_EQ(mm.mmap(0, kPage, kRW, kMAP_PRIVATE, &va), kEINVAL);                            // not anonymous
    EXPECT_EQ(mm.mmap(0, kPage, kRW, kMAP_ANONYMOUS, &va), kEINVAL);                          // neither shared nor private
    EXPECT_EQ(mm.mmap(kMmapBase + 1, kPage, kRW, kAnon | kMAP_FIXED, &va), kEINVAL);          // unaligned
    EXPECT_EQ(mm.mmap(Word{1} << 47, kPage, kRW, kAnon | kMAP_FIXED, &va), kEFAULT);          // kernel half
    EXPECT_EQ(mm.mmap(Word{1} << 48, kPage, kRW, kAnon, &va), kEFAULT);                       // hint there
    EXPECT_EQ(mm.mmap(0, Word{1} << 50, kRW, kAnon, &va), kEINVAL);                           // too long
    ASSERT_EQ(mm.mmap(kMmapBase, 4 * kPage, kRW, kAnon | kMAP_FIXED, &va), 0);
    EXPECT_EQ(mm.mmap(kMmapBase + 2 * kPage, 4 * kPage, kRW, kAnon | kMAP_FIXED, &va), kEEXIST);  // overlap
    EXPECT_EQ(mm.munmap(kMmapBase + 1, kPage), kEINVAL);
    EXPECT_EQ(mm.munmap(kMmapBase, 0), kEINVAL);
    EXPECT_EQ(mm.munmap(Word{1} << 47, kPage), kEFAULT);
    EXPECT_EQ(mm.munmap(kMmapBase + 100 * kPage, kPage), 0);  // nothing there: fine (Linux)
    EXPECT_EQ(mm.mprotect(kMmapBase + 1, kPage, kPROT_READ), kEINVAL);
    EXPECT_EQ(mm.mprotect(kMmapBase, kPage, kPROT_WRITE | kPROT_EXEC), kEINVAL);
    EXPECT_EQ(mm.mprotect(kMmapBase + 3 * kPage, 2 * kPage, kPROT_READ), kENOMEM);  // runs past the region
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvIpc, OutOfFramesIsReportedNotResumed) {
  MmOs os(/*untyped_bits=*/14);  // 4 frames: the zero page and 3 more
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    uint64_t va = 0;
    ASSERT_EQ(mm.mmap(0, 8 * kPage, kRW, kAnon, &va), 0);
    EXPECT_EQ(mm.pager_request(va, true), 0);
    EXPECT_EQ(mm.pager_request(va + kPage, true), 0);
    EXPECT_EQ(mm.pager_request(va + 2 * kPage, true), 0);
    EXPECT_EQ(mm.pager_request(va + 3 * kPage, true), kENOMEM);
    // Freed frames are reused (zeroed).
    os.k.store<std::uint64_t>(va, 5);
    ASSERT_EQ(mm.munmap(va, kPage), 0);
    EXPECT_EQ(mm.pager_request(va + 3 * kPage, false), 0);
    EXPECT_EQ(os.k.load<std::uint64_t>(va + 3 * kPage), 0u);
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvIpc, MunmapMakesAccessFaultAndSplits) {
  MmOs os;
  Word bad_addr = 0;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    uint64_t va = 0;
    ASSERT_EQ(mm.mmap(0, 3 * kPage, kRW, kAnon, &va), 0);
    for (int i = 0; i < 3; ++i) os.k.store<std::uint64_t>(va + i * kPage, 10 + i);
    ASSERT_EQ(mm.munmap(va + kPage, kPage), 0);  // the middle page
    EXPECT_EQ(os.k.load<std::uint64_t>(va), 10u);
    EXPECT_EQ(os.k.load<std::uint64_t>(va + 2 * kPage), 12u);
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.resident_pages, 2u);
    EXPECT_EQ(s.reserved_pages, 2u);
    bad_addr = va + kPage + 8;
    (void)os.k.load<std::uint64_t>(bad_addr);  // faults; mmsrv refuses; never returns
    ADD_FAILURE() << "access to an unmapped page returned";
  });
  Word seen_pid = 0, seen_addr = 0, seen_reason = 0;
  os.client("watcher", 1, [&] {
    MmsrvClient mm;
    trona::MmFaultReport r[6];
    size_t n = 0;
    for (int i = 0; i < 100 && n == 0; ++i) {
      ASSERT_EQ(mm.dump_pending(r, 6, &n), 0);
      if (n == 0) trona::yield();
    }
    ASSERT_EQ(n, 1u);
    seen_pid = r[0].pid;
    seen_addr = r[0].addr;
    seen_reason = r[0].reason();
  });
  EXPECT_TRUE(os.run(/*expect_finished=*/1));
  EXPECT_EQ(seen_pid, 1u);
  EXPECT_EQ(seen_addr, bad_addr);
  EXPECT_EQ(seen_reason, trona::kMmSegvMapErr);
}

}  // namespace
}  // namespace mmt
