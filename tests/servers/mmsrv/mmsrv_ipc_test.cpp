// mmsrv over real IPC: every client talks to it through trona::MmsrvClient
// and touches memory through the kernel model, whose VM faults (first
// touch, write to a COW page, write to a read-only page) go to mmsrv.
#include <cstring>

#include "mm_harness.h"
#include "trona/core/client.h"

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


// --- mprotect: a write to a read-only page is a SIGSEGV, not resumed ------------

TEST(MmsrvIpc, MprotectReadOnlyWriteIsReportedAndThreadStaysStopped) {
  MmOs os;
  Word ro_addr = 0;
  bool after_write = false;
  kmodel::Process a = os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 7), 0);
    uint64_t va = 0;
    ASSERT_EQ(mm.mmap(0, 2 * kPage, kRW, kAnon, &va), 0);
    os.k.store<std::uint64_t>(va, 1);
    os.k.store<std::uint64_t>(va + kPage, 2);
    ASSERT_EQ(mm.mprotect(va + kPage, kPage, kPROT_READ), 0);
    EXPECT_EQ(os.k.load<std::uint64_t>(va + kPage), 2u);  // still readable
    os.k.store<std::uint64_t>(va, 3);                     // the other half still writable
    // PROT_NONE keeps the contents; back to RW they are there.
    ASSERT_EQ(mm.mprotect(va, kPage, kPROT_NONE), 0);
    ASSERT_EQ(mm.mprotect(va, kPage, kRW), 0);
    EXPECT_EQ(os.k.load<std::uint64_t>(va), 3u);
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.regions, 2u);  // the mapping split in two (the empty heap does not count)
    ro_addr = va + kPage + 24;
    os.k.store<std::uint64_t>(ro_addr, 9);  // SIGSEGV: never resumed
    after_write = true;
  });
  trona::MmFaultReport rep[6];
  size_t n = 0;
  Word observed = 0;
  // The observer (procmgr's role): a notification registered with mmsrv.
  kmodel::Process w = os.client("procmgr", 1, [&] {
    MmsrvClient mm;
    ASSERT_EQ(mm.register_fault_observer(kFree), 0);
    trona::SysResult r = trona::wait(kFree + 1);  // mmsrv signals the observer notification
    observed = r.value;
    ASSERT_EQ(mm.dump_pending(rep, 6, &n), 0);
  });
  kmodel::Notification& ntfn = os.k.new_notification();
  os.k.install(*w.cnode, kFree, ntfn);
  os.k.install(*w.cnode, kFree + 1, ntfn);
  EXPECT_TRUE(os.run(/*expect_finished=*/1));
  EXPECT_FALSE(after_write);
  EXPECT_EQ(a.tcb->state, kmodel::TcbState::Inactive);
  EXPECT_EQ(observed, 1u);
  ASSERT_EQ(n, 1u);
  EXPECT_EQ(rep[0].pid, 7u);
  EXPECT_EQ(rep[0].badge, kBadgeA);
  EXPECT_EQ(rep[0].addr, ro_addr);
  EXPECT_TRUE(rep[0].write());
  EXPECT_EQ(rep[0].reason(), trona::kMmSegvAccErr);
  // The page was not changed.
  EXPECT_EQ(*reinterpret_cast<std::uint64_t*>(os.k.peek(*a.vspace, ro_addr - 24)), 2u);
}

TEST(MmsrvIpc, ObserverAndDumpArePrivileged) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    trona::MmFaultReport rep[6];
    size_t n = 0;
    EXPECT_EQ(mm.dump_pending(rep, 6, &n), kEACCES);
    EXPECT_EQ(mm.dump_pending(rep, 2, &n), kEINVAL);
    EXPECT_EQ(mm.register_fault_observer(SLOT_SELF_TCB), kEACCES);
  });
  os.client("init", 1, [&] {
    MmsrvClient mm;
    EXPECT_EQ(mm.register_fault_observer(kFree), kEBADF);  // empty slot
    trona::MmFaultReport rep[6];
    size_t n = 9, rest = 9;
    ASSERT_EQ(mm.dump_pending(rep, 6, &n, &rest), 0);
    EXPECT_EQ(n, 0u);
    EXPECT_EQ(rest, 0u);
  });
  EXPECT_TRUE(os.run());
}

// --- SHM --------------------------------------------------------------------------

