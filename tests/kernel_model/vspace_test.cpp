// VSpace invocations (§2.7) and user memory: map/unmap/protect, W^X,
// demand-zero, COW (pager and kernel pool), walk, tables, devices, MOs.
#include <cstring>

#include "km_fixture.h"

namespace kt {
namespace {

constexpr Word kVa = 0x10000000;

class VSpaceTest : public KernelTest {
 protected:
  SysResult r, r2, r3;
  Process p;
  void start(std::function<void()> body) { p = solo(std::move(body), 18); }
  void frame(Word slot) { retype(16, OBJ_FRAME, 12, slot); }
  VSpace& vs() { return *p.vspace; }
};

TEST_F(VSpaceTest, Map_ThenUserReadWriteHitsFrameBytes) {
  Word got = 0;
  start([&] {
    frame(100);
    r = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_WRITABLE | VM_USER);
    k.store<Word>(kVa + 8, 0x1122334455667788);
    got = k.load<Word>(kVa + 8);
  });
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(got, 0x1122334455667788u);
  Word raw = 0;
  std::memcpy(&raw, k.frame_bytes(*cap_at(p, 100).as<Frame>()) + 8, 8);
  EXPECT_EQ(raw, got);
}

TEST_F(VSpaceTest, Map_AlreadyMapped) {
  start([&] {
    frame(100);
    frame(101);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_USER);
    r = inv(SLOT_VSPACE, VSPACE_MAP, 101, kVa, VM_USER);
  });
  run();
  EXPECT_EQ(r.error, ALREADY_MAPPED);
}

