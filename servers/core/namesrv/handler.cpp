#include "core/namesrv/handler.h"

#include "proto/namesrv_server.h"

namespace namesrv {

namespace {

using namespace proto::namesrv;

// The handlers of the generated dispatch (uapi/proto/namesrv.idl).
struct Service {
  Registry& registry;

  uint64_t ns_register(const NsRegister::In& in, NsRegister::Reply&, proto::Call& call) {
    uint64_t st = Registry::check_name(in.name);
    if (st == uapi::TRONA_OK && in.endpoint == lib::kNoCap) st = uapi::TRONA_INVALID_CAPABILITY;
    uint64_t slot = 0;
    if (st == uapi::TRONA_OK) st = registry.add(in.name, &slot);
    if (st == uapi::TRONA_OK) call.keep_cap(slot);
    return st;
  }

  uint64_t ns_lookup(const NsLookup::In& in, NsLookup::Reply& out, proto::Call&) {
    uint64_t st = Registry::check_name(in.name);
    if (st == uapi::TRONA_OK) st = registry.lookup(in.name, &out.service);
    return st;
  }
};

}  // namespace

void handle(Registry& registry, const lib::Request& rq, lib::Reply* reply) {
  *reply = lib::Reply();
  Service s{registry};
  proto::namesrv::dispatch(s, rq, reply);
}

}  // namespace namesrv
