// mmsrv's labels past the basics over real IPC, through trona::MmsrvClient
// only: MM_PAGER_WRITE_REQUEST, shared regions (MM_REGISTER_SHARED_REGION,
// MM_MAP_OBJECT_REGION), procmgr's alloc/copy helpers (0x9E–0xA3).
#include "mm_harness.h"
#include "trona/core/client.h"

namespace mmt {
namespace {

using trona::MmsrvClient;
using trona::MmStats;
using namespace uapi;

constexpr Word kProcmgrBadge = 1;  // privileged
constexpr Word kBadgeA = 0x3001;
constexpr Word kBadgeChild = 0x3003;
constexpr Word kUnknownBadge = 0x3999;
constexpr Word kRegionVa = 0x5000'0000;
constexpr Word kWindowVa = 0x6000'0000;

TEST(MmsrvAlloc, PagerWriteRequestBacksAndBreaksCopyOnWrite) {
  MmOs os;
  Word base = 0, ro = 0;
  bool forked = false, parent_done = false;
  kmodel::Process child = os.client("child", kBadgeChild, [&] {
    while (!parent_done) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(base), 100u);  // the parent's later write is not seen
  });
  kmodel::Process parent = os.client("parent", kBadgeA, [&] {
    MmsrvClient mm;
    EXPECT_EQ(mm.pager_write_request(kMmapBase), kENOENT);  // not registered yet
    ASSERT_EQ(register_self(mm, 1), 0);
    ASSERT_EQ(mm.mmap(0, 2 * kPage, kRW, kAnon, &base), 0);
    ASSERT_EQ(mm.mmap(0, kPage, kPROT_READ, kAnon, &ro), 0);
    MmStats s0, s1;
    ASSERT_EQ(mm.stats(0, &s0), 0);
    ASSERT_EQ(mm.pager_write_request(base + kPage + 8), 0);  // first touch: a zeroed frame
    ASSERT_EQ(mm.stats(0, &s1), 0);
    EXPECT_EQ(s1.resident_pages, s0.resident_pages + 1);
    EXPECT_EQ(os.k.load<std::uint64_t>(base + kPage), 0u);
    EXPECT_EQ(mm.pager_write_request(ro), kEACCES);                      // read-only region
    EXPECT_EQ(mm.pager_write_request(kMmapBase + 500 * kPage), kEFAULT);  // no region
    EXPECT_EQ(mm.pager_write_request(Word{1} << 47), kEFAULT);           // kernel half
    os.k.store<std::uint64_t>(base, 100);
    ASSERT_EQ(mm.fork_regions(kBadgeChild, 2, kFree), 0);
    forked = true;
    // The page is copy-on-write in both now: the write request copies it.
    ASSERT_EQ(mm.pager_write_request(base), 0);
    ASSERT_EQ(mm.stats(0, &s1), 0);
    EXPECT_EQ(s1.cow_copies, 1u);
    ASSERT_EQ(mm.pager_write_request(base), 0);  // already private: no second copy
    ASSERT_EQ(mm.stats(0, &s1), 0);
    EXPECT_EQ(s1.cow_copies, 1u);
    os.k.store<std::uint64_t>(base, 300);  // no fault needed any more
    ASSERT_EQ(mm.stats(0, &s0), 0);
    EXPECT_EQ(s0.faults, s1.faults);
    EXPECT_EQ(os.k.load<std::uint64_t>(base), 300u);
    parent_done = true;
  });
  os.k.install(*parent.cnode, kFree, *child.vspace);
  EXPECT_TRUE(os.run());
  EXPECT_TRUE(forked);
}

TEST(MmsrvAlloc, PrivateRegionAndWindowInAnotherClient) {
  MmOs os;
  bool registered = false, laid_out = false;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    registered = true;
    while (!laid_out) trona::yield();
    // The region procmgr allocated is demand-zero and private to us.
    EXPECT_EQ(os.k.load<std::uint64_t>(kRegionVa + kPage), 0u);
    os.k.store<std::uint64_t>(kRegionVa, 42);
    EXPECT_EQ(os.k.load<std::uint64_t>(kRegionVa), 42u);
    EXPECT_EQ(mm.pager_request(kWindowVa, false), kEACCES);  // a window is never backed
    Word va = 0;
    ASSERT_EQ(mm.mmap(0, kPage, kRW, kAnon, &va), 0);
    EXPECT_EQ(va, kMmapBase);  // nothing was placed at the mmap base
    // Unprivileged: only for itself.
    EXPECT_EQ(mm.alloc_private_region(kUnknownBadge, kRegionVa, kPage, kRW), kEACCES);
    EXPECT_EQ(mm.alloc_private_window(kProcmgrBadge, kWindowVa, kPage), kEACCES);
    Word own = 0;
    ASSERT_EQ(mm.alloc_private_region(0, kRegionVa + 16 * kPage, kPage, kPROT_READ, &own), 0);
    EXPECT_EQ(own, kRegionVa + 16 * kPage);
    EXPECT_EQ(mm.pager_write_request(own), kEACCES);  // read-only as asked
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.reserved_pages, 2u + 1u + 1u);  // region, mmap, own region (windows reserve nothing)
  });
  os.client("procmgr", kProcmgrBadge, [&] {
    MmsrvClient mm;
    while (!registered) trona::yield();
    Word va = 0, w = 0;
    ASSERT_EQ(mm.alloc_private_region(kBadgeA, kRegionVa, 2 * kPage - 100, kRW, &va), 0);  // rounded up
    EXPECT_EQ(va, kRegionVa);
    ASSERT_EQ(mm.alloc_private_window(kBadgeA, kWindowVa, 4 * kPage, &w), 0);
    EXPECT_EQ(w, kWindowVa);
    // Errors.
    EXPECT_EQ(mm.alloc_private_region(kUnknownBadge, kRegionVa, kPage, kRW), kENOENT);
    EXPECT_EQ(mm.alloc_private_region(0, kRegionVa, kPage, kRW), kENOENT);  // procmgr is no client here
    EXPECT_EQ(mm.alloc_private_region(kBadgeA, kRegionVa + kPage, kPage, kRW), kEEXIST);  // overlap
    EXPECT_EQ(mm.alloc_private_region(kBadgeA, kWindowVa + 3 * kPage, 2 * kPage, kRW), kEEXIST);
    EXPECT_EQ(mm.alloc_private_region(kBadgeA, kRegionVa + 8 * kPage + 1, kPage, kRW), kEINVAL);  // unaligned
    EXPECT_EQ(mm.alloc_private_region(kBadgeA, 0, kPage, kRW), kEINVAL);                         // no address
    EXPECT_EQ(mm.alloc_private_region(kBadgeA, kRegionVa + 8 * kPage, 0, kRW), kEINVAL);         // empty
    EXPECT_EQ(mm.alloc_private_region(kBadgeA, kRegionVa + 8 * kPage, kPage, kPROT_WRITE | kPROT_EXEC),
              kEINVAL);                                                                          // W+X
    EXPECT_EQ(mm.alloc_private_region(kBadgeA, Word{1} << 47, kPage, kRW), kEFAULT);              // kernel half
    EXPECT_EQ(mm.alloc_private_region(kBadgeA, (Word{1} << 47) - kPage, 2 * kPage, kRW), kEFAULT);  // crosses it
    EXPECT_EQ(mm.alloc_private_window(kBadgeA, kWindowVa, kPage), kEEXIST);
    EXPECT_EQ(mm.alloc_private_window(kBadgeA, kRegionVa, kPage), kEEXIST);
    EXPECT_EQ(mm.alloc_private_window(kBadgeA, kWindowVa + 8 * kPage + 8, kPage), kEINVAL);
    EXPECT_EQ(mm.alloc_private_window(kBadgeA, 0, kPage), kEINVAL);
    EXPECT_EQ(mm.alloc_private_window(kBadgeA, kWindowVa + 8 * kPage, 0), kEINVAL);
    EXPECT_EQ(mm.alloc_private_window(kBadgeA, Word{1} << 47, kPage), kEFAULT);
    EXPECT_EQ(mm.alloc_private_window(kUnknownBadge, kWindowVa, kPage), kENOENT);
    laid_out = true;
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvAlloc, RegionQuotaIsCharged) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1, 2), 0);  // quota: 2 pages
    EXPECT_EQ(mm.alloc_private_region(0, kRegionVa, 3 * kPage, kRW), kENOMEM);
    EXPECT_EQ(mm.alloc_private_region(0, kRegionVa, 2 * kPage, kRW), 0);
    EXPECT_EQ(mm.alloc_private_window(0, kWindowVa, 64 * kPage), 0);  // windows are not charged
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvAlloc, CopyFromClientRegionCopiesPagesNotSharesThem) {
  MmOs os;
  Word src = 0, dst = 0, ro = 0;
  bool ready_a = false, ready_b = false, copied = false, a_rewrote = false, done = false;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    ASSERT_EQ(mm.mmap(0, 3 * kPage, kRW, kAnon, &src), 0);  // page 2 is never touched
    os.k.store<std::uint64_t>(src, 11);
    os.k.store<std::uint64_t>(src + kPage + 8, 22);
    ready_a = true;
    while (!copied) trona::yield();
    os.k.store<std::uint64_t>(src, 33);  // after the copy: B keeps 11
    a_rewrote = true;
  });
  os.client("b", kBadgeChild, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 2), 0);
    ASSERT_EQ(mm.mmap(0, 3 * kPage, kRW, kAnon, &dst), 0);
    ASSERT_EQ(mm.mmap(0, kPage, kPROT_READ, kAnon, &ro), 0);
    os.k.store<std::uint64_t>(dst + 2 * kPage, 99);  // overwritten by the source's zero page
    // Unprivileged: only between its own regions.
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, src, 0, dst, kPage), kEACCES);
    EXPECT_EQ(mm.alloc_private_copy_from_client_region(0, dst, kBadgeA, kRegionVa, kPage, kRW), kEACCES);
    ready_b = true;
    while (!a_rewrote) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(dst), 11u);
    EXPECT_EQ(os.k.load<std::uint64_t>(dst + kPage + 8), 22u);
    EXPECT_EQ(os.k.load<std::uint64_t>(dst + 2 * kPage), 0u);
    EXPECT_EQ(os.k.load<std::uint64_t>(kRegionVa), 11u);  // the private copy, read-only
    EXPECT_EQ(os.k.load<std::uint64_t>(kRegionVa + kPage + 8), 22u);
    EXPECT_EQ(mm.pager_write_request(kRegionVa), kEACCES);
    os.k.store<std::uint64_t>(dst, 44);  // B's own page: A is not affected
    // Within one client: non-overlapping ranges only.
    EXPECT_EQ(mm.copy_from_client_region(0, dst, 0, dst + kPage, 2 * kPage), kEINVAL);
    ASSERT_EQ(mm.copy_from_client_region(0, dst, 0, dst + kPage, kPage), 0);
    EXPECT_EQ(os.k.load<std::uint64_t>(dst + kPage), 44u);
    done = true;
  });
  os.client("procmgr", kProcmgrBadge, [&] {
    MmsrvClient mm;
    while (!ready_a || !ready_b) trona::yield();
    ASSERT_EQ(mm.copy_from_client_region(kBadgeA, src, kBadgeChild, dst, 3 * kPage - 5), 0);  // rounded up
    Word va = 0;
    ASSERT_EQ(mm.alloc_private_copy_from_client_region(kBadgeA, src, kBadgeChild, kRegionVa, 2 * kPage,
                                                       kPROT_READ, &va),
              0);
    EXPECT_EQ(va, kRegionVa);
    // Errors.
    EXPECT_EQ(mm.copy_from_client_region(kUnknownBadge, src, kBadgeChild, dst, kPage), kENOENT);
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, src, kUnknownBadge, dst, kPage), kENOENT);
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, src + 8, kBadgeChild, dst, kPage), kEINVAL);  // unaligned
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, src, kBadgeChild, dst + 8, kPage), kEINVAL);
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, src, kBadgeChild, dst, 0), kEINVAL);  // empty
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, Word{1} << 47, kBadgeChild, dst, kPage), kEFAULT);
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, src, kBadgeChild, Word{1} << 47, kPage), kEFAULT);
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, kMmapBase + 900 * kPage, kBadgeChild, dst, kPage),
              kEFAULT);  // no source region
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, src, kBadgeChild, kMmapBase + 900 * kPage, kPage),
              kEFAULT);  // no destination region
    EXPECT_EQ(mm.copy_from_client_region(kBadgeA, src, kBadgeChild, ro, kPage), kEACCES);  // read-only
    MmStats s0, s1;
    ASSERT_EQ(mm.stats(kBadgeChild, &s0), 0);
    EXPECT_EQ(mm.alloc_private_copy_from_client_region(kBadgeA, src, kBadgeChild, kRegionVa + kPage, kPage,
                                                       kRW),
              kEEXIST);  // overlaps the copy made above
    EXPECT_EQ(mm.alloc_private_copy_from_client_region(kBadgeA, src, kBadgeChild, kRegionVa + 16 * kPage, kPage,
                                                       kPROT_NONE),
              kEINVAL);
    // The source ends inside the range: nothing of the new region stays.
    EXPECT_EQ(mm.alloc_private_copy_from_client_region(kBadgeA, src + kPage, kBadgeChild, kRegionVa + 16 * kPage,
                                                       8 * kPage, kRW),
              kEFAULT);
    ASSERT_EQ(mm.stats(kBadgeChild, &s1), 0);
    EXPECT_EQ(s1.regions, s0.regions);
    EXPECT_EQ(s1.reserved_pages, s0.reserved_pages);
    copied = true;
    while (!done) trona::yield();
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvAlloc, SharedRegionIsMappedWithTheSameFrames) {
  MmOs os;
  Word va = 0;
  bool shared = false, b_wrote = false, a_wrote = false;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    Word heap = 0, w = 0, other = 0;
    ASSERT_EQ(mm.mmap(0, 2 * kPage, kRW, kAnon, &va), 0);
    ASSERT_EQ(mm.mmap(0, 2 * kPage, kRW, kAnon, &other), 0);
    ASSERT_EQ(mm.sbrk(static_cast<int64_t>(kPage), &heap), 0);
    ASSERT_EQ(mm.map_window(kPage, 0, &w), 0);
    os.k.store<std::uint64_t>(va, 5);  // resident before: its frame becomes the object's
    // Errors.
    EXPECT_EQ(mm.register_shared_region(7, va + 8, kPage), kEINVAL);                    // unaligned
    EXPECT_EQ(mm.register_shared_region(7, va, 0), kEINVAL);                            // empty
    EXPECT_EQ(mm.register_shared_region(7, va, kPage), kEINVAL);                        // part of a region
    EXPECT_EQ(mm.register_shared_region(7, va, 3 * kPage), kEINVAL);                    // more than one
    EXPECT_EQ(mm.register_shared_region(7, heap, kPage), kEINVAL);                      // the heap
    EXPECT_EQ(mm.register_shared_region(7, w, kPage), kEINVAL);                         // a window
    EXPECT_EQ(mm.register_shared_region(7, kMmapBase + 900 * kPage, kPage), kEFAULT);  // no region
    EXPECT_EQ(mm.register_shared_region(7, Word{1} << 47, kPage), kEFAULT);
    ASSERT_EQ(mm.register_shared_region(7, va, 2 * kPage), 0);
    EXPECT_EQ(mm.register_shared_region(7, other, 2 * kPage), kEEXIST);  // id taken
    EXPECT_EQ(mm.map_object_region(7, kBadgeChild, 0, kRW, &w), kEACCES);  // into another: privileged
    EXPECT_EQ(mm.shm_destroy(7), kEBUSY);  // still mapped (here)
    shared = true;
    while (!b_wrote) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(va + kPage), 6u);  // B's write, in a page A never touched
    os.k.store<std::uint64_t>(va, 8);
    a_wrote = true;
  });
  os.client("b", kBadgeChild, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 2), 0);
    Word vb = 0;
    while (!shared) trona::yield();
    EXPECT_EQ(mm.map_object_region(8, 0, 0, kRW, &vb), kENOENT);  // no such object
    ASSERT_EQ(mm.map_object_region(7, 0, 0, kRW, &vb), 0);
    EXPECT_EQ(os.k.load<std::uint64_t>(vb), 5u);
    os.k.store<std::uint64_t>(vb + kPage, 6);
    b_wrote = true;
    while (!a_wrote) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(vb), 8u);
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvAlloc, CopyOnWritePagesCannotBeShared) {
  MmOs os;
  kmodel::Process child = os.client("child", kBadgeChild, [&] {});
  kmodel::Process parent = os.client("parent", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    Word va = 0;
    ASSERT_EQ(mm.mmap(0, kPage, kRW, kAnon, &va), 0);
    os.k.store<std::uint64_t>(va, 1);
    ASSERT_EQ(mm.fork_regions(kBadgeChild, 2, kFree), 0);
    EXPECT_EQ(mm.register_shared_region(7, va, kPage), kEBUSY);  // copy-on-write with the child
    ASSERT_EQ(mm.pager_write_request(va), 0);                      // now private again
    EXPECT_EQ(mm.register_shared_region(7, va, kPage), 0);
  });
  os.k.install(*parent.cnode, kFree, *child.vspace);
  EXPECT_TRUE(os.run());
}

TEST(MmsrvAlloc, InitrdAndBootinfoCopiesAreNotAvailableToMmsrv) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    EXPECT_EQ(mm.alloc_initrd_copy(0, kRegionVa), kEACCES);
    EXPECT_EQ(mm.alloc_bootinfo_copy(0, kRegionVa), kEACCES);
  });
  os.client("procmgr", kProcmgrBadge, [&] {
    MmsrvClient mm;
    // mmsrv is given no initrd or boot-info capability at boot.
    EXPECT_EQ(mm.alloc_initrd_copy(kBadgeA, kRegionVa), kENOENT);
    EXPECT_EQ(mm.alloc_bootinfo_copy(kBadgeA, kRegionVa), kENOENT);
  });
  EXPECT_TRUE(os.run());
}

}  // namespace
}  // namespace mmt