TEST_F(VSpaceTest, Map_WritableAndExecutableRejected) {
  start([&] {
    frame(100);
    r = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_WRITABLE | VM_EXECUTABLE | VM_USER);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
  EXPECT_EQ(vs().find(kVa), nullptr);
}

TEST_F(VSpaceTest, Map_UnalignedVa_InvalidArgument) {
  start([&] {
    frame(100);
    r = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa + 1, VM_USER);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(VSpaceTest, Map_KernelHalf_BadAddress) {
  start([&] {
    frame(100);
    r = inv(SLOT_VSPACE, VSPACE_MAP, 100, kUserVaLimit, VM_USER);
  });
  run();
  EXPECT_EQ(r.error, BAD_ADDRESS);
}

TEST_F(VSpaceTest, Map_NeedsMapRightAndFrameRights) {
  start([&] {
    frame(100);
    inv(SLOT_CNODE, CNODE_COPY, SLOT_VSPACE, SLOT_CNODE, 101, RIGHTS_ALL & ~RIGHT_MAP);
    r = inv(101, VSPACE_MAP, 100, kVa, VM_USER);
    inv(SLOT_CNODE, CNODE_COPY, 100, SLOT_CNODE, 102, RIGHT_READ | RIGHT_GRANT);
    r2 = inv(SLOT_VSPACE, VSPACE_MAP, 102, kVa, VM_WRITABLE | VM_USER);
    r3 = inv(SLOT_VSPACE, VSPACE_MAP, 102, kVa, VM_USER);
  });
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
  EXPECT_EQ(r2.error, INSUFFICIENT_RIGHTS);
  EXPECT_EQ(r3.error, OK);
}

TEST_F(VSpaceTest, Map_UnknownFlagBits_InvalidArgument) {
  start([&] {
    frame(100);
    r = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, 0x40);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(VSpaceTest, Unmap_RemovesAndSecondUnmapNotFound) {
  start([&] {
    frame(100);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_USER);
    r = inv(SLOT_VSPACE, VSPACE_UNMAP, kVa);
    r2 = inv(SLOT_VSPACE, VSPACE_UNMAP, kVa);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, NOT_FOUND);
  EXPECT_TRUE(cap_at(p, 100).as<Frame>()->mappings.empty());
}

TEST_F(VSpaceTest, Unmap_NeedsUnmapRight) {
  start([&] {
    inv(SLOT_CNODE, CNODE_COPY, SLOT_VSPACE, SLOT_CNODE, 101, RIGHTS_ALL & ~RIGHT_UNMAP);
    r = inv(101, VSPACE_UNMAP, kVa);
  });
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(VSpaceTest, DeletingFrameCapUnmapsIt) {
  start([&] {
    frame(100);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_USER);
    inv(SLOT_CNODE, CNODE_DELETE, 100);
  });
  run();
  EXPECT_EQ(vs().find(kVa), nullptr);
}

TEST_F(VSpaceTest, Protect_ChangesFlagsAndRejectsWX) {
  start([&] {
    frame(100);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_WRITABLE | VM_USER);
    r = inv(SLOT_VSPACE, VSPACE_PROTECT, kVa, VM_USER | VM_EXECUTABLE);
    r2 = inv(SLOT_VSPACE, VSPACE_PROTECT, kVa, VM_WRITABLE | VM_EXECUTABLE);
    r3 = inv(SLOT_VSPACE, VSPACE_PROTECT, kVa + 0x1000, VM_USER);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(vs().find(kVa)->flags, VM_USER | VM_EXECUTABLE);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
  EXPECT_EQ(r3.error, NOT_FOUND);
}

TEST_F(VSpaceTest, ProtectRange_CountsPages) {
  start([&] {
    inv(SLOT_VSPACE, VSPACE_MAP_DEMAND_RANGE, kVa, 3, VM_WRITABLE | VM_USER);
    r = inv(SLOT_VSPACE, VSPACE_PROTECT_RANGE, kVa, 5, VM_USER);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 3u);
}

TEST_F(VSpaceTest, MapDemand_ZeroFilledOnFirstTouchWithoutFault) {
  Word v = 1;
  start([&] {
    r = inv(SLOT_VSPACE, VSPACE_MAP_DEMAND, kVa, VM_WRITABLE | VM_USER);
    v = k.load<Word>(kVa + 16);
    k.store<Word>(kVa, 5);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(v, 0u);
  ASSERT_NE(vs().find(kVa)->frame, nullptr);
  EXPECT_EQ(*reinterpret_cast<Word*>(k.peek(vs(), kVa)), 5u);
}

TEST_F(VSpaceTest, MapDemandRange_ValueIsPages) {
  start([&] { r = inv(SLOT_VSPACE, VSPACE_MAP_DEMAND_RANGE, kVa, 4, VM_USER); });
  run();
  EXPECT_EQ(r.value, 4u);
  EXPECT_EQ(vs().ptes.size(), 4u + 1u);  // + the IPC buffer
}

TEST_F(VSpaceTest, MapDemandRange_ZeroCount_OutOfRange) {
  start([&] { r = inv(SLOT_VSPACE, VSPACE_MAP_DEMAND_RANGE, kVa, 0, VM_USER); });
  run();
  EXPECT_EQ(r.error, OUT_OF_RANGE);
}

TEST_F(VSpaceTest, Walk_ListsMappingsInReservedArea) {
  Word hdr[2] = {}, first[3] = {};
  start([&] {
    frame(100);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_USER);
    inv(SLOT_VSPACE, VSPACE_MAP_DEMAND_RANGE, kVa + 0x1000, 2, VM_USER);
    r = inv(SLOT_VSPACE, VSPACE_WALK, kVa, 2);
    hdr[0] = buf().reserved[0];
    hdr[1] = buf().reserved[1];
    for (int i = 0; i < 3; ++i) first[i] = buf().reserved[2 + i];
  });
  run();
  EXPECT_EQ(r.value, 2u);
  EXPECT_EQ(hdr[0], 2u);
  EXPECT_EQ(hdr[1], kVa + 0x2000);
  EXPECT_EQ(first[0], kVa);
  EXPECT_EQ(first[1], cap_at(p, 100).as<Frame>()->paddr);
  EXPECT_EQ(first[2], VM_USER);
}

TEST_F(VSpaceTest, MapPt_RecordsTableAndRejectsDuplicates) {
  start([&] {
    frame(100);
    frame(101);
    r = inv(SLOT_VSPACE, VSPACE_MAP_PT, 100, kVa, 1);
    r2 = inv(SLOT_VSPACE, VSPACE_MAP_PT, 101, kVa + 0x1000, 1);  // same 2 MiB span
    r3 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_USER);        // a table is not a page
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, ALREADY_MAPPED);
  EXPECT_EQ(r3.error, INVALID_ARGUMENT);
}

TEST_F(VSpaceTest, MapPt_BadLevel_InvalidArgument) {
  start([&] {
    frame(100);
    r = inv(SLOT_VSPACE, VSPACE_MAP_PT, 100, kVa, 4);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(VSpaceTest, CopyPage_CopiesBytesIntoFrame) {
  std::uint8_t b = 0;
  start([&] {
    frame(100);
    frame(101);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_WRITABLE | VM_USER);
    k.store<std::uint8_t>(kVa + 3, 0xAB);
    r = inv(SLOT_VSPACE, VSPACE_COPY_PAGE, kVa, 101);
    b = k.frame_bytes(*cap_at(p, 101).as<Frame>())[3];
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(b, 0xAB);
}

TEST_F(VSpaceTest, ShareRoPage_DestinationReadOnly) {
  VSpace& other = k.new_vspace();
  start([&] {
    frame(100);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_WRITABLE | VM_USER);
    r = inv(SLOT_VSPACE, VSPACE_SHARE_RO_PAGE, kVa, 40, 0x5000);
  });
  give(p, 40, other);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(other.find(0x5000)->flags, VM_USER);
  EXPECT_EQ(other.find(0x5000)->frame, vs().find(kVa)->frame);
}

TEST_F(VSpaceTest, CloneCowPage_BothSidesCow) {
  VSpace& other = k.new_vspace();
  start([&] {
    frame(100);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_WRITABLE | VM_USER);
    r = inv(SLOT_VSPACE, VSPACE_CLONE_COW_PAGE, kVa, 40, kVa);
  });
  give(p, 40, other);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_TRUE(vs().find(kVa)->flags & VM_COW);
  EXPECT_TRUE(other.find(kVa)->flags & VM_COW);
}

TEST_F(VSpaceTest, Cow_KernelPoolResolvesWriteAndNotifiesPager) {
  Notification& n = k.new_notification();
  Word parent_val = 0, child_val = 0;
  start([&] {
    frame(100);  // data
    frame(101);  // pool list
    frame(102);  // pool frame
    frame(103);  // ring
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_WRITABLE | VM_USER);
    k.store<Word>(kVa, 1);
    inv(SLOT_VSPACE, VSPACE_CLONE_COW_PAGE, kVa, 40, kVa);
    reinterpret_cast<Word*>(k.frame_bytes(*cap_at(p, 101).as<Frame>()))[2] = 102;
    r = inv(SLOT_VSPACE, VSPACE_SET_COW_POOL, 101, SLOT_CNODE, 1);
    r2 = inv(SLOT_VSPACE, VSPACE_SET_COW_NOTIF, 103, 41);
    k.store<Word>(kVa, 2);  // COW write: resolved from the pool, no fault
    parent_val = k.load<Word>(kVa);
  });
  VSpace& other = k.new_vspace();
  give(p, 40, other);
  give(p, 41, n);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 1u);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(parent_val, 2u);
  std::memcpy(&child_val, k.peek(other, kVa), 8);
  EXPECT_EQ(child_val, 1u);
  EXPECT_FALSE(vs().find(kVa)->flags & VM_COW);
  EXPECT_EQ(n.word, 1u);
  auto* ring = reinterpret_cast<Word*>(k.frame_bytes(*cap_at(p, 103).as<Frame>()));
  EXPECT_EQ(ring[0], 1u);
  EXPECT_EQ(ring[2], kVa);
}

TEST_F(VSpaceTest, SetCowPool_CountAbove510_OutOfRange) {
  start([&] {
    frame(101);
    r = inv(SLOT_VSPACE, VSPACE_SET_COW_POOL, 101, SLOT_CNODE, 511);
  });
  run();
  EXPECT_EQ(r.error, OUT_OF_RANGE);
}

TEST_F(VSpaceTest, ReplenishCowPool_AddsFrames) {
  start([&] {
    frame(100);
    frame(101);
    r = inv(SLOT_VSPACE, VSPACE_REPLENISH_COW_POOL, SLOT_CNODE, 100, 2);
    r2 = inv(SLOT_VSPACE, VSPACE_REPLENISH_COW_POOL, SLOT_CNODE, 16, 1);  // not a frame
  });
  run();
  EXPECT_EQ(r.value, 2u);
  EXPECT_EQ(r2.error, INVALID_CAPABILITY);
}

TEST_F(VSpaceTest, CowResolve_PagerGivesNewFrame) {
  VSpace& other = k.new_vspace();
  Word v = 0;
  start([&] {
    frame(100);
    frame(101);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, VM_WRITABLE | VM_USER);
    k.store<Word>(kVa, 7);
    inv(SLOT_VSPACE, VSPACE_CLONE_COW_PAGE, kVa, 40, kVa);
    r = inv(SLOT_VSPACE, VSPACE_COW_RESOLVE, kVa, 101, VM_WRITABLE | VM_USER);
    k.store<Word>(kVa + 8, 9);
    v = k.load<Word>(kVa);
  });
  give(p, 40, other);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(v, 7u);
  EXPECT_EQ(vs().find(kVa)->frame, cap_at(p, 101).as<Frame>());
}

TEST_F(VSpaceTest, MapDevice_MapsDeviceUntypedPage) {
  start([&] { r = inv(SLOT_VSPACE, VSPACE_MAP_DEVICE, 40, 1, kVa, VM_WRITABLE | VM_USER); });
  Untyped& dev = k.new_untyped(14, true);
  give(p, 40, dev);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(vs().find(kVa)->frame->paddr, dev.base + 0x1000);
}

TEST_F(VSpaceTest, MapDeviceRange_OffsetBeyondUntyped_OutOfRange) {
  start([&] {
    r = inv(SLOT_VSPACE, VSPACE_MAP_DEVICE_RANGE, 40, 2, kVa, (Word{3} << 32) | VM_USER);
    r2 = inv(SLOT_VSPACE, VSPACE_MAP_DEVICE_RANGE, 40, 1, kVa, (Word{3} << 32) | VM_USER);
  });
  give(p, 40, k.new_untyped(14, true));
  run();
  EXPECT_EQ(r.error, OUT_OF_RANGE);
  EXPECT_EQ(r2.value, 3u);
}

TEST_F(VSpaceTest, MapDevice_RamUntyped_InvalidArgument) {
  start([&] { r = inv(SLOT_VSPACE, VSPACE_MAP_DEVICE, 16, 0, kVa, VM_USER); });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(VSpaceTest, MapMo_WriteThroughMappingVisibleViaMoRead) {
  std::string got;
  start([&] {
    retype(16, OBJ_MEMORY_OBJECT, 2, 100);  // 4 pages
    r = inv(SLOT_VSPACE, VSPACE_MAP_MO, 100, kVa, 1, (Word{2} << 32) | VM_WRITABLE | VM_USER);
    k.write(kVa + 4096 + 10, "hello", 5);  // MO page 2
    r2 = inv(100, MO_READ, 2 * 4096 + 10, 5);
    got.assign(reinterpret_cast<char*>(&buf()), 5);
  });
  run();
  EXPECT_EQ(r.value, 2u);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(got, "hello");
}

TEST_F(VSpaceTest, UnmapMo_CountsPages) {
  start([&] {
    retype(16, OBJ_MEMORY_OBJECT, 2, 100);
    inv(SLOT_VSPACE, VSPACE_MAP_MO, 100, kVa, 0, (Word{3} << 32) | VM_USER);
    r = inv(SLOT_VSPACE, VSPACE_UNMAP_MO, kVa, 4);
  });
  run();
  EXPECT_EQ(r.value, 3u);
}

TEST_F(VSpaceTest, ForkRange_CopiesPagesIntoChild) {
  VSpace& child = k.new_vspace();
  start([&] {
    inv(SLOT_VSPACE, VSPACE_MAP_DEMAND_RANGE, kVa, 2, VM_WRITABLE | VM_USER);
    k.store<Word>(kVa + 0x1000, 31);
    retype(16, OBJ_MEMORY_OBJECT, 1, 100);
    r = inv(SLOT_VSPACE, VSPACE_FORK_RANGE, 40, 100, kVa, Word{2} << 32);
    k.store<Word>(kVa + 0x1000, 32);  // parent changes after the fork
  });
  give(p, 40, child);
  run();
  EXPECT_EQ(r.value, 2u);
  EXPECT_EQ(*reinterpret_cast<Word*>(k.peek(child, kVa + 0x1000)), 31u);
}

TEST_F(VSpaceTest, UnknownLabel_InvalidOperation) {
  start([&] { r = inv(SLOT_VSPACE, 0x60); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

class MemoryObjectTest : public VSpaceTest {};

TEST_F(MemoryObjectTest, CommitDecommitGetSizeHasPage) {
  std::vector<SysResult> rs;
  start([&] {
    retype(16, OBJ_MEMORY_OBJECT, 3, 100);
    rs.push_back(inv(100, MO_GET_SIZE));
    rs.push_back(inv(100, MO_COMMIT, 1, 2, 0));
    rs.push_back(inv(100, MO_COMMIT, 0, 3, 16));  // page 0 from the untyped
    rs.push_back(inv(100, MO_HAS_PAGE, 2));
    rs.push_back(inv(100, MO_DECOMMIT, 0, 8));
    rs.push_back(inv(100, MO_HAS_PAGE, 2));
  });
  run();
  EXPECT_EQ(rs[0].value, 8u);
  EXPECT_EQ(rs[1].value, 2u);
  EXPECT_EQ(rs[2].value, 1u);
  EXPECT_EQ(rs[3].value, 1u);
  EXPECT_EQ(rs[4].value, 3u);
  EXPECT_EQ(rs[5].value, 0u);
}

TEST_F(MemoryObjectTest, CommitBeyondSize_OutOfRange) {
  start([&] {
    retype(16, OBJ_MEMORY_OBJECT, 1, 100);
    r = inv(100, MO_COMMIT, 1, 2, 0);
  });
  run();
  EXPECT_EQ(r.error, OUT_OF_RANGE);
}

TEST_F(MemoryObjectTest, WriteReadThroughIpcBufferPage) {
  std::string got;
  start([&] {
    retype(16, OBJ_MEMORY_OBJECT, 1, 100);
    std::memcpy(&buf(), "abcdef", 6);
    r = inv(100, MO_WRITE, 4094, 6);  // crosses a page boundary
    std::memset(&buf(), 0, 8);
    r2 = inv(100, MO_READ, 4094, 6);
    got.assign(reinterpret_cast<char*>(&buf()), 6);
  });
  run();
  EXPECT_EQ(r.value, 6u);
  EXPECT_EQ(got, "abcdef");
}

TEST_F(MemoryObjectTest, CloneCopiesCommittedPagesIntoPristineChild) {
  std::string got;
  start([&] {
    retype(16, OBJ_MEMORY_OBJECT, 1, 100);
    retype(16, OBJ_MEMORY_OBJECT, 1, 101);
    std::memcpy(&buf(), "xy", 2);
    inv(100, MO_WRITE, 0, 2);
    r = inv(100, MO_CLONE, 101, 0);
    r2 = inv(100, MO_CLONE, 101, 0);  // no longer pristine
    inv(101, MO_READ, 0, 2);
    got.assign(reinterpret_cast<char*>(&buf()), 2);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
  EXPECT_EQ(got, "xy");
}

TEST_F(MemoryObjectTest, ResizeShrinksAndGrows) {
  start([&] {
    retype(16, OBJ_MEMORY_OBJECT, 2, 100);
    inv(100, MO_COMMIT, 0, 4, 0);
    r = inv(100, MO_RESIZE, 2);
    r2 = inv(100, MO_GET_SIZE);
    r3 = inv(100, MO_RESIZE, 0);
  });
  run();
  EXPECT_EQ(r.value, 2u);
  EXPECT_EQ(r2.value, 2u);
  EXPECT_EQ(r3.error, OUT_OF_RANGE);
}

}  // namespace
}  // namespace kt
