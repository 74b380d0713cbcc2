// rsrcsrv over real IPC in the simulator: init hands its root untypeds over
// (RES_ADOPT_UNTYPED, badge 1), clients allocate, free and get reclaimed
// through the trona stubs (trona/clients/rsrcsrv_client.h) only; the host checks
// the caps they really hold afterwards.
#include <gtest/gtest.h>

#include <ostream>
#include <vector>

#include "ipc_harness.h"
#include "core/rsrcsrv/quota.h"

namespace trona {
void PrintTo(const ResUsage& u, std::ostream* os) { *os << "{bytes " << u.bytes << ", handles " << u.handles << "}"; }
}  // namespace trona

namespace {

using namespace ipct;
using trona::kResSelf;
using trona::ResBatchEntry;
using trona::ResUsage;
using uapi::SLOT_SELF_CNODE;

constexpr Word kA = kClientBadge + 1;
constexpr Word kB = kClientBadge + 2;
constexpr Word kSlot = 400;  // clients receive objects from here on
constexpr Word kSync = kFree;  // notification between processes

struct TypeCase {
  Word type;
  Word size_bits;
};
const std::vector<TypeCase> kEveryType = {
    {uapi::OBJ_UNTYPED, 12}, {uapi::OBJ_ENDPOINT, 0},      {uapi::OBJ_NOTIFICATION, 0}, {uapi::OBJ_TCB, 0},
    {uapi::OBJ_CNODE, 4},    {uapi::OBJ_VSPACE, 0},        {uapi::OBJ_FRAME, 12},       {uapi::OBJ_IRQ_HANDLER, 0},
    {uapi::OBJ_IO_PORT, 0},  {uapi::OBJ_SCHED_CONTEXT, 0}, {uapi::OBJ_MEMORY_OBJECT, 0},
};


TEST(RsrcsrvIpc, AllocatesEveryObjectTypeAndFreesThem) {
  SimOs os;
  os.init([] {});
  std::vector<Word> handles(kEveryType.size());
  Word expected_bytes = 0;
  for (const TypeCase& t : kEveryType) expected_bytes += rsrcsrv::object_bytes(t.type, t.size_bits);
  ResUsage full{}, after_free{1, 1};
  Process p;
  p = os.client("alloc", kA, [&] {
    trona::RsrcsrvClient rs;
    for (std::size_t i = 0; i < kEveryType.size(); ++i)
      EXPECT_EQ(rs.alloc_object(kResSelf, kEveryType[i].type, kEveryType[i].size_bits, kSlot + i, &handles[i]), 0)
          << "type " << kEveryType[i].type;
    EXPECT_EQ(rs.query_usage(kResSelf, &full), 0);
    // (host peek while they exist) each cap is of the type asked for.
    for (std::size_t i = 0; i < kEveryType.size(); ++i)
      EXPECT_EQ(type_at(os.k, p, kSlot + i), kEveryType[i].type) << "slot " << kSlot + i;
    // The objects are real: e.g. the notification can be signalled and polled.
    EXPECT_TRUE(trona::signal(kSlot + 2, 4).ok());
    trona::SysResult polled = trona::poll(kSlot + 2);
    EXPECT_TRUE(polled.ok());
    EXPECT_EQ(polled.value, 4u);
    for (Word h : handles) EXPECT_EQ(rs.free_handle(kResSelf, h), 0);
    EXPECT_EQ(rs.query_usage(kResSelf, &after_free), 0);
  });
  ASSERT_TRUE(os.run());
  EXPECT_GE(os.adopted, 1);
  EXPECT_EQ(full.handles, kEveryType.size());
  EXPECT_EQ(full.bytes, expected_bytes);
  EXPECT_EQ(after_free, (ResUsage{0, 0}));
  for (std::size_t i = 0; i < kEveryType.size(); ++i) EXPECT_EQ(object_at(os.k, p, kSlot + i), nullptr);
}

TEST(RsrcsrvIpc, FreeRevokesEveryDerivedCapAndStaleHandlesAreRefused) {
  SimOs os;
  os.init([] {});
  Word b_handle = 0;
  Process a = os.client("a", kA, [&] {
    trona::RsrcsrvClient rs;
    Word h = 0;
    ASSERT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_NOTIFICATION, 0, kSlot, &h), 0);
    // A copy of the received cap, derived from it.
    ASSERT_TRUE(trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_COPY, kSlot, SLOT_SELF_CNODE, kSlot + 1,
                              uapi::RIGHTS_ALL).ok());
    EXPECT_TRUE(trona::signal(kSlot, 1).ok());
    EXPECT_EQ(trona::poll(kSlot + 1).value, 1u);
    EXPECT_EQ(rs.free_handle(kResSelf, h), 0);
    EXPECT_EQ(trona::signal(kSlot, 1).error, uapi::TRONA_INVALID_CAPABILITY);
    EXPECT_EQ(trona::signal(kSlot + 1, 1).error, uapi::TRONA_INVALID_CAPABILITY);
    EXPECT_EQ(rs.free_handle(kResSelf, h), uapi::kENOENT);           // stale epoch
    EXPECT_EQ(rs.free_handle(kResSelf, h + 5), uapi::kENOENT);       // never handed out
    EXPECT_EQ(rs.free_handle(kResSelf, ~Word{0}), uapi::kENOENT);    // garbage
    trona::wait(kSync);  // b has allocated
    EXPECT_EQ(rs.free_handle(kResSelf, b_handle), uapi::kEACCES);    // b's object, a's account
    EXPECT_EQ(rs.free_handle(kB, b_handle), uapi::kEACCES);          // acting for b: not privileged
    ResUsage u;
    EXPECT_EQ(rs.query_usage(kB, &u), uapi::kEACCES);
    EXPECT_EQ(rs.reclaim_owner(kB), uapi::kEACCES);
    EXPECT_EQ(rs.set_quota(kResSelf, 0, 100), uapi::kEACCES);        // may not lift its own quota
  });
  Process b = os.client("b", kB, [&] {
    trona::RsrcsrvClient rs;
    EXPECT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_ENDPOINT, 0, kSlot, &b_handle), 0);
    trona::signal(kSync, 1);
  });
  os.share_notification({a, b}, kSync);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(object_at(os.k, a, kSlot), nullptr);
  EXPECT_EQ(object_at(os.k, a, kSlot + 1), nullptr);
  EXPECT_EQ(type_at(os.k, b, kSlot), uapi::OBJ_ENDPOINT);  // untouched by a's attempts
}

