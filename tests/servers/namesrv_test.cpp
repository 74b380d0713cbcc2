// namesrv: registry and the handler for every label, error paths included
// (kernel-abi.md §3.4).
#include <gtest/gtest.h>

#include <string>

#include "lib/inline_string.h"
#include "core/namesrv/handler.h"
#include "uapi/kernel_abi.h"
#include "uapi/namesrv.h"

namespace {

using lib::Reply;
using lib::Request;

constexpr uint64_t kRecvSlot = 31;

Request name_request(uint64_t label, const std::string& name, bool with_cap) {
  Request rq;
  rq.label = label;
  rq.length = lib::pack_inline(rq.mr, lib::kMaxMrs, 0, lib::Str(name.data(), name.size()));
  rq.badge = 0x1003;
  if (with_cap) {
    rq.cap_count = 1;
    rq.cap_slot = kRecvSlot;
  }
  return rq;
}

struct NameService {
  namesrv::Registry registry;

  Reply call(const Request& rq) {
    Reply rp;
    namesrv::handle(registry, rq, &rp);
    EXPECT_EQ(rp.length, 0u);  // status only, in the label
    EXPECT_TRUE(rp.send);
    return rp;
  }
  Reply reg(const std::string& name, bool with_cap = true) {
    return call(name_request(uapi::namesrv::NS_REGISTER, name, with_cap));
  }
  Reply lookup(const std::string& name) { return call(name_request(uapi::namesrv::NS_LOOKUP, name, false)); }
};

TEST(Namesrv, RegisterThenLookup) {
  NameService ns;
  Reply r = ns.reg("vfs");
  EXPECT_EQ(r.label, uapi::TRONA_OK);
  EXPECT_EQ(r.keep_cap_at, namesrv::kFirstNameSlot);  // slot 32 + n
  EXPECT_EQ(r.cap_count, 0u);
  Reply r2 = ns.reg("console");
  EXPECT_EQ(r2.keep_cap_at, namesrv::kFirstNameSlot + 1);

  Reply l = ns.lookup("console");
  EXPECT_EQ(l.label, uapi::TRONA_OK);
  ASSERT_EQ(l.cap_count, 1u);
  EXPECT_EQ(l.caps[0], namesrv::kFirstNameSlot + 1);
  EXPECT_EQ(l.keep_cap_at, lib::kNoCap);
}

TEST(Namesrv, NamesAreExactMatch) {
  NameService ns;
  ns.reg("vfs");
  EXPECT_EQ(ns.lookup("VFS").label, uapi::TRONA_NOT_FOUND);
  EXPECT_EQ(ns.lookup("vf").label, uapi::TRONA_NOT_FOUND);
  EXPECT_EQ(ns.lookup("vfs2").label, uapi::TRONA_NOT_FOUND);
}

TEST(Namesrv, LookupUnknownIsNotFound) {
  NameService ns;
  Reply r = ns.lookup("nobody");
  EXPECT_EQ(r.label, uapi::TRONA_NOT_FOUND);
  EXPECT_EQ(r.cap_count, 0u);
}

TEST(Namesrv, DuplicateRegisterIsAlreadyExistsAndDropsTheCap) {
  NameService ns;
  ns.reg("vfs");
  Reply r = ns.reg("vfs");
  EXPECT_EQ(r.label, uapi::TRONA_ALREADY_EXISTS);
  EXPECT_EQ(r.keep_cap_at, lib::kNoCap);  // the loop deletes the received cap
  EXPECT_EQ(ns.registry.size(), 1u);
}

TEST(Namesrv, NameLengthLimits) {
  NameService ns;
  std::string max(uapi::namesrv::kMaxNameLen, 'n');
  EXPECT_EQ(ns.reg(max).label, uapi::TRONA_OK);
  EXPECT_EQ(ns.lookup(max).label, uapi::TRONA_OK);
  EXPECT_EQ(ns.reg(max + "x").label, uapi::TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(ns.lookup(max + "x").label, uapi::TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(ns.reg("").label, uapi::TRONA_INVALID_ARGUMENT);
  EXPECT_EQ(ns.lookup("").label, uapi::TRONA_INVALID_ARGUMENT);
}

TEST(Namesrv, MessageShorterThanTheNameIsInvalid) {
  NameService ns;
  Request rq = name_request(uapi::namesrv::NS_REGISTER, "a-long-name", true);
  rq.length -= 1;  // drop the last name word
  EXPECT_EQ(ns.call(rq).label, uapi::TRONA_INVALID_ARGUMENT);
  Request empty;
  empty.label = uapi::namesrv::NS_LOOKUP;  // no MRs at all
  EXPECT_EQ(ns.call(empty).label, uapi::TRONA_INVALID_ARGUMENT);
}

TEST(Namesrv, RegisterWithoutCapIsInvalidCapability) {
  NameService ns;
  Reply r = ns.reg("vfs", /*with_cap=*/false);
  EXPECT_EQ(r.label, uapi::TRONA_INVALID_CAPABILITY);
  EXPECT_EQ(ns.lookup("vfs").label, uapi::TRONA_NOT_FOUND);
}

TEST(Namesrv, TableOf32ThenOutOfMemory) {
  NameService ns;
  for (size_t i = 0; i < namesrv::kMaxNames; ++i) {
    Reply r = ns.reg("svc" + std::to_string(i));
    ASSERT_EQ(r.label, uapi::TRONA_OK) << i;
    EXPECT_EQ(r.keep_cap_at, namesrv::kFirstNameSlot + i);
  }
  Reply r = ns.reg("one-too-many");
  EXPECT_EQ(r.label, uapi::TRONA_OUT_OF_MEMORY);
  EXPECT_EQ(r.keep_cap_at, lib::kNoCap);
  // A full table still answers lookups and refuses duplicates first.
  EXPECT_EQ(ns.reg("svc0").label, uapi::TRONA_ALREADY_EXISTS);
  Reply l = ns.lookup("svc31");
  EXPECT_EQ(l.label, uapi::TRONA_OK);
  EXPECT_EQ(l.caps[0], namesrv::kFirstNameSlot + 31);
}

TEST(Namesrv, UnknownLabelIsInvalidOperation) {
  NameService ns;
  Request rq = name_request(3, "vfs", true);
  Reply r = ns.call(rq);
  EXPECT_EQ(r.label, uapi::TRONA_INVALID_OPERATION);
  EXPECT_EQ(r.keep_cap_at, lib::kNoCap);
}

}  // namespace
