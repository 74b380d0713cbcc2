// CNode invocations (§2.7) at flat and guarded depths, the derivation
// tree, and CSpace addressing (§2.9).
#include "km_fixture.h"

namespace kt {
namespace {

class CNodeTest : public KernelTest {
 protected:
  // Runs `body` in a process holding an endpoint at slot 10.
  Process with_ep(std::function<void()> body, std::uint32_t rights = RIGHTS_ALL) {
    Process p = proc("p", std::move(body));
    give(p, 10, ep, rights);
    return p;
  }
  // A 4-bit CNode with the 4-bit guard 0xA.
  CNode& guarded() {
    CNode& sub = k.new_cnode(4);
    sub.guard = 0xA;
    sub.guard_bits = 4;
    return sub;
  }
  Endpoint& ep = k.new_endpoint();
  SysResult r, r2;
};

TEST_F(CNodeTest, Copy_Flat_CopiesWithMaskedRightsAsCdtChild) {
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, 11, RIGHT_SEND | RIGHT_GRANT); });
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(cap_at(p, 11).obj, &ep);
  EXPECT_EQ(cap_at(p, 11).rights, RIGHT_SEND | RIGHT_GRANT);
  EXPECT_EQ(cap_at(p, 11).depth, 1);
  EXPECT_EQ(p.cnode->slot(11).parent, &p.cnode->slot(10));
  EXPECT_EQ(ep.refs(), 2u);
}

TEST_F(CNodeTest, Copy_WithoutGrant_InsufficientRights) {
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, 11, RIGHTS_ALL); },
                      RIGHTS_ALL & ~RIGHT_GRANT);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
  EXPECT_TRUE(cap_at(p, 11).empty());
}

TEST_F(CNodeTest, Copy_IntoOccupiedSlot_SlotOccupied) {
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, SLOT_TCB, RIGHTS_ALL); });
  run();
  EXPECT_EQ(r.error, SLOT_OCCUPIED);
  EXPECT_EQ(cap_at(p, SLOT_TCB).type(), OBJ_TCB);
}

TEST_F(CNodeTest, Copy_FromEmptySlot_InvalidCapability) {
  with_ep([&] { r = inv(SLOT_CNODE, CNODE_COPY, 50, SLOT_CNODE, 11, RIGHTS_ALL); });
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(CNodeTest, Copy_DestCNodeWithoutWrite_InsufficientRights) {
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_COPY, 10, 12, 11, RIGHTS_ALL); });
  give(p, 12, *p.cnode, RIGHT_READ);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(CNodeTest, Copy_DestNotACNode_InvalidCapability) {
  with_ep([&] { r = inv(SLOT_CNODE, CNODE_COPY, 10, 10, 11, RIGHTS_ALL); });
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(CNodeTest, Copy_DepthOverflow_OutOfRange) {
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, 11, RIGHTS_ALL); });
  cap_at(p, 10).depth = kMaxDerivationDepth;
  run();
  EXPECT_EQ(r.error, OUT_OF_RANGE);
}

TEST_F(CNodeTest, Copy_ToOtherCNode) {
  CNode& other = k.new_cnode(4);
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_COPY, 10, 12, 3, RIGHTS_ALL); });
  give(p, 12, other);
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(other.slot(3).cap.obj, &ep);
}

TEST_F(CNodeTest, Mint_SetsBadgeAndDropsGrant) {
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_MINT, 10, SLOT_CNODE, 11, 0x77); });
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(cap_at(p, 11).badge, 0x77u);
  EXPECT_EQ(cap_at(p, 11).rights, RIGHTS_ALL & ~RIGHT_GRANT);
  EXPECT_EQ(p.cnode->slot(11).parent, &p.cnode->slot(10));
}