TEST(MmsrvIpc, ShmShowsWritesInBothProcesses) {
  MmOs os;
  Word va_a = 0;
  bool done_a = false;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    ASSERT_EQ(mm.shm_create(0x55, 2), 0);
    EXPECT_EQ(mm.shm_create(0x55, 2), kEEXIST);
    ASSERT_EQ(mm.shm_map(0x55, 0, 0, kRW, &va_a), 0);
    os.k.store<std::uint64_t>(va_a + kPage + 8, 0x1111);
    while (os.k.load<std::uint64_t>(va_a) != 0x2222) trona::yield();  // b's write
    done_a = true;
    EXPECT_EQ(mm.shm_destroy(0x55), kEBUSY);
    EXPECT_EQ(mm.shm_unmap(0x55, 0, va_a), 0);
    EXPECT_EQ(mm.shm_unmap(0x55, 0, va_a), kENOENT);
  });
  os.client("b", kBadgeB, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 2), 0);
    uint64_t va = 0;
    ASSERT_EQ(mm.mmap(0, 3 * kPage, kRW, kAnon, &va), 0);  // b's SHM lands elsewhere
    while (va_a == 0) trona::yield();
    uint64_t vb = 0;
    ASSERT_EQ(mm.shm_map(0x55, 0, 0, kRW, &vb), 0);
    EXPECT_NE(vb, va_a);
    while (os.k.load<std::uint64_t>(vb + kPage + 8) != 0x1111) trona::yield();
    os.k.store<std::uint64_t>(vb, 0x2222);
    while (!done_a) trona::yield();
    EXPECT_EQ(mm.shm_unmap(0x55, 0, 0), 0);
    EXPECT_EQ(mm.shm_destroy(0x55), 0);
    EXPECT_EQ(mm.shm_destroy(0x55), kENOENT);
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvIpc, ShmErrorsAndResize) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    uint64_t va = 0;
    EXPECT_EQ(mm.shm_create(1, 0), kEINVAL);
    EXPECT_EQ(mm.shm_create(1, 257), kEINVAL);
    EXPECT_EQ(mm.shm_map(1, 0, 0, kRW, &va), kENOENT);
    for (Word id = 100; id < 164; ++id) ASSERT_EQ(mm.shm_create(id, 1), 0);
    EXPECT_EQ(mm.shm_create(164, 1), kENOMEM);  // 64 segments
    for (Word id = 101; id < 164; ++id) ASSERT_EQ(mm.shm_destroy(id), 0);
    EXPECT_EQ(mm.shm_map(100, kBadgeB, 0, kRW, &va), kEACCES);  // into another: privileged
    EXPECT_EQ(mm.shm_map(100, 0, kMmapBase + 1, kRW, &va), kEINVAL);
    EXPECT_EQ(mm.shm_map(100, 0, 0, kPROT_WRITE | kPROT_EXEC, &va), kEINVAL);
    ASSERT_EQ(mm.shm_resize(100, 4), 0);
    ASSERT_EQ(mm.shm_map(100, 0, kMmapBase, kRW, &va), 0);
    EXPECT_EQ(va, kMmapBase);
    EXPECT_EQ(mm.shm_map(100, 0, kMmapBase + kPage, kRW, &va), kEEXIST);  // overlap
    os.k.store<std::uint64_t>(kMmapBase + 3 * kPage, 4);
    EXPECT_EQ(mm.shm_resize(100, 2), kEBUSY);  // mapped past page 2
    EXPECT_EQ(mm.shm_resize(100, 0), kEINVAL);
    EXPECT_EQ(mm.shm_resize(999, 2), kENOENT);
    ASSERT_EQ(mm.shm_unmap(100, 0, kMmapBase), 0);
    ASSERT_EQ(mm.shm_resize(100, 2), 0);
    ASSERT_EQ(mm.shm_resize(100, 4), 0);
    ASSERT_EQ(mm.shm_map(100, 0, 0, kRW, &va), 0);
    EXPECT_EQ(os.k.load<std::uint64_t>(va + 3 * kPage), 0u);  // the dropped tail comes back zeroed
  });
  EXPECT_TRUE(os.run());
}

// --- fork regions: copy-on-write through real write faults -------------------------

