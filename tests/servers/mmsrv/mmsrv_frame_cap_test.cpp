// mmsrv under seL4's frame-cap rule (on by default, issue 16 point 7): a
// frame cap maps at one address at a time, so a frame mmsrv maps a second
// time (a MAP_SHARED page after fork, an SHM page in a second client) is
// mapped through a CNODE_COPY of its cap in slot 3072 + j, deleted when
// that mapping goes away.
#include "mm_harness.h"

namespace mmt {
namespace {

using trona::MmsrvClient;
using namespace uapi;

constexpr Word kBadgeA = 0x2001;
constexpr Word kBadgeB = 0x2002;
constexpr Word kBadgeChild = 0x2003;
constexpr Word kFirstCopySlot = 3072;  // mmsrv::Layout::map_slot_base

bool holds_frame(MmOs& os, Word slot) { return os.mmsrv.cnode->slot(slot).cap.type() == OBJ_FRAME; }

TEST(MmsrvFrameCaps, ForkSharesAPageThroughACopyOfItsFrameCap) {
  MmOs os;
  ASSERT_TRUE(os.k.options().frame_cap_rule());
  Word shared = 0;
  bool forked = false, child_done = false, copy_while_shared = false, copy_after_munmap = true;
  kmodel::Process child = os.client("child", kBadgeChild, [&] {
    while (!forked) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(shared), 7u);
    os.k.store<std::uint64_t>(shared, 8);  // MAP_SHARED: the parent sees it
    copy_while_shared = holds_frame(os, kFirstCopySlot);
    MmsrvClient mm;
    EXPECT_EQ(mm.munmap(shared, kPage), 0);
    copy_after_munmap = holds_frame(os, kFirstCopySlot);
    child_done = true;
  });
  kmodel::Process parent = os.client("parent", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    ASSERT_EQ(mm.mmap(0, kPage, kRW, kMAP_SHARED | kMAP_ANONYMOUS, &shared), 0);
    os.k.store<std::uint64_t>(shared, 7);
    ASSERT_EQ(mm.fork_regions(kBadgeChild, 99, kFree), 0);
    forked = true;
    while (!child_done) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(shared), 8u);  // still mapped through the frame's own cap
  });
  os.k.install(*parent.cnode, kFree, *child.vspace);
  EXPECT_TRUE(os.run());
  EXPECT_TRUE(copy_while_shared);
  EXPECT_FALSE(copy_after_munmap);  // the child's munmap deleted the copy
  EXPECT_EQ(child.vspace->find(shared), nullptr);
  EXPECT_NE(parent.vspace->find(shared), nullptr);
}

TEST(MmsrvFrameCaps, AnShmPageInTwoClientsUsesTwoCaps) {
  MmOs os;
  Word va_a = 0;
  bool b_mapped = false, b_done = false;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    ASSERT_EQ(mm.shm_create(0x77, 1), 0);
    ASSERT_EQ(mm.shm_map(0x77, 0, 0, kRW, &va_a), 0);
    os.k.store<std::uint64_t>(va_a, 0x1234);
    while (!b_done) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(va_a), 0x5678u);  // b's write, and a's page outlived b's copy
    EXPECT_EQ(mm.shm_unmap(0x77, 0, va_a), 0);
  });
  os.client("b", kBadgeB, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 2), 0);
    while (va_a == 0) trona::yield();
    uint64_t vb = 0;
    ASSERT_EQ(mm.shm_map(0x77, 0, 0, kRW, &vb), 0);
    EXPECT_EQ(os.k.load<std::uint64_t>(vb), 0x1234u);
    os.k.store<std::uint64_t>(vb, 0x5678);
    b_mapped = holds_frame(os, kFirstCopySlot);
    EXPECT_EQ(mm.shm_unmap(0x77, 0, vb), 0);
    EXPECT_FALSE(holds_frame(os, kFirstCopySlot));
    b_done = true;
  });
  EXPECT_TRUE(os.run());
  EXPECT_TRUE(b_mapped);
}

}  // namespace
}  // namespace mmt
