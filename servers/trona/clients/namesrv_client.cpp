#include "trona/clients/namesrv_client.h"

#include "proto/namesrv_client.h"

namespace trona {

int NamesrvClient::register_endpoint(lib::Str name, uint64_t endpoint_slot) const {
  return proto::namesrv::call(ep_, proto::namesrv::NsRegister::Request{name, endpoint_slot});
}

int NamesrvClient::lookup(lib::Str name, uint64_t dest_slot) const {
  return proto::namesrv::call(ep_, proto::namesrv::NsLookup::Request{name, dest_slot});
}

}  // namespace trona