TEST(MmsrvIpc, ForkRegionsCopyOnWrite) {
  MmOs os;
  kmodel::Process child;
  Word base = 0, shared = 0, heap = 0;
  bool parent_wrote = false, child_checked = false;
  child = os.client("child", kBadgeChild, [&] {
    while (!parent_wrote) trona::yield();
    // Unchanged pages read the same; the parent's later write is not seen.
    EXPECT_EQ(os.k.load<std::uint64_t>(base), 100u);
    EXPECT_EQ(os.k.load<std::uint64_t>(base + kPage), 101u);
    EXPECT_EQ(os.k.load<std::uint64_t>(heap), 555u);
    EXPECT_EQ(os.k.load<std::uint64_t>(base + 2 * kPage), 0u);  // never touched: demand zero
    os.k.store<std::uint64_t>(base + kPage, 201);   // COW fault in the child
    os.k.store<std::uint64_t>(heap, 666);
    EXPECT_EQ(os.k.load<std::uint64_t>(base + kPage), 201u);
    EXPECT_EQ(os.k.load<std::uint64_t>(shared), 7u);
    os.k.store<std::uint64_t>(shared, 8);            // MAP_SHARED: seen by the parent
    MmsrvClient mm;
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.pid, 99u);
    EXPECT_EQ(s.brk, kHeapBase + kPage);
    child_checked = true;
  });
  kmodel::Process parent = os.client("parent", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    ASSERT_EQ(mm.mmap(0, 3 * kPage, kRW, kAnon, &base), 0);
    ASSERT_EQ(mm.mmap(0, kPage, kRW, kMAP_SHARED | kMAP_ANONYMOUS, &shared), 0);
    ASSERT_EQ(mm.sbrk(static_cast<int64_t>(kPage), &heap), 0);
    os.k.store<std::uint64_t>(base, 100);
    os.k.store<std::uint64_t>(base + kPage, 101);
    os.k.store<std::uint64_t>(heap, 555);
    os.k.store<std::uint64_t>(shared, 7);
    EXPECT_EQ(mm.fork_regions(kBadgeChild, 99, kFree), 0);
    EXPECT_EQ(mm.fork_regions(kBadgeChild, 99, kFree + 1), kEEXIST);  // (kFree + 1 holds a copy)
    EXPECT_EQ(mm.fork_regions(0, 99, kFree + 2), kEINVAL);  // badge 0
    EXPECT_EQ(mm.fork_regions(0x2009, 99, kFree + 3), kEBADF);  // no cap
    os.k.store<std::uint64_t>(base, 300);  // COW fault in the parent
    parent_wrote = true;
    while (!child_checked) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(base), 300u);
    EXPECT_EQ(os.k.load<std::uint64_t>(base + kPage), 101u);  // the child's write is not seen
    EXPECT_EQ(os.k.load<std::uint64_t>(heap), 555u);
    EXPECT_EQ(os.k.load<std::uint64_t>(shared), 8u);
    os.k.store<std::uint64_t>(base + kPage, 401);  // last user: resolved in place
    MmStats s;
    ASSERT_EQ(mm.stats(0, &s), 0);
    EXPECT_EQ(s.cow_copies, 1u);  // base page 0 (then base + kPage was the last user)
    ASSERT_EQ(mm.stats(kBadgeChild, &s), kEACCES);
  });
  // What procmgr would hold: the child's VSpace cap in the parent's CSpace (and a copy).
  os.k.install(*parent.cnode, kFree, *child.vspace);
  os.k.install(*parent.cnode, kFree + 1, *child.vspace);
  os.k.install(*parent.cnode, kFree + 2, *child.vspace);
  EXPECT_TRUE(os.run());
  EXPECT_EQ(*reinterpret_cast<std::uint64_t*>(os.k.peek(*child.vspace, base + kPage)), 201u);
  EXPECT_EQ(*reinterpret_cast<std::uint64_t*>(os.k.peek(*child.vspace, heap)), 666u);
}

// --- windows, batch, deregister ---------------------------------------------------

TEST(MmsrvIpc, WindowsBatchAndDeregister) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    uint64_t w = 0, va = 0;
    ASSERT_EQ(mm.map_window(16 * kPage, 0, &w), 0);
    EXPECT_EQ(w, kMmapBase);
    ASSERT_EQ(mm.mmap(0, kPage, kRW, kAnon, &va), 0);
    EXPECT_EQ(va, kMmapBase + 16 * kPage);  // the window is reserved
    EXPECT_EQ(mm.pager_request(w, false), kEACCES);  // nothing is mapped in a window
    EXPECT_EQ(mm.mprotect(w, kPage, kPROT_READ), kENOMEM);
    EXPECT_EQ(mm.map_window(0, 0, &w), kEINVAL);
    EXPECT_EQ(mm.unmap_window(w + kPage), kENOENT);
    ASSERT_EQ(mm.unmap_window(w), 0);
    trona::MmMapRequest rq[3] = {{0, kPage, kRW, kAnon}, {0, 2 * kPage, kPROT_READ, kAnon}, {0, kPage, kRW, kAnon}};
    uint64_t out[3] = {};
    ASSERT_EQ(mm.map_batch(rq, 3, out), 0);
    EXPECT_EQ(out[0], kMmapBase);
    EXPECT_EQ(out[1], kMmapBase + kPage);
    EXPECT_EQ(out[2], kMmapBase + 3 * kPage);
    MmStats s0, s1;
    ASSERT_EQ(mm.stats(0, &s0), 0);
    rq[1].prot = kPROT_WRITE | kPROT_EXEC;  // the second fails: nothing of the batch stays
    EXPECT_EQ(mm.map_batch(rq, 3, out), kEINVAL);
    ASSERT_EQ(mm.stats(0, &s1), 0);
    EXPECT_EQ(s1.reserved_pages, s0.reserved_pages);
    EXPECT_EQ(s1.regions, s0.regions);
    EXPECT_EQ(mm.map_batch(rq, 0, out), kEINVAL);
    os.k.store<std::uint64_t>(out[0], 1);
    ASSERT_EQ(mm.deregister(), 0);
    EXPECT_EQ(mm.munmap(out[0], kPage), kENOENT);
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvIpc, UnknownLabelsAreRefused) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    trona::ClientReply rp;
    trona::ClientRequest rq2(0x91);
    EXPECT_EQ(trona::server_call(SLOT_MMSRV_EP, rq2, &rp), kEPERM);
  });
  EXPECT_TRUE(os.run());
}

}  // namespace
}  // namespace mmt
