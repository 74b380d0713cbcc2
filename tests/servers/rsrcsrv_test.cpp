// rsrcsrv: quota accounting over a fake kernel, and the handler for every
// RES_* label (kernel-abi.md §3.7), error paths included.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "core/rsrcsrv/handler.h"
#include "uapi/kernel_abi.h"
#include "uapi/rsrcsrv.h"

namespace {

using namespace uapi;
using namespace uapi::rsrcsrv;
using lib::Reply;
using lib::Request;

// Untypeds with a byte watermark (aligned like the kernel model), objects
// in slots; records revokes and deletes; can fail the n-th retype.
class FakeKernel : public ::rsrcsrv::KernelOps {
 public:
  struct Ut {
    uint64_t size = 0;
    uint64_t watermark = 0;
  };
  std::map<uint64_t, Ut> untypeds;
  std::map<uint64_t, uint64_t> objects;  // slot -> untyped slot
  std::vector<uint64_t> revoked, removed, resets;
  int retypes = 0;
  int fail_retype_at = -1;  // 0-based index of the retype to fail
  uint64_t fail_with = TRONA_OUT_OF_MEMORY;

  uint64_t retype(uint64_t ut, uint64_t type, uint64_t bits, uint64_t dest) override {
    if (retypes++ == fail_retype_at) return fail_with;
    auto it = untypeds.find(ut);
    if (it == untypeds.end()) return TRONA_INVALID_CAPABILITY;
    uint64_t size = ::rsrcsrv::object_bytes(type, bits);
    if (size == 0) return TRONA_INVALID_ARGUMENT;
    if (objects.count(dest)) return TRONA_SLOT_OCCUPIED;
    uint64_t off = (it->second.watermark + size - 1) / size * size;
    if (off + size > it->second.size) return TRONA_OUT_OF_MEMORY;
    it->second.watermark = off + size;
    objects[dest] = ut;
    return TRONA_OK;
  }
  uint64_t reset(uint64_t ut) override {
    resets.push_back(ut);
    for (auto& [slot, from] : objects)
      if (from == ut) return TRONA_BUSY;
    untypeds[ut].watermark = 0;
    return TRONA_OK;
  }
  uint64_t revoke(uint64_t slot) override {
    revoked.push_back(slot);
    return TRONA_OK;
  }
  uint64_t remove(uint64_t slot) override {
    removed.push_back(slot);
    return objects.erase(slot) ? TRONA_OK : TRONA_INVALID_CAPABILITY;
  }
};

constexpr uint64_t kProcmgr = 0x1004;  // a badge init promotes
constexpr uint64_t kApp = 0x2001;
constexpr uint64_t kOther = 0x2002;

struct Rsrcsrv {
  FakeKernel kernel;
  std::unique_ptr<::rsrcsrv::ResourceManager> rm = std::make_unique<::rsrcsrv::ResourceManager>(kernel);

  explicit Rsrcsrv(uint64_t untyped_bytes = 1 << 20) {
    kernel.untypeds[16] = {untyped_bytes, 0};
    rm->add_untyped(16);
  }

