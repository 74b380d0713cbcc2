#include "core/namesrv/handler.h"

#include "lib/inline_string.h"

namespace namesrv {

namespace {

// The inline name of a request (MR0 length, MR1.. bytes).
uint64_t decode_name(const lib::Request& rq, char (&buf)[uapi::namesrv::kMaxNameLen], lib::Str* name) {
  size_t len = 0;
  if (lib::unpack_inline(rq.mr, rq.length, 0, buf, sizeof buf, &len) != lib::UnpackError::kOk)
    return uapi::TRONA_INVALID_ARGUMENT;
  *name = lib::Str(buf, len);
  return Registry::check_name(*name);
}

}  // namespace

void handle(Registry& registry, const lib::Request& rq, lib::Reply* reply) {
  *reply = lib::Reply();
  char buf[uapi::namesrv::kMaxNameLen];
  lib::Str name;
  uint64_t slot = 0;
  switch (rq.label) {
    case uapi::namesrv::NS_REGISTER: {
      uint64_t st = decode_name(rq, buf, &name);
      if (st == uapi::TRONA_OK && (rq.cap_count == 0 || rq.cap_slot == lib::kNoCap))
        st = uapi::TRONA_INVALID_CAPABILITY;
      if (st == uapi::TRONA_OK) st = registry.add(name, &slot);
      if (st == uapi::TRONA_OK) reply->keep_cap_at = slot;
      reply->status(st);
      return;
    }
    case uapi::namesrv::NS_LOOKUP: {
      uint64_t st = decode_name(rq, buf, &name);
      if (st == uapi::TRONA_OK) st = registry.lookup(name, &slot);
      if (st == uapi::TRONA_OK) reply->push_cap(slot);
      reply->status(st);
      return;
    }
    default:
      reply->status(uapi::TRONA_INVALID_OPERATION);
      return;
  }
}

}  // namespace namesrv
