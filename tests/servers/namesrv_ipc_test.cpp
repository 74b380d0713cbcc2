// namesrv over real IPC in the simulator: clients use only the trona stubs
// (trona/clients/namesrv_client.h); an endpoint registered by one process and
// looked up by another is then really called.
#include <gtest/gtest.h>

#include <string>

#include "ipc_harness.h"
#include "trona/clients/namesrv_client.h"
#include "uapi/namesrv.h"

namespace {

using namespace ipct;
using uapi::SLOT_SELF_CNODE;

constexpr Word kEchoEp = kFree;          // the echo service's own endpoint
constexpr Word kReady = kFree + 1;       // notification: "echo is registered"
constexpr Word kReplyCap = kFree + 2;    // echo's saved reply cap
constexpr Word kLooked = kFree + 10;     // where clients receive looked-up caps

// The echo service: registers its endpoint as `name`, says so, answers one
// call (MR0 + 1, badge in MR1) through a saved reply cap, and ends.
void echo_once(const char* name) {
  trona::NamesrvClient ns;
  ASSERT_EQ(ns.register_endpoint(name, kEchoEp), 0);
  trona::signal(kReady, 1);  // an unbadged cap: the bits say it
  trona::SysResult r = trona::recv(kEchoEp);
  ASSERT_TRUE(r.ok()) << r.error;
  const uapi::IpcBuffer* ipc = trona::ipc_buffer();
  const Word got = ipc->mr(0);
  const Word badge = r.value;
  ASSERT_TRUE(trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_SAVE_CALLER, kReplyCap).ok());
  EXPECT_TRUE(trona::send(kReplyCap, uapi::msginfo(uapi::TRONA_OK, 2), got + 1, badge).ok());
}

TEST(NamesrvIpc, EndpointTransferredThroughNamesrvIsCallable) {
  SimOs os;
  Process echo = os.client("echo", kClientBadge + 1, [] { echo_once("echo"); });
  kmodel::Endpoint& echo_ep = os.k.new_endpoint();
  os.k.install(*echo.cnode, kEchoEp, echo_ep);
  Word reply = 0, seen_badge = 1;
  Process user = os.client("user", kClientBadge + 2, [&] {
    trona::wait(kReady);
    trona::NamesrvClient ns;
    ASSERT_EQ(ns.lookup("echo", kLooked), 0);
    trona::SysResult r = trona::call(kLooked, uapi::msginfo(7, 1), 41);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(trona::ipc_buffer()->msg[uapi::kIpcMsgLabel], uapi::TRONA_OK);
    reply = trona::ipc_buffer()->mr(0);
    seen_badge = trona::ipc_buffer()->mr(1);
  });
  os.share_notification({echo, user}, kReady);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(reply, 42u);
  EXPECT_EQ(seen_badge, 0u);  // the looked-up cap is an unbadged copy of echo's
  EXPECT_EQ(object_at(os.k, user, kLooked), &echo_ep);
  EXPECT_EQ(object_at(os.k, os.namesrv, 32), &echo_ep);  // namesrv keeps it at 32 + n
}

TEST(NamesrvIpc, ErrorsMapToErrno) {
  SimOs os;
  kmodel::Endpoint& ep = os.k.new_endpoint();
  Process p = os.client("c", kClientBadge + 1, [] {
    trona::NamesrvClient ns;
    EXPECT_EQ(ns.register_endpoint("svc", kEchoEp), 0);
    EXPECT_EQ(ns.register_endpoint("svc", kEchoEp), uapi::kEEXIST);
    EXPECT_EQ(ns.lookup("nope", kLooked), uapi::kENOENT);
    EXPECT_EQ(ns.lookup("SVC", kLooked), uapi::kENOENT);  // exact match
    const std::string n32(32, 'a'), n33(33, 'a');
    EXPECT_EQ(ns.register_endpoint(lib::Str(n32.data(), n32.size()), kEchoEp), 0);
    EXPECT_EQ(ns.register_endpoint(lib::Str(n33.data(), n33.size()), kEchoEp), uapi::kEINVAL);
    EXPECT_EQ(ns.lookup(lib::Str(n33.data(), n33.size()), kLooked), uapi::kEINVAL);
    const std::string huge(300, 'x');  // does not fit one message at all
    EXPECT_EQ(ns.lookup(lib::Str(huge.data(), huge.size()), kLooked), uapi::kEINVAL);
    EXPECT_EQ(ns.register_endpoint("", kEchoEp), uapi::kEINVAL);
    EXPECT_EQ(ns.register_endpoint("empty-slot", kFree + 50), uapi::kEBADF);  // nothing there
    // A minted (badged) cap has no GRANT: the kernel refuses to transfer it.
    ASSERT_TRUE(trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_MINT, kEchoEp, SLOT_SELF_CNODE, kFree + 3, 5).ok());
    EXPECT_EQ(ns.register_endpoint("badged", kFree + 3), uapi::kEACCES);
    // Lookup into an occupied slot: the reply's cap cannot be delivered.
    EXPECT_EQ(ns.lookup("svc", kEchoEp), uapi::kEIO);
    // ... and namesrv keeps serving.
    EXPECT_EQ(ns.lookup("svc", kLooked), 0);
    EXPECT_EQ(ns.lookup(lib::Str(n32.data(), n32.size()), kLooked + 1), 0);
  });
  os.k.install(*p.cnode, kEchoEp, ep);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(object_at(os.k, p, kLooked), &ep);
  EXPECT_EQ(object_at(os.k, p, kLooked + 1), &ep);
}