TEST_F(CNodeTest, Mint_BadgedCapCannotBeReMinted) {
  with_ep([&] {
    r = inv(SLOT_CNODE, CNODE_MINT, 10, SLOT_CNODE, 11, 1);
    r2 = inv(SLOT_CNODE, CNODE_MINT, 11, SLOT_CNODE, 12, 2);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, INSUFFICIENT_RIGHTS);
}

TEST_F(CNodeTest, Mint_BadgedCapCannotBeCopied) {
  with_ep([&] {
    r = inv(SLOT_CNODE, CNODE_MINT, 10, SLOT_CNODE, 11, 1);
    r2 = inv(SLOT_CNODE, CNODE_COPY, 11, SLOT_CNODE, 12, RIGHTS_ALL);
  });
  run();
  EXPECT_EQ(r2.error, INSUFFICIENT_RIGHTS);
}

TEST_F(CNodeTest, Mint_NotificationAllowed) {
  Notification& n = k.new_notification();
  Process p = proc("p", [&] { r = inv(SLOT_CNODE, CNODE_MINT, 10, SLOT_CNODE, 11, 4); });
  give(p, 10, n);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(cap_at(p, 11).badge, 4u);
}

TEST_F(CNodeTest, Mint_OnlyEndpointsAndNotifications) {
  Process p = proc("p", [&] { r = inv(SLOT_CNODE, CNODE_MINT, SLOT_VSPACE, SLOT_CNODE, 11, 4); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
  EXPECT_TRUE(cap_at(p, 11).empty());
}

TEST_F(CNodeTest, Move_RelocatesCapAndDerivationLinks) {
  Process p = with_ep([&] {
    r = inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, 11, RIGHTS_ALL);
    r2 = inv(SLOT_CNODE, CNODE_MOVE, 20, SLOT_CNODE, 10);
  });
  run();
  ASSERT_EQ(r2.error, OK);
  EXPECT_TRUE(cap_at(p, 10).empty());
  EXPECT_EQ(cap_at(p, 20).obj, &ep);
  EXPECT_EQ(p.cnode->slot(11).parent, &p.cnode->slot(20));
  EXPECT_EQ(ep.refs(), 2u);
}

TEST_F(CNodeTest, Move_IntoOccupied_SlotOccupied) {
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_MOVE, SLOT_TCB, SLOT_CNODE, 10); });
  run();
  EXPECT_EQ(r.error, SLOT_OCCUPIED);
  EXPECT_EQ(cap_at(p, 10).obj, &ep);
}

TEST_F(CNodeTest, Move_OntoItself_SlotOccupied) {
  with_ep([&] { r = inv(SLOT_CNODE, CNODE_MOVE, 10, SLOT_CNODE, 10); });
  run();
  EXPECT_EQ(r.error, SLOT_OCCUPIED);
}

TEST_F(CNodeTest, Mutate_MovesAndRebadges) {
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_MUTATE, 21, SLOT_CNODE, 10, 0xBEEF); });
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_TRUE(cap_at(p, 10).empty());
  EXPECT_EQ(cap_at(p, 21).badge, 0xBEEFu);
}

TEST_F(CNodeTest, Mutate_BadgeOnNonBadgeable_InvalidOperation) {
  proc("p", [&] { r = inv(SLOT_CNODE, CNODE_MUTATE, 21, SLOT_CNODE, SLOT_VSPACE, 5); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(CNodeTest, Delete_EmptiesSlotAndDropsReference) {
  Word id = ep.id();
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_DELETE, 10); });
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_TRUE(cap_at(p, 10).empty());
  EXPECT_EQ(k.objects().find(id), nullptr);  // last reference: destroyed
}

TEST_F(CNodeTest, Delete_EmptySlotIsOk) {
  record_events();
  Process p = with_ep([&] { r = inv(SLOT_CNODE, CNODE_DELETE, 99); });
  std::uint32_t ep_refs = ep.refs();
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_TRUE(cap_at(p, 99).empty());
  EXPECT_EQ(cap_at(p, 10).obj, &ep);  // nothing else touched
  EXPECT_EQ(ep.refs(), ep_refs);
  EXPECT_EQ(count(KernelEvent::Kind::CapDelete), 0u);
}

TEST_F(CNodeTest, Delete_ReparentsChildren) {
  Process p = with_ep([&] {
    inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, 11, RIGHTS_ALL);
    inv(SLOT_CNODE, CNODE_COPY, 11, SLOT_CNODE, 12, RIGHTS_ALL);
    r = inv(SLOT_CNODE, CNODE_DELETE, 11);
  });
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(p.cnode->slot(12).parent, &p.cnode->slot(10));
}

TEST_F(CNodeTest, Delete_WithoutWriteOnCNode_InsufficientRights) {
  Process p = with_ep([&] { r = inv(12, CNODE_DELETE, 10); });
  give(p, 12, *p.cnode, RIGHT_READ);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
  EXPECT_FALSE(cap_at(p, 10).empty());
}