// A process that exhausts its quota gets ENOMEM, others are unaffected,
// and reclaiming its objects (on its exit) returns its usage to the earlier
// figure exactly.
TEST(RsrcsrvIpc, QuotaExceededForOneOwnerOthersUnaffectedReclaimRestoresUsage) {
  SimOs os;
  ResUsage a_before{1, 1}, a_full{}, a_after{1, 1}, b_before_reclaim{}, b_after_reclaim{};
  Word freed = 0;
  Process init = os.init([&] {
    trona::RsrcsrvClient rs(kInitRsrcsrvSlot);
    EXPECT_EQ(rs.query_usage(kA, &a_before), 0);
    EXPECT_EQ(rs.set_quota(kA, 0, 3), 0);  // three handles
    os.resume_clients();
    for (Word seen = 0; seen != 3;) seen |= trona::wait(kSync).value;  // a and b are done
    EXPECT_EQ(rs.query_usage(kA, &a_full), 0);
    EXPECT_EQ(rs.query_usage(kB, &b_before_reclaim), 0);
    EXPECT_EQ(rs.reclaim_owner(kA, &freed), 0);
    EXPECT_EQ(rs.query_usage(kA, &a_after), 0);
    EXPECT_EQ(rs.query_usage(kB, &b_after_reclaim), 0);
  });
  Process a = os.client("a", kA, [] {
    trona::RsrcsrvClient rs;
    Word h = 0;
    for (Word i = 0; i < 3; ++i) EXPECT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_ENDPOINT, 0, kSlot + i, &h), 0);
    EXPECT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_ENDPOINT, 0, kSlot + 3, &h), uapi::kENOMEM);
    const ResBatchEntry one[] = {{uapi::OBJ_NOTIFICATION, 0}};
    EXPECT_EQ(rs.alloc_batch(kResSelf, one, 1, kSlot + 3, &h), uapi::kENOMEM);
    trona::signal(kSync, 1);
  });
  Process b = os.client("b", kB, [] {
    trona::RsrcsrvClient rs;
    Word h = 0;
    for (Word i = 0; i < 5; ++i) EXPECT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_NOTIFICATION, 0, kSlot + i, &h), 0);
    trona::signal(kSync, 2);
  });
  os.share_notification({init, a, b}, kSync);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(a_full, (ResUsage{3 * 64, 3}));
  EXPECT_EQ(freed, 3u);
  EXPECT_EQ(a_after, a_before);
  EXPECT_EQ(a_after, (ResUsage{0, 0}));
  EXPECT_EQ(b_before_reclaim, (ResUsage{5 * 64, 5}));
  EXPECT_EQ(b_after_reclaim, b_before_reclaim);
  for (Word i = 0; i < 4; ++i) EXPECT_EQ(object_at(os.k, a, kSlot + i), nullptr) << "a slot " << kSlot + i;
  for (Word i = 0; i < 5; ++i) EXPECT_EQ(type_at(os.k, b, kSlot + i), uapi::OBJ_NOTIFICATION) << "b slot " << i;
}