TEST(NamesrvIpc, TableOfThirtyTwoNamesThenOutOfMemory) {
  SimOs os;
  kmodel::Endpoint& ep = os.k.new_endpoint();
  Process p = os.client("c", kClientBadge + 1, [] {
    trona::NamesrvClient ns;
    for (int i = 0; i < 32; ++i) {
      std::string name = "svc" + std::to_string(i);
      EXPECT_EQ(ns.register_endpoint(lib::Str(name.data(), name.size()), kEchoEp), 0) << name;
    }
    EXPECT_EQ(ns.register_endpoint("one-more", kEchoEp), uapi::kENOMEM);
    EXPECT_EQ(ns.lookup("svc31", kLooked), 0);
  });
  os.k.install(*p.cnode, kEchoEp, ep);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(object_at(os.k, os.namesrv, 63), &ep);
  EXPECT_EQ(object_at(os.k, p, kLooked), &ep);
}

// Raw messages a broken client could send: every one is answered with an
// error (or dropped, for a SEND) and namesrv keeps serving.
TEST(NamesrvIpc, MalformedMessagesGetErrorsAndServerKeepsServing) {
  SimOs os;
  kmodel::Endpoint& ep = os.k.new_endpoint();
  auto status = [] { return trona::ipc_buffer()->msg[uapi::kIpcMsgLabel]; };
  Process p = os.client("garbage", kClientBadge + 1, [&] {
    const Word ns = uapi::SLOT_NAMESRV_EP;
    uapi::IpcBuffer* ipc = trona::ipc_buffer();
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(999, 3), 1, 2, 3).ok());
    EXPECT_EQ(status(), uapi::TRONA_INVALID_OPERATION);
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(0, 0)).ok());
    EXPECT_EQ(status(), uapi::TRONA_INVALID_OPERATION);
    ASSERT_TRUE(trona::call(ns, uapi::msginfo((Word{1} << 40) - 1, 0)).ok());  // largest label
    EXPECT_EQ(status(), uapi::TRONA_INVALID_OPERATION);
    // NS_REGISTER without MRs and without a cap.
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(uapi::namesrv::NS_REGISTER, 0)).ok());
    EXPECT_EQ(status(), uapi::TRONA_INVALID_ARGUMENT);
    // A name length far beyond the message / the limit.
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(uapi::namesrv::NS_LOOKUP, 2), 1000, 0x41).ok());
    EXPECT_EQ(status(), uapi::TRONA_INVALID_ARGUMENT);
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(uapi::namesrv::NS_LOOKUP, 2), ~Word{0}, 0x41).ok());
    EXPECT_EQ(status(), uapi::TRONA_INVALID_ARGUMENT);
    // Declared 20 bytes, message has 1 word of name.
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(uapi::namesrv::NS_LOOKUP, 2), 20, 0x41).ok());
    EXPECT_EQ(status(), uapi::TRONA_INVALID_ARGUMENT);
    // Length field 127 (the kernel clamps it to 32 MRs) full of garbage.
    for (size_t i = 4; i < uapi::kMaxMessageRegisters; ++i) ipc->mr(i) = 0xDEADBEEF;
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(uapi::namesrv::NS_LOOKUP, 127), 3, 0x636261).ok());
    EXPECT_EQ(status(), uapi::TRONA_NOT_FOUND);  // "abc" is simply not registered
    // NS_REGISTER with a valid name but no cap.
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(uapi::namesrv::NS_REGISTER, 2), 1, 'x').ok());
    EXPECT_EQ(status(), uapi::TRONA_INVALID_CAPABILITY);
    // Four caps with an unknown label: all are dropped, none left behind in
    // namesrv's receive slots (else the next transfer would fail).
    for (size_t i = 0; i < uapi::kMaxExtraCaps; ++i) ipc->caps[i] = kEchoEp;
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(77, 0, 4)).ok());
    EXPECT_EQ(status(), uapi::TRONA_INVALID_OPERATION);
    // Four caps on a valid NS_REGISTER: cap[0] is kept, the rest dropped.
    ASSERT_TRUE(trona::call(ns, uapi::msginfo(uapi::namesrv::NS_REGISTER, 2, 4), 1, 'y').ok());
    EXPECT_EQ(status(), uapi::TRONA_OK);
    // A SEND (no reply expected): namesrv's reply goes nowhere.
    EXPECT_TRUE(trona::send(ns, uapi::msginfo(uapi::namesrv::NS_LOOKUP, 2), 1, 'y').ok());
    // Still serving, through the stubs.
    trona::NamesrvClient nsc;
    EXPECT_EQ(nsc.register_endpoint("after", kEchoEp), 0);
    EXPECT_EQ(nsc.lookup("after", kLooked), 0);
    EXPECT_EQ(nsc.lookup("y", kLooked + 1), 0);
  });
  os.k.install(*p.cnode, kEchoEp, ep);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(object_at(os.k, p, kLooked), &ep);
  EXPECT_EQ(object_at(os.k, p, kLooked + 1), &ep);
  for (Word s = 27; s <= 31; ++s) EXPECT_EQ(object_at(os.k, os.namesrv, s), nullptr) << "namesrv slot " << s;
}

}  // namespace
