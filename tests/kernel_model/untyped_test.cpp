// Untyped memory (§2.5, §2.7): retype into every type, alignment and
// watermark, exhaustion, reset, device untypeds.
#include "km_fixture.h"

namespace kt {
namespace {

class UntypedTest : public KernelTest {
 protected:
  SysResult r, r2;
  Untyped* ut = nullptr;
  Process p;
  void start(std::function<void()> body, unsigned bits = 16) {
    p = solo(std::move(body), bits);
    ut = cap_at(p, 16).as<Untyped>();
  }
};

TEST_F(UntypedTest, Retype_EveryObjectType) {
  std::vector<Word> errs;
  start([&] {
    Word bits[] = {0, 12, 0, 0, 0, 5, 0, 12, 0, 0, 0, 3};
    for (Word t = OBJ_UNTYPED; t <= OBJ_MEMORY_OBJECT; ++t) errs.push_back(retype(16, t, bits[t], 100 + t).error);
  });
  run();
  for (Word e : errs) EXPECT_EQ(e, OK);
  for (Word t = OBJ_UNTYPED; t <= OBJ_MEMORY_OBJECT; ++t) {
    EXPECT_EQ(cap_at(p, 100 + t).type(), t);
    EXPECT_EQ(cap_at(p, 100 + t).rights, RIGHTS_ALL);
    EXPECT_EQ(p.cnode->slot(100 + t).parent, &p.cnode->slot(16));
  }
  EXPECT_EQ(ut->live_children, 11u);
}

TEST_F(UntypedTest, Retype_AlignsAndAdvancesWatermark) {
  start([&] {
    retype(16, OBJ_ENDPOINT, 0, 100);  // 64 bytes at 0
    retype(16, OBJ_FRAME, 12, 101);    // aligned to 4096
  });
  run();
  EXPECT_EQ(cap_at(p, 100).obj->phys, ut->base);
  EXPECT_EQ(cap_at(p, 101).obj->phys, ut->base + 4096);
  EXPECT_EQ(ut->watermark, 8192u);
}

TEST_F(UntypedTest, Retype_ChargesObjectMemory) {
  start([&] { retype(16, OBJ_CNODE, 6, 100); });
  run();
  EXPECT_EQ(cap_at(p, 100).obj->bytes, Word{64 * 32});
  EXPECT_EQ(ut->watermark, Word{64 * 32});
}

TEST_F(UntypedTest, Retype_Exhaustion_OutOfMemory) {
  std::vector<Word> errs;
  start([&] {
    for (int i = 0; i < 5; ++i) errs.push_back(retype(16, OBJ_FRAME, 12, 100 + i).error);
  }, 14);  // 16 KiB: four frames
  run();
  EXPECT_EQ(errs, (std::vector<Word>{OK, OK, OK, OK, OUT_OF_MEMORY}));
}

TEST_F(UntypedTest, Retype_ObjectLargerThanUntyped_OutOfMemory) {
  start([&] { r = retype(16, OBJ_UNTYPED, 20, 100); }, 16);
  run();
  EXPECT_EQ(r.error, OUT_OF_MEMORY);
}

TEST_F(UntypedTest, Retype_FrameSizeBitsOtherThan12_InvalidArgument) {
  start([&] { r = retype(16, OBJ_FRAME, 13, 100); });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(UntypedTest, Retype_CNodeSizeBitsOutside4To16_InvalidArgument) {
  start([&] {
    r = retype(16, OBJ_CNODE, 3, 100);
    r2 = retype(16, OBJ_CNODE, 17, 100);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
}

TEST_F(UntypedTest, Retype_UnknownType_InvalidArgument) {
  start([&] {
    r = retype(16, 0, 0, 100);
    r2 = retype(16, 12, 0, 100);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
}

TEST_F(UntypedTest, Retype_IntoOccupiedSlot_SlotOccupied) {
  start([&] { r = retype(16, OBJ_ENDPOINT, 0, SLOT_TCB); });
  run();
  EXPECT_EQ(r.error, SLOT_OCCUPIED);
  EXPECT_EQ(ut->watermark, 0u);
}

TEST_F(UntypedTest, Retype_NeedsRetypeRight) {
  p = proc("p", [&] { r = retype(16, OBJ_ENDPOINT, 0, 100); });
  give(p, 16, k.new_untyped(12), RIGHTS_ALL & ~RIGHT_RETYPE);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(UntypedTest, Retype_DestDepthFromInvokeDepths) {
  CNode& sub = k.new_cnode(4);
  start([&] {
    sys(SYS_SET_INVOKE_DEPTHS, 14, 0);  // 10-bit root index 50, 4-bit sub index 3
    r = retype(16, OBJ_NOTIFICATION, 0, (50 << 4) | 3);
  });
  give(p, 50, sub);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(sub.slot(3).cap.type(), OBJ_NOTIFICATION);
}

TEST_F(UntypedTest, Retype_FrameIsZeroed) {
  bool zero = true;
  start([&] {
    retype(16, OBJ_FRAME, 12, 100);
    auto* bytes = k.frame_bytes(*cap_at(p, 100).as<Frame>());
    for (int i = 0; i < 4096; ++i) zero = zero && bytes[i] == 0;
  });
  run();
  EXPECT_TRUE(zero);
}

TEST_F(UntypedTest, Reset_WithLiveChildren_Busy) {
  start([&] {
    retype(16, OBJ_ENDPOINT, 0, 100);
    r = inv(16, UNTYPED_RESET);
  });
  run();
  EXPECT_EQ(r.error, BUSY);
}

TEST_F(UntypedTest, Reset_AfterRevokeRewindsWatermark) {
  start([&] {
    retype(16, OBJ_ENDPOINT, 0, 100);
    retype(16, OBJ_FRAME, 12, 101);
    inv(SLOT_CNODE, CNODE_REVOKE, 16);
    r = inv(16, UNTYPED_RESET);
    r2 = retype(16, OBJ_FRAME, 12, 100);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(cap_at(p, 100).obj->phys, ut->base);
}

TEST_F(UntypedTest, Revoke_DestroysChildObjects) {
  Word ep_id = 0;
  start([&] {
    retype(16, OBJ_ENDPOINT, 0, 100);
    ep_id = cap_at(p, 100).obj->id();
    inv(SLOT_CNODE, CNODE_REVOKE, 16);
  });
  run();
  EXPECT_EQ(k.objects().find(ep_id), nullptr);
  EXPECT_EQ(ut->live_children, 0u);
}

TEST_F(UntypedTest, Retype_ChildUntypedThenRetypeFromIt) {
  start([&] {
    retype(16, OBJ_UNTYPED, 15, 100);  // room for a TCB and its 16 KiB kernel stack
    r = retype(100, OBJ_TCB, 0, 101);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(p.cnode->slot(101).parent, &p.cnode->slot(100));
}

TEST_F(UntypedTest, DeviceUntyped_OnlyFramesAndUntypeds) {
  p = proc("p", [&] {
    r = retype(16, OBJ_ENDPOINT, 0, 100);
    r2 = retype(16, OBJ_FRAME, 12, 101);
  });
  give(p, 16, k.new_untyped(14, true));
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
  EXPECT_EQ(r2.error, OK);
}

TEST_F(UntypedTest, UnknownLabel_InvalidOperation) {
  start([&] { r = inv(16, 0x22); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

}  // namespace
}  // namespace kt