  Reply call(uint64_t badge, uint64_t label, std::vector<uint64_t> mrs, bool with_cap = false) {
    Request rq;
    rq.label = label;
    rq.badge = badge;
    rq.length = mrs.size();
    for (size_t i = 0; i < mrs.size(); ++i) rq.mr[i] = mrs[i];
    if (with_cap) {
      rq.cap_count = 1;
      rq.cap_slot = 63;
    }
    Reply rp;
    ::rsrcsrv::handle(*rm, rq, &rp);
    EXPECT_TRUE(rp.send);
    return rp;
  }
  Reply alloc(uint64_t badge, uint64_t owner, uint64_t type, uint64_t bits = 0) {
    return call(badge, RES_ALLOC_OBJECT, {owner, type, bits, 0});
  }
  // {bytes, handles} by RES_QUERY_USAGE.
  std::pair<uint64_t, uint64_t> usage(uint64_t badge, uint64_t owner = 0) {
    Reply r = call(badge, RES_QUERY_USAGE, {owner});
    EXPECT_EQ(r.label, TRONA_OK);
    EXPECT_EQ(r.length, 3u);
    EXPECT_EQ(r.mr[0], TRONA_OK);
    return {r.mr[1], r.mr[2]};
  }
  Reply set_quota(uint64_t badge, uint64_t owner, uint64_t bytes, uint64_t handles) {
    return call(badge, RES_SET_QUOTA, {owner, bytes, handles});
  }
};

TEST(RsrcsrvObjects, SizesMatchTheKernelModel) {
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_ENDPOINT, 0), 64u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_NOTIFICATION, 0), 64u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_TCB, 0), 2048u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_CNODE, 10), 32u << 10);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_CNODE, 3), 0u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_CNODE, 17), 0u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_VSPACE, 0), 4096u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_FRAME, 12), 4096u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_FRAME, 13), 0u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_UNTYPED, 20), 1u << 20);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_SCHED_CONTEXT, 0), 256u);
  EXPECT_EQ(::rsrcsrv::object_bytes(OBJ_MEMORY_OBJECT, 4), 256u);
  EXPECT_EQ(::rsrcsrv::object_bytes(0, 0), 0u);
  EXPECT_EQ(::rsrcsrv::object_bytes(12, 0), 0u);
}

TEST(Rsrcsrv, AllocObjectRepliesHandleStatusAndCap) {
  Rsrcsrv s;
  Reply r = s.alloc(kApp, 0, OBJ_ENDPOINT);
  EXPECT_EQ(r.label, TRONA_OK);
  ASSERT_EQ(r.length, 2u);
  EXPECT_EQ(r.mr[1], TRONA_OK);
  EXPECT_EQ(handle_epoch(r.mr[0]), 1u);
  ASSERT_EQ(r.cap_count, 1u);
  EXPECT_EQ(s.kernel.objects.count(r.caps[0]), 1u);  // the cap rsrcsrv transfers
  EXPECT_EQ(s.usage(kApp), std::make_pair(uint64_t{64}, uint64_t{1}));
  ::rsrcsrv::Usage u = s.rm->usage(kApp);
  EXPECT_EQ(u.type_handles[OBJ_ENDPOINT], 1u);
  EXPECT_EQ(u.type_bytes[OBJ_ENDPOINT], 64u);
}

TEST(Rsrcsrv, AllocObjectErrors) {
  Rsrcsrv s;
  Reply bad_type = s.alloc(kApp, 0, 42);
  EXPECT_EQ(bad_type.label, TRONA_INVALID_ARGUMENT);
  ASSERT_EQ(bad_type.length, 2u);
  EXPECT_EQ(bad_type.mr[0], 0u);
  EXPECT_EQ(bad_type.mr[1], TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(bad_type.cap_count, 0u);
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_CNODE, 2).label, TRONA_INVALID_ARGUMENT);
  // Another owner needs a privileged caller.
  Reply other = s.alloc(kApp, kOther, OBJ_ENDPOINT);
  EXPECT_EQ(other.label, TRONA_INSUFFICIENT_RIGHTS);
  EXPECT_EQ(other.mr[1], TRONA_INSUFFICIENT_RIGHTS);
  EXPECT_EQ(s.usage(kOther, 0).second, 0u);
  // Untypeds exhausted.
  Rsrcsrv tiny(4096);
  EXPECT_EQ(tiny.alloc(kApp, 0, OBJ_VSPACE).label, TRONA_OK);
  EXPECT_EQ(tiny.alloc(kApp, 0, OBJ_VSPACE).label, TRONA_OUT_OF_MEMORY);
}

TEST(Rsrcsrv, InitMayAllocateForAnotherOwner) {
  Rsrcsrv s;
  Reply r = s.alloc(kInitBadge, kApp, OBJ_TCB);
  EXPECT_EQ(r.label, TRONA_OK);
  EXPECT_EQ(s.usage(kApp).first, 2048u);
  EXPECT_EQ(s.usage(kInitBadge).first, 0u);
}

