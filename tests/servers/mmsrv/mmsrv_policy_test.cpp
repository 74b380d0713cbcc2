// mmsrv's memory policy (servers/core/mmsrv: memory.h and the files by job)
// on the host with a fake Ops: no kernel, no IPC. The fake records every
// call and hands out frames (retype_frame succeeds `frames_left` times), so
// each case checks what the policy orders the kernel to do.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/mmsrv/memory.h"
#include "uapi/linux_numbers.h"

namespace {

using namespace uapi;
using mmsrv::kPage;

enum class Op { MakeZero, Retype, Zero, AdoptVSpace, DropVSpace, Map, Unmap, Protect, CloneCow, CowResolve, CopyPage,
                AdoptObserver, Signal };

struct Call {
  Op op;
  int c = -1, to = -1;
  uint64_t va = 0;
  int frame = -1;
  uint64_t flags = 0;
  bool operator==(const Call&) const = default;
};

class FakeOps final : public mmsrv::Ops {
 public:
  std::vector<Call> calls;
  int frames_left = 1 << 20;

  uint64_t make_zero_page() override { return log({Op::MakeZero}); }
  uint64_t retype_frame(uint16_t f) override {
    if (frames_left == 0) return log({Op::Retype, -1, -1, 0, f}, TRONA_OUT_OF_MEMORY);
    --frames_left;
    return log({Op::Retype, -1, -1, 0, f});
  }
  uint64_t zero_frame(uint16_t f) override { return log({Op::Zero, -1, -1, 0, f}); }
  uint64_t adopt_vspace(int c, uint64_t) override { return log({Op::AdoptVSpace, c}); }
  void drop_vspace(int c) override { log({Op::DropVSpace, c}); }
  uint64_t map_page(int c, uint64_t va, uint16_t f, uint64_t flags) override {
    return log({Op::Map, c, -1, va, f, flags});
  }
  uint64_t unmap_page(int c, uint64_t va) override { return log({Op::Unmap, c, -1, va}); }
  uint64_t protect_page(int c, uint64_t va, uint64_t flags) override {
    return log({Op::Protect, c, -1, va, -1, flags});
  }
  uint64_t clone_cow(int from, uint64_t va, int to) override { return log({Op::CloneCow, from, to, va}); }
  uint64_t cow_resolve(int c, uint64_t va, uint16_t f, uint64_t flags) override {
    return log({Op::CowResolve, c, -1, va, f, flags});
  }
  uint64_t copy_page(int src, uint64_t va, uint16_t f) override { return log({Op::CopyPage, src, -1, va, f}); }
  uint64_t adopt_observer(uint64_t) override { return log({Op::AdoptObserver}); }
  void signal_observer() override { log({Op::Signal}); }

  std::vector<Call> of(Op op) const {
    std::vector<Call> out;
    for (const Call& c : calls)
      if (c.op == op) out.push_back(c);
    return out;
  }

 private:
  uint64_t log(Call c, uint64_t status = TRONA_OK) {
    calls.push_back(c);
    return status;
  }
};

constexpr uint64_t kRW = static_cast<uint64_t>(kPROT_READ | kPROT_WRITE);
constexpr uint64_t kAnonPrivate = static_cast<uint64_t>(kMAP_ANONYMOUS | kMAP_PRIVATE);
constexpr uint64_t kUserRW = VSPACE_USER | VSPACE_WRITABLE;
constexpr uint64_t kWriteFault = mmsrv::kPfWrite;

class MmsrvPolicy : public ::testing::Test {
 protected:
  FakeOps ops;
  std::unique_ptr<mmsrv::Memory> mem = std::make_unique<mmsrv::Memory>(ops);  // ~80 KiB