TEST_F(CNodeTest, Revoke_DeletesAllDescendantsKeepsOriginal) {
  Process p = with_ep([&] {
    inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, 11, RIGHTS_ALL);
    inv(SLOT_CNODE, CNODE_COPY, 11, SLOT_CNODE, 12, RIGHTS_ALL);
    inv(SLOT_CNODE, CNODE_MINT, 10, SLOT_CNODE, 13, 9);
    r = inv(SLOT_CNODE, CNODE_REVOKE, 10);
  });
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_FALSE(cap_at(p, 10).empty());
  EXPECT_TRUE(cap_at(p, 11).empty());
  EXPECT_TRUE(cap_at(p, 12).empty());
  EXPECT_TRUE(cap_at(p, 13).empty());
  EXPECT_EQ(ep.refs(), 1u);
}

TEST_F(CNodeTest, Revoke_NeedsRevokeRight) {
  with_ep([&] { r = inv(SLOT_CNODE, CNODE_REVOKE, 10); }, RIGHTS_ALL & ~RIGHT_REVOKE);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(CNodeTest, Revoke_ReachesCopiesInOtherCSpaces) {
  CNode& other = k.new_cnode(4);
  Process p = with_ep([&] {
    inv(SLOT_CNODE, CNODE_COPY, 10, 12, 1, RIGHTS_ALL);
    r = inv(SLOT_CNODE, CNODE_REVOKE, 10);
  });
  give(p, 12, other);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_TRUE(other.slot(1).cap.empty());
}

TEST_F(CNodeTest, SetGuard_OnEmptyCNode) {
  CNode& sub = k.new_cnode(4);
  Process p = proc("p", [&] { r = inv(12, CNODE_SET_GUARD, 0x5, 3); });
  give(p, 12, sub);
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(sub.guard, 5u);
  EXPECT_EQ(sub.guard_bits, 3u);
}

TEST_F(CNodeTest, SetGuard_NonEmptyCNode_Busy) {
  proc("p", [&] { r = inv(SLOT_CNODE, CNODE_SET_GUARD, 1, 2); });
  run();
  EXPECT_EQ(r.error, BUSY);
}

TEST_F(CNodeTest, SetGuard_TooManyBitsOrValueTooWide_InvalidArgument) {
  CNode& sub = k.new_cnode(4);
  Process p = proc("p", [&] {
    r = inv(12, CNODE_SET_GUARD, 0, 65);
    r2 = inv(12, CNODE_SET_GUARD, 8, 3);
  });
  give(p, 12, sub);
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
}

TEST_F(CNodeTest, GetInfo_WritesGuardBitsSizeSlots) {
  Word m[4] = {};
  proc("p", [&] {
    r = inv(SLOT_CNODE, CNODE_GET_INFO);
    for (int i = 0; i < 4; ++i) m[i] = buf().msg[i];
  }, sim::kDefaultPriority, 6);
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(m[0], 0u);
  EXPECT_EQ(m[1], 0u);
  EXPECT_EQ(m[2], 6u);
  EXPECT_EQ(m[3], 64u);
}

TEST_F(CNodeTest, GetInfo_NeedsRead) {
  Process p = proc("p", [&] { r = inv(12, CNODE_GET_INFO); });
  give(p, 12, *p.cnode, RIGHT_WRITE);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(CNodeTest, UnknownLabel_InvalidOperation) {
  proc("p", [&] { r = inv(SLOT_CNODE, 0x1F); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(CNodeTest, InvokeDepths_GuardedDestination) {
  // Sub-CNode with 4 bits and a 4-bit guard 0xA at root slot 30; address
  // its slot 3 with depth 8 inside it: 0xA3.
  CNode& sub = guarded();
  Process p = with_ep([&] {
    sys(SYS_SET_INVOKE_DEPTHS, 0, 8);
    r = inv(SLOT_CNODE, CNODE_COPY, 10, 30, 0xA3, RIGHTS_ALL);
  });
  give(p, 30, sub);
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(sub.slot(3).cap.obj, &ep);
}

TEST_F(CNodeTest, InvokeDepths_GuardMismatch_InvalidCapability) {
  CNode& sub = guarded();
  Process p = with_ep([&] {
    sys(SYS_SET_INVOKE_DEPTHS, 0, 8);
    r = inv(SLOT_CNODE, CNODE_COPY, 10, 30, 0xB3, RIGHTS_ALL);
  });
  give(p, 30, sub);
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(CNodeTest, InvokeDepths_AreOneShot) {
  CNode& sub = guarded();
  Process p = with_ep([&] {
    sys(SYS_SET_INVOKE_DEPTHS, 0, 8);
    r = inv(SLOT_CNODE, CNODE_COPY, 10, 30, 0xA3, RIGHTS_ALL);
    r2 = inv(SLOT_CNODE, CNODE_COPY, 10, 30, 0xA4, RIGHTS_ALL);  // flat now: 0xA4 out of range
  });
  give(p, 30, sub);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, INVALID_CAPABILITY);
}

TEST_F(CNodeTest, InvokeDepths_Above64_InvalidArgument) {
  proc("p", [&] { r = sys(SYS_SET_INVOKE_DEPTHS, 65, 0); });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(CNodeTest, InvokeDepths_SourceDepthForCopy) {
  Process p = with_ep([&] {
    sys(SYS_SET_INVOKE_DEPTHS, 10, 0);  // src in the 10-bit root, depth 10
    r = inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, 11, RIGHTS_ALL);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(cap_at(p, 11).obj, &ep);
}

TEST_F(CNodeTest, InvokeDepths_DestDepthForMove) {
  CNode& sub = k.new_cnode(4);
  Process p = with_ep([&] {
    sys(SYS_SET_INVOKE_DEPTHS, 4, 0);  // d0 = dest (in the invoked 4-bit CNode)
    r = inv(30, CNODE_MOVE, 7, SLOT_CNODE, 10);
  });
  give(p, 30, sub);
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(sub.slot(7).cap.obj, &ep);
}

TEST_F(CNodeTest, Lookup_FlatAutoDetectsSubCNode) {
  // Root 10 bits; sub-CNode of 4 bits at root slot 100: cptr (100<<4)|5 >= 1024.
  CNode& sub = k.new_cnode(4);
  Notification& n = k.new_notification();
  k.install(sub, 5, n);
  Process p = proc("p", [&] { r = sys(SYS_SIGNAL, (100 << 4) | 5, 1); });
  give(p, 100, sub);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(n.word, 1u);
}

TEST_F(CNodeTest, Lookup_FlatOutOfRangeWithoutSubCNode_InvalidCapability) {
  proc("p", [&] { r = sys(SYS_SIGNAL, 5000, 1); });
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(CNodeTest, Lookup_ThreadCSpaceDepthRadixWalk) {
  // The thread's CSpace has depth 10 (= root bits): plain radix walk.
  Notification& n = k.new_notification();
  Process p = proc("p", [&] { r = sys(SYS_SIGNAL, 9, 2); });
  give(p, 9, n);
  p.tcb->cspace_depth = 10;
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(n.word, 2u);
}

TEST_F(CNodeTest, Lookup_TwoLevelGuardedWalk) {
  Notification& n = k.new_notification();
  CNode& sub = k.new_cnode(4);
  sub.guard = 1;
  sub.guard_bits = 2;
  k.install(sub, 0xC, n);
  // depth 16: 10 bits root index 3, then guard 01, then 4-bit index 0xC.
  Process p = proc("p", [&] { r = sys(SYS_SIGNAL, (3 << 6) | (1 << 4) | 0xC, 8); });
  give(p, 3, sub);
  p.tcb->cspace_depth = 16;
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(n.word, 8u);
}

TEST_F(CNodeTest, DerivationTreeDumpShowsChildrenIndented) {
  with_ep([&] { inv(SLOT_CNODE, CNODE_MINT, 10, SLOT_CNODE, 11, 0x42); });
  run();
  std::string t = k.derivation_tree();
  EXPECT_NE(t.find("[10] endpoint#"), std::string::npos);
  EXPECT_NE(t.find("  cnode#"), std::string::npos);
  EXPECT_NE(t.find("badge=0x42"), std::string::npos);
}

TEST_F(CNodeTest, CapOperationsRaiseEvents) {
  record_events();
  with_ep([&] {
    inv(SLOT_CNODE, CNODE_COPY, 10, SLOT_CNODE, 11, RIGHTS_ALL);
    inv(SLOT_CNODE, CNODE_MINT, 10, SLOT_CNODE, 12, 1);
    inv(SLOT_CNODE, CNODE_MOVE, 13, SLOT_CNODE, 12);
    inv(SLOT_CNODE, CNODE_MUTATE, 14, SLOT_CNODE, 13, 2);
    inv(SLOT_CNODE, CNODE_REVOKE, 10);
  });
  run();
  EXPECT_EQ(count(KernelEvent::Kind::CapCopy), 1u);
  EXPECT_EQ(count(KernelEvent::Kind::CapMint), 1u);
  EXPECT_EQ(count(KernelEvent::Kind::CapMove), 1u);
  EXPECT_EQ(count(KernelEvent::Kind::CapMutate), 1u);
  EXPECT_EQ(count(KernelEvent::Kind::CapRevoke), 1u);
  EXPECT_EQ(count(KernelEvent::Kind::CapDelete), 2u);
}

}  // namespace
}  // namespace kt