TEST(Rsrcsrv, QuotaExceededLeavesOthersUnaffected) {
  Rsrcsrv s;
  ASSERT_EQ(s.set_quota(kInitBadge, kApp, 4096 + 64, 2).label, TRONA_OK);
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_VSPACE).label, TRONA_OK);
  Reply over_bytes = s.alloc(kApp, 0, OBJ_TCB);
  EXPECT_EQ(over_bytes.label, TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_ENDPOINT).label, TRONA_OK);
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_ENDPOINT).label, TRONA_OUT_OF_MEMORY);  // handles
  EXPECT_EQ(s.usage(kApp), std::make_pair(uint64_t{4096 + 64}, uint64_t{2}));
  // Another owner is not limited by kApp's quota.
  EXPECT_EQ(s.alloc(kOther, 0, OBJ_TCB).label, TRONA_OK);
  EXPECT_EQ(s.alloc(kOther, 0, OBJ_TCB).label, TRONA_OK);
  EXPECT_EQ(s.usage(kOther).second, 2u);
}

TEST(Rsrcsrv, ZeroQuotaMeansUnlimited) {
  Rsrcsrv s;
  s.set_quota(kInitBadge, kApp, 64, 1);
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_ENDPOINT).label, TRONA_OK);
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_ENDPOINT).label, TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(s.set_quota(kInitBadge, kApp, 0, 0).label, TRONA_OK);
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_ENDPOINT).label, TRONA_OK);
}

TEST(Rsrcsrv, SetQuotaAndPromotePermissions) {
  Rsrcsrv s;
  // An ordinary owner may not lift its own quota.
  EXPECT_EQ(s.set_quota(kApp, 0, 0, 0).label, TRONA_INSUFFICIENT_RIGHTS);
  // Promotion only from init.
  EXPECT_EQ(s.set_quota(kApp, kProcmgr, 0, RES_QUOTA_FLAG_PROMOTE_PRIVILEGED).label, TRONA_INSUFFICIENT_RIGHTS);
  EXPECT_FALSE(s.rm->privileged(kProcmgr));
  EXPECT_EQ(s.set_quota(kInitBadge, kProcmgr, 0, RES_QUOTA_FLAG_PROMOTE_PRIVILEGED).label, TRONA_OK);
  EXPECT_TRUE(s.rm->privileged(kProcmgr));
  EXPECT_EQ(s.rm->quota(kProcmgr).max_handles, 0u);  // the flag is not part of the quota
  // A promoted owner acts for others and sets their quotas, but cannot promote.
  EXPECT_EQ(s.set_quota(kProcmgr, kApp, 1 << 16, 10).label, TRONA_OK);
  EXPECT_EQ(s.rm->quota(kApp).max_bytes, 1u << 16);
  EXPECT_EQ(s.rm->quota(kApp).max_handles, 10u);
  EXPECT_EQ(s.alloc(kProcmgr, kApp, OBJ_ENDPOINT).label, TRONA_OK);
  EXPECT_EQ(s.set_quota(kProcmgr, kOther, 0, RES_QUOTA_FLAG_PROMOTE_PRIVILEGED).label, TRONA_INSUFFICIENT_RIGHTS);
}

std::vector<uint64_t> batch(uint64_t owner, std::vector<std::pair<uint64_t, uint64_t>> items) {
  std::vector<uint64_t> mrs{owner, items.size()};
  for (auto [type, bits] : items) mrs.push_back(batch_entry(type, bits));
  return mrs;
}