TEST(RsrcsrvIpc, BatchIsAllOrNothing) {
  SimOs os;
  Process init = os.init([&] {
    trona::RsrcsrvClient rs(kInitRsrcsrvSlot);
    EXPECT_EQ(rs.set_quota(kA, 0, 4), 0);
  });
  std::vector<Word> handles(3);
  ResUsage after_batch{}, after_refusals{};
  Process a = os.client("a", kA, [&] {
    trona::RsrcsrvClient rs;
    const ResBatchEntry three[] = {{uapi::OBJ_ENDPOINT, 0}, {uapi::OBJ_NOTIFICATION, 0}, {uapi::OBJ_FRAME, 12}};
    ASSERT_EQ(rs.alloc_batch(kResSelf, three, 3, kSlot, handles.data()), 0);
    EXPECT_EQ(rs.query_usage(kResSelf, &after_batch), 0);
    const ResBatchEntry five[] = {{uapi::OBJ_ENDPOINT, 0}, {uapi::OBJ_ENDPOINT, 0}, {uapi::OBJ_ENDPOINT, 0},
                                  {uapi::OBJ_ENDPOINT, 0}, {uapi::OBJ_ENDPOINT, 0}};
    Word h[5] = {};
    EXPECT_EQ(rs.alloc_batch(kResSelf, five, 5, kSlot + 10, h), uapi::kERANGE);  // > 4 caps per reply
    EXPECT_EQ(rs.alloc_batch(kResSelf, five, 2, kSlot + 10, h), uapi::kENOMEM);  // 3 + 2 > quota 4
    const ResBatchEntry bad[] = {{uapi::OBJ_ENDPOINT, 0}, {99, 0}};
    EXPECT_EQ(rs.alloc_batch(kResSelf, bad, 2, kSlot + 10, h), uapi::kEINVAL);
    EXPECT_EQ(rs.alloc_batch(kResSelf, bad, 0, kSlot + 10, h), uapi::kEINVAL);
    EXPECT_EQ(rs.query_usage(kResSelf, &after_refusals), 0);
    EXPECT_EQ(rs.free_handle(kResSelf, handles[1]), 0);
  });
  (void)init;
  ASSERT_TRUE(os.run());
  EXPECT_EQ(after_batch, (ResUsage{64 + 64 + 4096, 3}));
  EXPECT_EQ(after_refusals, after_batch);
  EXPECT_NE(handles[0], handles[1]);
  EXPECT_EQ(type_at(os.k, a, kSlot), uapi::OBJ_ENDPOINT);
  EXPECT_EQ(object_at(os.k, a, kSlot + 1), nullptr);  // freed
  EXPECT_EQ(type_at(os.k, a, kSlot + 2), uapi::OBJ_FRAME);
  for (Word s = kSlot + 10; s < kSlot + 15; ++s) EXPECT_EQ(object_at(os.k, a, s), nullptr);
}

TEST(RsrcsrvIpc, OnlyInitAdoptsAndPromotes) {
  SimOs os;
  Process init = os.init([&] {
    trona::RsrcsrvClient rs(kInitRsrcsrvSlot);
    EXPECT_EQ(rs.set_quota(kA, 0, 0, /*promote=*/true), 0);
  });
  Process a = os.client("a", kA, [] {
    trona::RsrcsrvClient rs;
    EXPECT_EQ(rs.adopt_untyped(kFree + 1), uapi::kEACCES);      // a real untyped, but not init
    EXPECT_EQ(rs.set_quota(kB, 0, 0, true), uapi::kEACCES);     // promote only from badge 1
    // Promoted: may act for another owner.
    Word h = 0;
    EXPECT_EQ(rs.alloc_object(kB, uapi::OBJ_ENDPOINT, 0, kSlot, &h), 0);
    ResUsage u;
    EXPECT_EQ(rs.query_usage(kB, &u), 0);
    EXPECT_EQ(u, (ResUsage{64, 1}));
    EXPECT_EQ(rs.set_quota(kB, 128, 2), 0);
    EXPECT_EQ(rs.free_handle(kB, h), 0);
  });
  os.k.install(*a.cnode, kFree + 1, os.k.new_untyped(16));
  (void)init;
  ASSERT_TRUE(os.run());
  EXPECT_EQ(type_at(os.k, a, kFree + 1), uapi::OBJ_UNTYPED);  // its own copy stays
  EXPECT_EQ(object_at(os.k, os.rsrcsrv, 63), nullptr);       // the refused copy was dropped
}