  // Registers badge `badge` (pid = badge) and returns its client index.
  int client(uint64_t badge, uint64_t quota_pages = 0) {
    EXPECT_EQ(mem->register_client(badge, 0x1000'0000, 0x4000'0000, badge, quota_pages, 59), TRONA_OK);
    return mem->find_client(badge);
  }
  uint64_t anon(int c, uint64_t pages, uint64_t prot = kRW, uint64_t flags = kAnonPrivate) {
    uint64_t va = 0;
    EXPECT_EQ(mem->mmap(c, 0, pages * kPage, prot, flags, &va), TRONA_OK);
    return va;
  }
  uint64_t fault(int c, uint64_t va, uint64_t code) {
    return mem->fault(c, mem->stats(c).pid + 0x100, va, code, 0x401000, false);
  }
};

TEST_F(MmsrvPolicy, MmapThenFaultRetypesOneFrameAndMapsItWithTheRegionsRights) {
  int c = client(0x10);
  uint64_t rw = anon(c, 4);
  uint64_t ro = anon(c, 1, kPROT_READ);
  EXPECT_TRUE(ops.of(Op::Retype).empty()) << "mmap only reserves: no frame before the first touch";
  ops.calls.clear();

  ASSERT_EQ(fault(c, rw + kPage + 0x123, kWriteFault), TRONA_OK);
  ASSERT_EQ(ops.calls.size(), 2u);
  EXPECT_EQ(ops.calls[0].op, Op::Retype);
  EXPECT_EQ(ops.calls[1], (Call{Op::Map, c, -1, rw + kPage, ops.calls[0].frame, kUserRW}));

  ops.calls.clear();
  ASSERT_EQ(fault(c, ro, 0), TRONA_OK);  // a read-only region: mapped without WRITABLE
  ASSERT_EQ(ops.of(Op::Map).size(), 1u);
  EXPECT_EQ(ops.of(Op::Map)[0].flags, VSPACE_USER);
  EXPECT_EQ(mem->stats(c).resident_pages, 2u);
  EXPECT_EQ(mem->stats(c).faults, 2u);

  ops.calls.clear();
  EXPECT_EQ(fault(c, ro, kWriteFault), TRONA_INSUFFICIENT_RIGHTS);  // a write to it is refused
  EXPECT_TRUE(ops.of(Op::Map).empty());
  EXPECT_EQ(mem->pending_faults(), 1u);
}

TEST_F(MmsrvPolicy, MunmapUnmapsResidentPagesAndFreesTheirFrames) {
  int c = client(0x10);
  uint64_t va = anon(c, 3);
  ASSERT_EQ(fault(c, va, kWriteFault), TRONA_OK);
  ASSERT_EQ(fault(c, va + 2 * kPage, 0), TRONA_OK);
  ASSERT_EQ(ops.of(Op::Retype).size(), 2u);
  ops.calls.clear();

  ASSERT_EQ(mem->munmap(c, va, 3 * kPage), TRONA_OK);
  const std::vector<Call> want = {{Op::Unmap, c, -1, va}, {Op::Unmap, c, -1, va + 2 * kPage}};
  EXPECT_EQ(ops.calls, want) << "only the resident pages are unmapped";
  EXPECT_EQ(mem->stats(c).resident_pages, 0u);
  EXPECT_EQ(mem->stats(c).reserved_pages, 0u);

  // The frames are free: the next first touch reuses one (zeroed), no new retype.
  ops.calls.clear();
  uint64_t again = anon(c, 1);
  ASSERT_EQ(fault(c, again, kWriteFault), TRONA_OK);
  EXPECT_TRUE(ops.of(Op::Retype).empty());
  ASSERT_EQ(ops.of(Op::Zero).size(), 1u);
  EXPECT_EQ(ops.of(Op::Map)[0].frame, ops.of(Op::Zero)[0].frame);
}

TEST_F(MmsrvPolicy, ForkMakesPrivatePagesCopyOnWriteAndAChildWriteGetsACopy) {
  int parent = client(0x10);
  uint64_t priv = anon(parent, 1);
  uint64_t shared = anon(parent, 1, kRW, kMAP_ANONYMOUS | kMAP_SHARED);
  ASSERT_EQ(fault(parent, priv, kWriteFault), TRONA_OK);
  ASSERT_EQ(fault(parent, shared, kWriteFault), TRONA_OK);
  const int priv_frame = ops.of(Op::Map)[0].frame, shared_frame = ops.of(Op::Map)[1].frame;
  ops.calls.clear();

  ASSERT_EQ(mem->fork_regions(parent, 0x20, 0x20, 60), TRONA_OK);
  int child = mem->find_client(0x20);
  ASSERT_GE(child, 0);
  // The private page: cloned copy-on-write (read-only in both); the shared
  // one: the same frame mapped writable in the child.
  const std::vector<Call> want = {{Op::AdoptVSpace, child},
                                  {Op::CloneCow, parent, child, priv},
                                  {Op::Map, child, -1, shared, shared_frame, kUserRW}};
  EXPECT_EQ(ops.calls, want);
  EXPECT_EQ(mem->stats(child).resident_pages, 2u);
  EXPECT_EQ(mem->stats(child).reserved_pages, mem->stats(parent).reserved_pages);

  // A write fault in the child: a new frame, the kernel copies into it.
  ops.calls.clear();
  ASSERT_EQ(fault(child, priv + 8, kWriteFault), TRONA_OK);
  ASSERT_EQ(ops.calls.size(), 2u);
  EXPECT_EQ(ops.calls[0].op, Op::Retype);
  EXPECT_NE(ops.calls[0].frame, priv_frame);
  EXPECT_EQ(ops.calls[1], (Call{Op::CowResolve, child, -1, priv, ops.calls[0].frame, kUserRW}));
  EXPECT_EQ(mem->stats(child).cow_copies, 1u);

  // The parent is now the frame's last user: its write takes the frame over, no copy.
  ops.calls.clear();
  ASSERT_EQ(fault(parent, priv, kWriteFault), TRONA_OK);
  const std::vector<Call> take_over = {{Op::CowResolve, parent, -1, priv, priv_frame, kUserRW}};
  EXPECT_EQ(ops.calls, take_over);
  EXPECT_EQ(mem->stats(parent).cow_copies, 0u);
}

TEST_F(MmsrvPolicy, ShmMappedInTwoClientsMapsTheSameFrame) {
  int a = client(0x10), b = client(0x20);
  ASSERT_EQ(mem->shm_create(7, 2), TRONA_OK);
  uint64_t va_a = 0, va_b = 0;
  ASSERT_EQ(mem->shm_map(a, 7, 0, kRW, &va_a), TRONA_OK);
  ASSERT_EQ(mem->shm_map(b, 7, 0x5000'0000, kPROT_READ, &va_b), TRONA_OK);
  EXPECT_EQ(va_b, 0x5000'0000u);
  ops.calls.clear();

  ASSERT_EQ(fault(a, va_a + kPage, kWriteFault), TRONA_OK);
  ASSERT_EQ(fault(b, va_b + kPage, 0), TRONA_OK);
  ASSERT_EQ(ops.of(Op::Retype).size(), 1u) << "the segment's page is backed once";
  const std::vector<Call> maps = ops.of(Op::Map);
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0], (Call{Op::Map, a, -1, va_a + kPage, ops.of(Op::Retype)[0].frame, kUserRW}));
  EXPECT_EQ(maps[1], (Call{Op::Map, b, -1, va_b + kPage, maps[0].frame, VSPACE_USER}));

  // Unmapping one client keeps the frame for the other and the segment.
  ops.calls.clear();
  ASSERT_EQ(mem->shm_unmap(a, 7, va_a), TRONA_OK);
  EXPECT_EQ(ops.calls, (std::vector<Call>{{Op::Unmap, a, -1, va_a + kPage}}));
  EXPECT_EQ(mem->shm_destroy(7), TRONA_BUSY);  // b still maps it
}

TEST_F(MmsrvPolicy, QuotaExceededIsOutOfMemoryWithoutAnyKernelWork) {
  int c = client(0x10, 2);
  ops.calls.clear();
  uint64_t va = 0;
  EXPECT_EQ(mem->mmap(c, 0, 3 * kPage, kRW, kAnonPrivate, &va), TRONA_OUT_OF_MEMORY);
  uint64_t brk = 0;
  EXPECT_EQ(mem->brk(c, 0x1000'0000 + 3 * kPage, &brk), TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(brk, 0x1000'0000u);
  ASSERT_EQ(mem->shm_create(9, 3), TRONA_OK);
  EXPECT_EQ(mem->shm_map(c, 9, 0, kRW, &va), TRONA_OUT_OF_MEMORY);
  EXPECT_TRUE(ops.calls.empty());
  EXPECT_EQ(mem->stats(c).reserved_pages, 0u);
  EXPECT_EQ(mem->stats(c).regions, 0u);  // the empty heap base region does not count
}

TEST_F(MmsrvPolicy, NoFrameLeftIsARefusedFaultReportedToTheObserver) {
  int c = client(0x10);
  ASSERT_EQ(mem->register_observer(65), TRONA_OK);
  uint64_t va = anon(c, 1);
  ops.frames_left = 0;
  ops.calls.clear();
  EXPECT_EQ(fault(c, va, kWriteFault), TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(ops.calls.back().op, Op::Signal);
  EXPECT_TRUE(ops.of(Op::Map).empty());
  mmsrv::FaultRecord rec;
  ASSERT_TRUE(mem->pop_fault(&rec));
  EXPECT_EQ(rec.pid, 0x10u);
  EXPECT_EQ(rec.addr, va);
  EXPECT_EQ(rec.code >> 32, mmsrv::kSegvNoMemory);
}

}  // namespace