TEST(Rsrcsrv, BatchAllocation) {
  Rsrcsrv s;
  Reply r = s.call(kApp, RES_ALLOC_BATCH, batch(0, {{OBJ_TCB, 0}, {OBJ_VSPACE, 0}, {OBJ_CNODE, 10}, {OBJ_ENDPOINT, 0}}));
  EXPECT_EQ(r.label, TRONA_OK);
  ASSERT_EQ(r.length, 5u);
  EXPECT_EQ(r.mr[4], TRONA_OK);
  ASSERT_EQ(r.cap_count, 4u);
  std::set<uint64_t> handles(r.mr, r.mr + 4);
  EXPECT_EQ(handles.size(), 4u);
  EXPECT_EQ(s.usage(kApp), std::make_pair(uint64_t{2048 + 4096 + (32 << 10) + 64}, uint64_t{4}));
  // Each handle frees its own object.
  EXPECT_EQ(s.call(kApp, RES_FREE_HANDLE, {0, r.mr[2]}).label, TRONA_OK);
  EXPECT_EQ(s.usage(kApp), std::make_pair(uint64_t{2048 + 4096 + 64}, uint64_t{3}));
}

TEST(Rsrcsrv, BatchErrors) {
  Rsrcsrv s;
  EXPECT_EQ(s.call(kApp, RES_ALLOC_BATCH, {0, 0}).label, TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(s.call(kApp, RES_ALLOC_BATCH, batch(0, std::vector<std::pair<uint64_t, uint64_t>>(9, {OBJ_ENDPOINT, 0})))
                .label,
            TRONA_INVALID_ARGUMENT);
  // Count says 3, only 2 entries present.
  EXPECT_EQ(s.call(kApp, RES_ALLOC_BATCH, {0, 3, batch_entry(OBJ_ENDPOINT, 0), batch_entry(OBJ_ENDPOINT, 0)}).label,
            TRONA_INVALID_ARGUMENT);
  // 5..8 entries: more caps than one reply carries.
  Reply five = s.call(kApp, RES_ALLOC_BATCH, batch(0, std::vector<std::pair<uint64_t, uint64_t>>(5, {OBJ_ENDPOINT, 0})));
  EXPECT_EQ(five.label, TRONA_OUT_OF_RANGE);
  ASSERT_EQ(five.length, 1u);
  EXPECT_EQ(five.mr[0], TRONA_OUT_OF_RANGE);
  // A bad entry anywhere refuses the whole batch before anything is made.
  EXPECT_EQ(s.call(kApp, RES_ALLOC_BATCH, batch(0, {{OBJ_ENDPOINT, 0}, {99, 0}})).label, TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(s.kernel.retypes, 0);
  EXPECT_EQ(s.call(kApp, RES_ALLOC_BATCH, batch(kOther, {{OBJ_ENDPOINT, 0}})).label, TRONA_INSUFFICIENT_RIGHTS);
}

TEST(Rsrcsrv, BatchOverQuotaMakesNothing) {
  Rsrcsrv s;
  s.set_quota(kInitBadge, kApp, 0, 3);
  ASSERT_EQ(s.alloc(kApp, 0, OBJ_ENDPOINT).label, TRONA_OK);
  Reply r = s.call(kApp, RES_ALLOC_BATCH, batch(0, {{OBJ_ENDPOINT, 0}, {OBJ_ENDPOINT, 0}, {OBJ_ENDPOINT, 0}}));
  EXPECT_EQ(r.label, TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(s.usage(kApp).second, 1u);
  EXPECT_EQ(s.kernel.retypes, 1);
}

TEST(Rsrcsrv, BatchRollsBackWhenTheKernelFailsMidway) {
  Rsrcsrv s;
  ASSERT_EQ(s.alloc(kApp, 0, OBJ_ENDPOINT).label, TRONA_OK);
  auto before = s.usage(kApp);
  size_t objects_before = s.kernel.objects.size();
  s.kernel.fail_retype_at = s.kernel.retypes + 2;  // third object of the batch
  s.kernel.fail_with = TRONA_INVALID_ARGUMENT;
  Reply r = s.call(kApp, RES_ALLOC_BATCH, batch(0, {{OBJ_TCB, 0}, {OBJ_VSPACE, 0}, {OBJ_ENDPOINT, 0}}));
  EXPECT_EQ(r.label, TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(r.cap_count, 0u);
  EXPECT_EQ(s.usage(kApp), before);
  EXPECT_EQ(s.kernel.objects.size(), objects_before);  // the two made were deleted
  EXPECT_EQ(s.kernel.revoked.size(), 2u);
  // The slots are usable again.
  EXPECT_EQ(s.call(kApp, RES_ALLOC_BATCH, batch(0, {{OBJ_TCB, 0}, {OBJ_VSPACE, 0}, {OBJ_ENDPOINT, 0}})).label,
            TRONA_OK);
}

TEST(Rsrcsrv, FreeHandle) {
  Rsrcsrv s;
  Reply a = s.alloc(kApp, 0, OBJ_NOTIFICATION);
  uint64_t h = a.mr[0], slot = a.caps[0];
  EXPECT_EQ(s.call(kOther, RES_FREE_HANDLE, {0, h}).label, TRONA_INSUFFICIENT_RIGHTS);  // not its owner
  EXPECT_EQ(s.call(kOther, RES_FREE_HANDLE, {kApp, h}).label, TRONA_INSUFFICIENT_RIGHTS);  // not privileged
  EXPECT_EQ(s.call(kApp, RES_FREE_HANDLE, {0, h}).label, TRONA_OK);
  EXPECT_EQ(s.kernel.revoked, std::vector<uint64_t>{slot});  // the transferred copy dies too
  EXPECT_EQ(s.kernel.removed, std::vector<uint64_t>{slot});
  EXPECT_EQ(s.usage(kApp), std::make_pair(uint64_t{0}, uint64_t{0}));
  // Stale epoch: the index is reused by a new object, the old handle is not.
  Reply b = s.alloc(kApp, 0, OBJ_NOTIFICATION);
  EXPECT_EQ(handle_index(b.mr[0]), handle_index(h));
  EXPECT_EQ(handle_epoch(b.mr[0]), handle_epoch(h) + 1);
  EXPECT_EQ(s.call(kApp, RES_FREE_HANDLE, {0, h}).label, TRONA_NOT_FOUND);
  EXPECT_EQ(s.call(kApp, RES_FREE_HANDLE, {0, make_handle(1, 999999)}).label, TRONA_NOT_FOUND);
  EXPECT_EQ(s.call(kApp, RES_FREE_HANDLE, {0, 0}).label, TRONA_NOT_FOUND);
  // The privileged may free for the owner.
  EXPECT_EQ(s.call(kInitBadge, RES_FREE_HANDLE, {kApp, b.mr[0]}).label, TRONA_OK);
}

TEST(Rsrcsrv, ReclaimOwnerReturnsUsageToTheEarlierFigureExactly) {
  Rsrcsrv s;
  ASSERT_EQ(s.alloc(kOther, 0, OBJ_TCB).label, TRONA_OK);
  ASSERT_EQ(s.set_quota(kInitBadge, kApp, 64 * 1024, 0).label, TRONA_OK);
  ASSERT_EQ(s.alloc(kInitBadge, kApp, OBJ_CNODE, 4).label, TRONA_OK);  // the process's own objects
  auto app_before = s.usage(kApp);
  auto other_before = s.usage(kOther);
  size_t kernel_before = s.kernel.objects.size();

  // The process allocates until its quota is exhausted.
  int made = 0;
  while (s.alloc(kApp, 0, OBJ_FRAME, 12).label == TRONA_OK) ++made;
  EXPECT_EQ(made, 15);  // 64 KiB - 512 B of CNode leaves 15 frames
  EXPECT_EQ(s.call(kApp, RES_ALLOC_BATCH, batch(0, {{OBJ_ENDPOINT, 0}, {OBJ_FRAME, 12}})).label, TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(s.usage(kOther), other_before);  // others unaffected
  EXPECT_EQ(s.alloc(kOther, 0, OBJ_FRAME, 12).label, TRONA_OK);
  other_before = s.usage(kOther);

  // Exit: procmgr (promoted) reclaims everything the process holds.
  s.set_quota(kInitBadge, kProcmgr, 0, RES_QUOTA_FLAG_PROMOTE_PRIVILEGED);
  Reply r = s.call(kProcmgr, RES_RECLAIM_OWNER, {kApp});
  EXPECT_EQ(r.label, TRONA_OK);
  ASSERT_EQ(r.length, 2u);
  EXPECT_EQ(r.mr[0], TRONA_OK);
  EXPECT_EQ(r.mr[1], 16u);
  EXPECT_EQ(s.usage(kApp), std::make_pair(uint64_t{0}, uint64_t{0}));
  EXPECT_EQ(s.usage(kOther), other_before);
  EXPECT_EQ(s.kernel.objects.size(), kernel_before + 1 - 1);  // + kOther's frame, - the app's CNode

  // Back to the figure before the process: allocate its CNode again, same numbers.
  ASSERT_EQ(s.alloc(kInitBadge, kApp, OBJ_CNODE, 4).label, TRONA_OK);
  EXPECT_EQ(s.usage(kApp), app_before);
  // A second reclaim finds nothing more than that.
  EXPECT_EQ(s.call(kInitBadge, RES_RECLAIM_OWNER, {kApp}).mr[1], 1u);
  EXPECT_EQ(s.call(kInitBadge, RES_RECLAIM_OWNER, {kApp}).mr[1], 0u);
}

// Owners come and go with processes (procmgr's child badges): reclaiming
// an owner back to the defaults frees its record, so far more owners than
// the table holds (kMaxOwners) can live one after the other; an owner with
// a quota of its own is remembered until the quota is reset.
TEST(Rsrcsrv, OwnersThatHoldNothingAreForgotten) {
  Rsrcsrv s;
  for (uint64_t n = 0; n < 4 * ::rsrcsrv::kMaxOwners; ++n) {
    const uint64_t owner = 0x10000 + n;
    ASSERT_EQ(s.set_quota(kInitBadge, owner, 8192, 4).label, TRONA_OK) << n;
    ASSERT_EQ(s.alloc(kInitBadge, owner, OBJ_ENDPOINT).label, TRONA_OK) << n;
    ASSERT_EQ(s.call(kInitBadge, RES_RECLAIM_OWNER, {owner}).mr[1], 1u);
    EXPECT_EQ(s.rm->quota(owner).max_bytes, 8192u);  // reclaim keeps the quota
    ASSERT_EQ(s.set_quota(kInitBadge, owner, 0, 0).label, TRONA_OK);
  }
  // Without the reset the records stay and the table fills: then a new
  // owner cannot allocate (OUT_OF_MEMORY), the existing ones still can.
  for (uint64_t n = 0; n < ::rsrcsrv::kMaxOwners; ++n)
    ASSERT_EQ(s.set_quota(kInitBadge, 0x20000 + n, 8192, 4).label, TRONA_OK) << n;
  EXPECT_EQ(s.alloc(kInitBadge, 0x30000, OBJ_ENDPOINT).label, TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(s.alloc(kInitBadge, 0x20000, OBJ_ENDPOINT).label, TRONA_OK);
  // A forgotten owner reads as a fresh one: no usage, the default quota.
  EXPECT_EQ(s.usage(0x10000), std::make_pair(uint64_t{0}, uint64_t{0}));
  EXPECT_EQ(s.rm->quota(0x10000).max_bytes, 0u);
}

TEST(Rsrcsrv, ReclaimPermissions) {
  Rsrcsrv s;
  s.alloc(kApp, 0, OBJ_ENDPOINT);
  Reply denied = s.call(kOther, RES_RECLAIM_OWNER, {kApp});
  EXPECT_EQ(denied.label, TRONA_INSUFFICIENT_RIGHTS);
  ASSERT_EQ(denied.length, 1u);
  EXPECT_EQ(denied.mr[0], TRONA_INSUFFICIENT_RIGHTS);
  EXPECT_EQ(s.usage(kApp).second, 1u);
  EXPECT_EQ(s.call(kApp, RES_RECLAIM_OWNER, {0}).mr[1], 1u);  // its own objects
}

TEST(Rsrcsrv, QueryUsagePermissions) {
  Rsrcsrv s;
  s.alloc(kApp, 0, OBJ_ENDPOINT);
  Reply r = s.call(kOther, RES_QUERY_USAGE, {kApp});
  EXPECT_EQ(r.label, TRONA_INSUFFICIENT_RIGHTS);
  EXPECT_EQ(r.mr[0], TRONA_INSUFFICIENT_RIGHTS);
  EXPECT_EQ(s.usage(kInitBadge, kApp), std::make_pair(uint64_t{64}, uint64_t{1}));
  EXPECT_EQ(s.usage(kApp, 0), std::make_pair(uint64_t{64}, uint64_t{1}));
  EXPECT_EQ(s.usage(kApp, kApp), std::make_pair(uint64_t{64}, uint64_t{1}));
  EXPECT_EQ(s.usage(kInitBadge, 0x9999), std::make_pair(uint64_t{0}, uint64_t{0}));  // unknown owner
}

TEST(Rsrcsrv, AdoptUntyped) {
  Rsrcsrv s(4096);
  ASSERT_EQ(s.alloc(kApp, 0, OBJ_VSPACE).label, TRONA_OK);
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_VSPACE).label, TRONA_OUT_OF_MEMORY);
  // Only init, and only with a cap.
  EXPECT_EQ(s.call(kApp, RES_ADOPT_UNTYPED, {}, true).label, TRONA_INSUFFICIENT_RIGHTS);
  EXPECT_EQ(s.call(kInitBadge, RES_ADOPT_UNTYPED, {}, false).label, TRONA_INVALID_CAPABILITY);
  Reply r = s.call(kInitBadge, RES_ADOPT_UNTYPED, {}, true);
  EXPECT_EQ(r.label, TRONA_OK);
  EXPECT_EQ(r.keep_cap_at, 64u);  // adopted untyped 0
  s.kernel.untypeds[r.keep_cap_at] = {1 << 16, 0};  // what the loop's move puts there
  EXPECT_EQ(s.alloc(kApp, 0, OBJ_VSPACE).label, TRONA_OK);
  EXPECT_EQ(s.call(kInitBadge, RES_ADOPT_UNTYPED, {}, true).keep_cap_at, 65u);
  EXPECT_EQ(s.rm->untyped_count(), 3u);
}

TEST(Rsrcsrv, EmptyUntypedsAreResetAndMissingOnesSkipped) {
  FakeKernel kernel;
  kernel.untypeds[7] = {4096, 0};
  ::rsrcsrv::ResourceManager rm(kernel);
  rm.add_untyped(16);  // empty boot slot
  rm.add_untyped(7);
  uint64_t h, slot;
  ASSERT_EQ(rm.alloc(kApp, OBJ_VSPACE, 0, &h, &slot), TRONA_OK);
  ASSERT_EQ(rm.free(kApp, h), TRONA_OK);
  // The watermark is still at the end; with no live objects rsrcsrv resets it.
  ASSERT_EQ(rm.alloc(kApp, OBJ_VSPACE, 0, &h, &slot), TRONA_OK);
  EXPECT_EQ(kernel.resets, std::vector<uint64_t>{7});
  EXPECT_EQ(rm.alloc(kApp, OBJ_VSPACE, 0, &h, &slot), TRONA_OUT_OF_MEMORY);
}

TEST(Rsrcsrv, UnknownLabelIsInvalidOperation) {
  Rsrcsrv s;
  EXPECT_EQ(s.call(kApp, 0xE7, {}).label, TRONA_INVALID_OPERATION);
  EXPECT_EQ(s.call(kApp, 0xDF, {}).label, TRONA_INVALID_OPERATION);
}

}  // namespace
