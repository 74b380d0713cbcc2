// The generated protocol code (tools/protogen from servers/uapi/proto/*.idl)
// on the host, without IPC: every protocol's server dispatch compiles and
// answers INVALID_OPERATION where a server has no handler (as the servers
// still to come will for the labels they do not serve yet), and the field
// kinds round-trip from the client's encode to the server's decode and
// back, with the malformed variants refused as proto/README.md says.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "proto/all.h"
#include "proto/blk_server.h"
#include "proto/console_server.h"
#include "proto/display_server.h"
#include "proto/dns_server.h"
#include "proto/driver_server.h"
#include "proto/mmsrv_server.h"
#include "proto/namesrv_server.h"
#include "proto/net_server.h"
#include "proto/pci_server.h"
#include "proto/posix_ttysrv_server.h"
#include "proto/posix_vfs_server.h"
#include "proto/procmgr_server.h"
#include "proto/rsrcsrv_server.h"
#include "proto/saltyfs_server.h"
#include "proto/vfs_server.h"
#include "proto/win32_server.h"

namespace {

struct NoHandlers {};

// lib::Request from what a client stub would send.
template <class Req>
lib::Request as_received(uint64_t label, const Req& m, uint64_t cap_slot = lib::kNoCap) {
  lib::Request rq;
  rq.label = label;
  uint64_t caps[uapi::kMaxExtraCaps] = {};
  size_t ncaps = 0;
  EXPECT_TRUE(encode(m, rq.mr, &rq.length, caps, &ncaps));
  rq.cap_count = ncaps;
  rq.cap_slot = ncaps != 0 ? cap_slot : lib::kNoCap;
  return rq;
}

template <class Dispatch>
void expect_all_invalid_operation(const proto::Protocol& p, Dispatch dispatch) {
  for (size_t i = 0; i < p.count; ++i) {
    lib::Request rq;
    rq.label = p.shapes[i].label;
    rq.length = 3;
    rq.mr[0] = 1;
    lib::Reply rp;
    rp.push(42);  // whatever was there is replaced
    dispatch(rq, &rp);
    EXPECT_EQ(rp.label, uapi::TRONA_INVALID_OPERATION) << p.name << " " << p.shapes[i].name;
    EXPECT_EQ(rp.length, 0u) << p.shapes[i].name;
    EXPECT_EQ(rp.cap_count, 0u) << p.shapes[i].name;
  }
}

#define SALTYSIM_NO_HANDLERS(ns)                                                              \
  TEST(GeneratedDispatch, ServerWithoutHandlersRefusesEveryLabel_##ns) {                   \
    NoHandlers s;                                                                           \
    expect_all_invalid_operation(proto::ns::kProtocol, [&](const lib::Request& rq, lib::Reply* rp) { \
      proto::ns::dispatch(s, rq, rp);                                                       \
    });                                                                                     \
  }
SALTYSIM_NO_HANDLERS(blk)
SALTYSIM_NO_HANDLERS(console)
SALTYSIM_NO_HANDLERS(display)
SALTYSIM_NO_HANDLERS(dns)
SALTYSIM_NO_HANDLERS(driver)
SALTYSIM_NO_HANDLERS(mmsrv)
SALTYSIM_NO_HANDLERS(namesrv)
SALTYSIM_NO_HANDLERS(net)
SALTYSIM_NO_HANDLERS(pci)
SALTYSIM_NO_HANDLERS(posix_ttysrv)
SALTYSIM_NO_HANDLERS(posix_vfs)
SALTYSIM_NO_HANDLERS(procmgr)
SALTYSIM_NO_HANDLERS(rsrcsrv)
SALTYSIM_NO_HANDLERS(saltyfs)
SALTYSIM_NO_HANDLERS(vfs)
SALTYSIM_NO_HANDLERS(win32)
#undef SALTYSIM_NO_HANDLERS

TEST(GeneratedDispatch, EveryProtocolIsListedOnceWithDistinctLabels) {
  size_t n = sizeof proto::kAllProtocols / sizeof proto::kAllProtocols[0];
  EXPECT_EQ(n, 16u);
  for (size_t k = 0; k < n; ++k) {
    const proto::Protocol& p = *proto::kAllProtocols[k];
    for (size_t i = 0; i < p.count; ++i)
      for (size_t j = i + 1; j < p.count; ++j) EXPECT_NE(p.shapes[i].label, p.shapes[j].label) << p.name;
  }
}

// str + optional cap (NS_REGISTER), a reply cap (NS_LOOKUP).
struct NamesrvEcho {
  std::string seen;
  uint64_t cap = 0;
  uint64_t ns_register(const proto::namesrv::NsRegister::In& in, proto::namesrv::NsRegister::Reply&, proto::Call&) {
    seen.assign(in.name.data, in.name.size);
    cap = in.endpoint;
    return uapi::TRONA_OK;
  }
  uint64_t ns_lookup(const proto::namesrv::NsLookup::In&, proto::namesrv::NsLookup::Reply& out, proto::Call&) {
    out.service = 77;
    return uapi::TRONA_OK;
  }
};

TEST(GeneratedCodec, InlineStringAndCapsRoundTrip) {
  using namespace proto::namesrv;
  NamesrvEcho s;
  lib::Reply rp;
  dispatch(s, as_received(NS_REGISTER, NsRegister::Request{"a-name-longer-than-eight", 9}, 27), &rp);
  EXPECT_EQ(rp.label, uapi::TRONA_OK);
  EXPECT_EQ(s.seen, "a-name-longer-than-eight");
  EXPECT_EQ(s.cap, 27u);  // the server slot the cap landed in
  rp = lib::Reply();
  dispatch(s, as_received(NS_LOOKUP, NsLookup::Request{"x", 5}), &rp);
  ASSERT_EQ(rp.cap_count, 1u);
  EXPECT_EQ(rp.caps[0], 77u);
}

TEST(GeneratedCodec, StringLongerThanItsMaximumOrTheMessageIsInvalidArgument) {
  using namespace proto::namesrv;
  NamesrvEcho s;
  lib::Reply rp;
  std::string long_name(uapi::namesrv::kMaxNameLen + 1, 'n');
  dispatch(s, as_received(NS_LOOKUP, NsLookup::Request{lib::Str(long_name.data(), long_name.size()), 5}), &rp);
  EXPECT_EQ(rp.label, uapi::TRONA_INVALID_ARGUMENT);
  lib::Request truncated = as_received(NS_LOOKUP, NsLookup::Request{"sixteen-bytes-xx", 5});
  truncated.length -= 1;  // the last word of the name is missing
  rp = lib::Reply();
  dispatch(s, truncated, &rp);
  EXPECT_EQ(rp.label, uapi::TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(s.seen, "");
}

// len()/tail pairs (PM_SPAWN: lengths in MR0 and MR4, path then args).
struct SpawnEcho {
  std::string path, args;
  uint64_t policy = 0, flags = 0, pre_ep = 0;
  uint64_t pm_spawn(const proto::procmgr::PmSpawn::In& in, proto::procmgr::PmSpawn::Reply& out, proto::Call&) {
    path.assign(in.path.data, in.path.size);
    args.assign(in.args.data, in.args.size);
    policy = in.policy;
    flags = in.flags;
    pre_ep = in.pre_ep;
    out.pid = 1234;
    return uapi::TRONA_OK;
  }
};

TEST(GeneratedCodec, LengthWordsAndTailsRoundTripAtTheirPositions) {
  using namespace proto::procmgr;
  SpawnEcho s;
  const char args[] = "-v\0x";
  PmSpawn::Request m{};
  m.policy = 3;
  m.flags = 0x10;
  m.path = "bin/hello";
  m.args = lib::Str(args, 4);
  lib::Request rq = as_received(PM_SPAWN, m);
  EXPECT_EQ(rq.mr[0], 9u);   // path length
  EXPECT_EQ(rq.mr[4], 4u);   // args length
  EXPECT_EQ(rq.mr[5] & 0xFF, static_cast<uint64_t>('b'));  // the path from MR5
  EXPECT_EQ(rq.cap_count, 0u);  // pre_ep unset: no cap sent
  lib::Reply rp;
  dispatch(s, rq, &rp);
  EXPECT_EQ(rp.label, uapi::TRONA_OK);
  EXPECT_EQ(s.path, "bin/hello");
  EXPECT_EQ(s.args, std::string(args, 4));
  EXPECT_EQ(s.policy, 3u);
  EXPECT_EQ(s.flags, 0x10u);
  EXPECT_EQ(s.pre_ep, lib::kNoCap);
  ASSERT_EQ(rp.length, 1u);
  EXPECT_EQ(rp.mr[0], 1234u);
  PmSpawn::Reply back;
  ASSERT_TRUE(decode(rp.mr, rp.length, &back));
  EXPECT_EQ(back.pid, 1234u);

  lib::Request lying = rq;
  lying.mr[4] = 4096;  // an args length beyond its maximum and the message
  rp = lib::Reply();
  s.path.clear();
  dispatch(s, lying, &rp);
  EXPECT_EQ(rp.label, uapi::TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(rp.length, 0u);
  EXPECT_EQ(s.path, "");  // the handler never ran
}

// error=shape (RES_ALLOC_OBJECT: handle, status, cap) and words().
struct RsrcEcho {
  uint64_t next = uapi::TRONA_OK;
  size_t entries = 0;
  uint64_t res_alloc_object(const proto::rsrcsrv::ResAllocObject::In&, proto::rsrcsrv::ResAllocObject::Reply& out,
                            proto::Call&) {
    out.handle = 5;
    out.object = 60;
    return next;
  }
};

TEST(GeneratedCodec, ErrorShapeRepliesEchoTheStatusAndSendNoCaps) {
  using namespace proto::rsrcsrv;
  RsrcEcho s;
  lib::Reply rp;
  dispatch(s, as_received(RES_ALLOC_OBJECT, ResAllocObject::Request{0, uapi::OBJ_ENDPOINT, 0, 0, 80}), &rp);
  ASSERT_EQ(rp.length, 2u);
  EXPECT_EQ(rp.mr[1], uapi::TRONA_OK);
  EXPECT_EQ(rp.cap_count, 1u);
  s.next = uapi::TRONA_OUT_OF_MEMORY;
  rp = lib::Reply();
  dispatch(s, as_received(RES_ALLOC_OBJECT, ResAllocObject::Request{0, uapi::OBJ_ENDPOINT, 0, 0, 80}), &rp);
  EXPECT_EQ(rp.label, uapi::TRONA_OUT_OF_MEMORY);
  ASSERT_EQ(rp.length, 2u);
  EXPECT_EQ(rp.mr[1], uapi::TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(rp.cap_count, 0u);
}

TEST(GeneratedCodec, CountedWordsBeyondTheirMaximumOrTheMessageAreRefused) {
  using namespace proto::rsrcsrv;
  ResAllocBatch::In in;
  lib::Request rq;
  rq.label = RES_ALLOC_BATCH;
  rq.length = 4;
  rq.mr[1] = 2;  // two entries, both present
  EXPECT_EQ(decode(rq, &in), uapi::TRONA_OK);
  EXPECT_EQ(in.entries_count, 2u);
  rq.mr[1] = 3;  // three claimed, two present
  EXPECT_EQ(decode(rq, &in), uapi::TRONA_INVALID_ARGUMENT);
  rq.length = 32;
  rq.mr[1] = uapi::rsrcsrv::kMaxBatch + 1;
  EXPECT_EQ(decode(rq, &in), uapi::TRONA_INVALID_ARGUMENT);
}

TEST(GeneratedCodec, ErrnoExceptionsComeFromTheDefinitions) {
  EXPECT_EQ(proto::procmgr::errno_override(uapi::procmgr::PM_WAIT, uapi::TRONA_NOT_FOUND), uapi::kECHILD);
  EXPECT_EQ(proto::procmgr::errno_override(uapi::procmgr::PM_KILL, uapi::TRONA_NOT_FOUND), uapi::kESRCH);
  EXPECT_EQ(proto::procmgr::errno_override(uapi::procmgr::PM_EXEC, uapi::TRONA_OUT_OF_RANGE), uapi::kE2BIG);
  EXPECT_EQ(proto::namesrv::errno_override(uapi::namesrv::NS_LOOKUP, uapi::TRONA_NOT_FOUND), 0);  // the common map
  EXPECT_EQ(proto::vfs::errno_override(uapi::vfs::VFS_READ, 0x5F00 + uapi::kEISDIR), uapi::kEISDIR);
}

}  // namespace