// A 64 KiB machine: init hands over one 64 KiB root untyped; 16 frames
// exhaust it; once every object is freed rsrcsrv resets the untyped
// (UNTYPED_RESET) and allocates from it again.
TEST(RsrcsrvIpc, ExhaustedUntypedIsResetOnceEmpty) {
  SimOs os(Word{64} << 10);
  os.init([] {});
  int first_round = 0;
  Process a = os.client("a", kA, [&] {
    trona::RsrcsrvClient rs;
    Word h[17] = {};
    while (first_round < 17 && rs.alloc_object(kResSelf, uapi::OBJ_FRAME, 12, kSlot + first_round, &h[first_round]) == 0)
      ++first_round;
    EXPECT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_ENDPOINT, 0, kSlot + 20, &h[16]), uapi::kENOMEM);
    EXPECT_EQ(rs.free_handle(kResSelf, h[0]), 0);
    // Memory of a dead object returns only with a reset, which needs the
    // untyped empty: still no room.
    EXPECT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_FRAME, 12, kSlot, &h[0]), uapi::kENOMEM);
    EXPECT_EQ(rs.reclaim_owner(kResSelf), 0);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_FRAME, 12, kSlot + i, &h[i]), 0) << i;
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(os.adopted, 1);
  EXPECT_EQ(first_round, 16);
  for (Word i = 0; i < 16; ++i) EXPECT_EQ(type_at(os.k, a, kSlot + i), uapi::OBJ_FRAME) << i;
}

TEST(RsrcsrvIpc, MalformedMessagesGetErrorsAndServerKeepsServing) {
  SimOs os;
  os.init([] {});
  Process a = os.client("garbage", kA, [] {
    const Word rsep = uapi::SLOT_RSRCSRV_EP;
    auto reply = [](size_t i) { return trona::ipc_buffer()->msg[i]; };  // 0 label, 1 length, 2.. MRs
    using namespace uapi::rsrcsrv;
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(0xE7, 0)).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INVALID_OPERATION);
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(0xDF, 2), 1, 2).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INVALID_OPERATION);
    // ALLOC_OBJECT with no MRs at all: owner = caller, type 0.
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_ALLOC_OBJECT, 0)).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INVALID_ARGUMENT);
    EXPECT_EQ(reply(1), 2u);                                 // same shape as success:
    EXPECT_EQ(reply(3), uapi::TRONA_INVALID_ARGUMENT);       // MR1 echoes the status
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_ALLOC_OBJECT, 3), 0, 200, 70).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INVALID_ARGUMENT);
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_ALLOC_OBJECT, 3), 0, uapi::OBJ_CNODE, 63).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INVALID_ARGUMENT);
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_ALLOC_BATCH, 2), 0, 200).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INVALID_ARGUMENT);
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_ALLOC_BATCH, 3), 0, 3, batch_entry(uapi::OBJ_ENDPOINT, 0)).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INVALID_ARGUMENT);     // 3 entries declared, 1 present
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_FREE_HANDLE, 2), 0, 0x1234567890ULL).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_NOT_FOUND);
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_ADOPT_UNTYPED, 0)).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INSUFFICIENT_RIGHTS);
    // Length 127 (clamped to 32) of garbage on a QUERY for someone else.
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_QUERY_USAGE, 127), 77, ~Word{0}, ~Word{0}, ~Word{0}).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_INSUFFICIENT_RIGHTS);
    // Four unexpected caps on a RES label: dropped, none left in rsrcsrv.
    for (size_t i = 0; i < uapi::kMaxExtraCaps; ++i) trona::ipc_buffer()->caps[i] = kFree + 1;
    ASSERT_TRUE(trona::call(rsep, uapi::msginfo(RES_QUERY_USAGE, 1, 4), 0).ok());
    EXPECT_EQ(reply(0), uapi::TRONA_OK);
    // Still serving, through the stubs.
    trona::RsrcsrvClient rs;
    Word h = 0;
    EXPECT_EQ(rs.alloc_object(kResSelf, uapi::OBJ_ENDPOINT, 0, kSlot, &h), 0);
    ResUsage u;
    EXPECT_EQ(rs.query_usage(kResSelf, &u), 0);
    EXPECT_EQ(u, (ResUsage{64, 1}));
  });
  os.k.install(*a.cnode, kFree + 1, os.k.new_endpoint());
  ASSERT_TRUE(os.run());
  EXPECT_EQ(type_at(os.k, a, kSlot), uapi::OBJ_ENDPOINT);
  for (Word s = 59; s <= 63; ++s) EXPECT_EQ(object_at(os.k, os.rsrcsrv, s), nullptr) << "rsrcsrv slot " << s;
}

}  // namespace
