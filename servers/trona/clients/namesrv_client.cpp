#include "trona/clients/namesrv_client.h"

#include "trona/core/client.h"
#include "uapi/linux_numbers.h"
#include "uapi/namesrv.h"

namespace trona {

int NamesrvClient::register_endpoint(lib::Str name, uint64_t endpoint_slot) const {
  ClientRequest rq(uapi::namesrv::NS_REGISTER);
  if (!rq.push_inline(name)) return uapi::kEINVAL;
  rq.push_cap(endpoint_slot);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

int NamesrvClient::lookup(lib::Str name, uint64_t dest_slot) const {
  ClientRequest rq(uapi::namesrv::NS_LOOKUP);
  if (!rq.push_inline(name)) return uapi::kEINVAL;
  rq.receive_slot = dest_slot;
  rq.idempotent = true;
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

}  // namespace trona
